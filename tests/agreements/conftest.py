"""Fixtures for agreements: templates of both kinds, and a webinar with a moderator and two speakers."""

from __future__ import annotations

import pytest

from tests import factories
from tests.agreements.helpers import CONVENTION_BODY, RELEASE_BODY, make_template
from webinars.agreements.models import AgreementKind
from webinars.events.models import Language
from webinars.people.models import ParticipationRole


@pytest.fixture
def release_template(organizer):
    return make_template(
        organizer.organization, AgreementKind.RELEASE, "Autorisation d'enregistrement — {{person.full_name}}", RELEASE_BODY
    )


@pytest.fixture
def convention_template(organizer):
    return make_template(
        organizer.organization, AgreementKind.CONVENTION, "Convention de partenariat — {{webinar.title}}", CONVENTION_BODY
    )


@pytest.fixture
def webinar(organizer, clock):
    """A webinar in two weeks: a moderator without e-mail address, and two speakers with one."""
    organization = organizer.organization
    # In English, so the e-mails and the PDF (in the webinar's language) read as the assertions expect.
    webinar = factories.make_webinar(organization, title="L'offshoring régionalisé", language=Language.EN)
    factories.add_participant(
        webinar,
        factories.make_person(organization, "Mohamed Benabbou", position="Modérateur", email=None),
        ParticipationRole.MODERATOR,
    )
    factories.add_participant(
        webinar, factories.make_person(organization, "Yassine Tazi", position="Directeur général", email="tazi@example.org")
    )
    factories.add_participant(
        webinar,
        factories.make_person(
            organization, "Idriss Elasri", position="Directeur général", affiliation="Altran Maroc", email="elasri@example.org"
        ),
    )
    return webinar
