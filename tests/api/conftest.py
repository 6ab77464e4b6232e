from __future__ import annotations

import pytest

from tests import factories
from tests.api.helpers import Api, new_token


@pytest.fixture
def organization(app):
    return factories.make_organization("APEBI — Pôle Offshoring", timezone="Africa/Casablanca")


@pytest.fixture
def api(client, organization) -> Api:
    """A client sending a read and write token of ``organization``."""
    return Api(client, new_token(organization))
