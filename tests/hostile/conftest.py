"""The hostile walk posts as a browser does: with the CSRF token of the page."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}
