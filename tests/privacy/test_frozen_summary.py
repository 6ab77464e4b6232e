"""A summary reads the same after its registrants' data is anonymized: its figures and breakdowns
were frozen just before (webinars/summaries/frozen.py)."""

from __future__ import annotations

import re
from io import BytesIO

import pypdf
import pytest
from sqlalchemy import select

from tests import factories
from tests.factories import utc
from tests.privacy.scenario import AFTER_RETENTION
from tests.registration.attendees import add_question
from webinars.events.models import Language, WebinarStatus
from webinars.extensions import db
from webinars.privacy.retention import apply_retention
from webinars.registration.models import Answer, QuestionKind, Registration, RegistrationState
from webinars.summaries import public_choices, service
from webinars.summaries.breakdowns import breakdown_counts
from webinars.summaries.models import Summary

STARTS = utc(2026, 10, 20, 10, 0)
# (organization, city, job title, sector) of confirmed registrants: groups of five or more show publicly.
PEOPLE = [("Grande Entreprise SA", "Fès", "Directrice", "BPO")] * 6 + [("Toute Petite SARL", "Meknès", "Gérant", "IT")] * 2
PEOPLE += [("Université", "Rabat", "Chercheur", "BPO")] * 5


@pytest.fixture
def visit(app, client):
    def get(url: str, **kwargs):
        with app.app_context():
            return client.get(url, **kwargs)

    return get


@pytest.fixture
def webinar(organizer, clock):
    webinar = factories.make_publishable_webinar(
        organizer.organization, title="L'offshoring régionalisé", slug="offshoring", status=WebinarStatus.PUBLISHED,
        starts_at=STARTS, language=Language.FR,
    )
    sector = add_question(webinar, "Secteur", QuestionKind.SINGLE_CHOICE, choices=["BPO", "IT"])
    topics = add_question(webinar, "Sujets", QuestionKind.MULTIPLE_CHOICE, choices=["Talents", "Export"], position=1)
    member = add_question(webinar, "Membre ?", QuestionKind.YES_NO, position=2)
    for number, (affiliation, city, job, chosen) in enumerate(PEOPLE):
        registration = factories.make_registration(
            webinar, affiliation=affiliation, city=city, job_title=job, country="MA" if number % 3 else "FR",
            attended=number % 2 == 0, minutes_in_session=20 + number * 7 if number % 2 == 0 else None,
            created_at=STARTS - (number + 1) * (STARTS - utc(2026, 10, 6, 0, 0)) / len(PEOPLE),
        )
        db.session.add_all(
            [
                Answer(registration_id=registration.id, question_id=sector.id, value=chosen),
                Answer(registration_id=registration.id, question_id=member.id, value="yes" if number % 2 else "no"),
                *[Answer(registration_id=registration.id, question_id=topics.id, value=topic)
                  for topic in (["Talents", "Export"] if number % 3 == 0 else ["Talents"])],
            ]
        )
    factories.make_registration(webinar, state=RegistrationState.WAITLISTED, affiliation="Attente SA")
    factories.make_registration(webinar, state=RegistrationState.CANCELLED, affiliation="Partie SA")
    summary = service.summary_for(webinar)
    service.save_article(summary, "Retour sur l'offshoring", "Un **article**.")
    public_choices.choose_public_breakdowns(summary, {"affiliation", "country", "city", "job_title", "no_shows"})
    service.publish(summary, utc(2026, 11, 1, 9, 0))
    db.session.commit()
    return webinar


def figures_section(html: str) -> str:
    match = re.search(r'<section aria-labelledby="figures-heading">.*?</section>', html, re.S)
    assert match, "no figures on the page"
    return match.group(0)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(data)).pages)


def without_csrf_tokens(html: str) -> str:
    """A page's CSRF tokens (the sign-out form's) are signed with the time: not what the test compares."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', html)


def everything_shown(visit, webinar) -> dict[str, str]:
    shown = {}
    for language in ("fr", "en"):
        shown[f"public {language}"] = without_csrf_tokens(
            visit(f"/webinars/offshoring/summary?lang={language}").get_data(as_text=True)
        )
        organizer_page = visit(f"/manage/webinars/{webinar.id}/summary?lang={language}").get_data(as_text=True)
        shown[f"organizer {language}"] = figures_section(organizer_page)
    shown["markdown"] = visit("/webinars/offshoring/summary.md").get_data(as_text=True)
    shown["pdf"] = pdf_text(visit("/webinars/offshoring/summary.pdf").data)
    return shown


def test_the_summary_reads_the_same_after_the_data_behind_it_is_anonymized(visit, webinar, clock):
    before = everything_shown(visit, webinar)
    assert "Grande Entreprise SA" in before["public fr"] and "Université" in before["organizer en"]
    assert "Toute Petite SARL" in before["organizer fr"] and "Toute Petite SARL" not in before["public fr"]
    clock.set(AFTER_RETENTION)

    apply_retention()

    db.session.expire_all()
    assert db.session.scalars(select(Registration.affiliation).where(Registration.webinar_id == webinar.id)).all() == [None] * 15
    assert db.session.scalar(select(Answer.id)) is None
    after = everything_shown(visit, webinar)
    for what in before:
        assert after[what] == before[what], f"the {what} changed"


def test_figures_are_frozen_once_from_the_data_as_it_was(webinar, clock):
    counted = breakdown_counts(webinar)
    clock.set(AFTER_RETENTION)

    apply_retention()

    summary = db.session.scalar(select(Summary).where(Summary.webinar_id == webinar.id))
    assert summary.figures_frozen_at == AFTER_RETENTION
    from webinars.summaries.frozen import frozen_figures_of

    assert frozen_figures_of(webinar.id).breakdown_counts == counted
    assert breakdown_counts(webinar).fields == {"affiliation": [], "country": [], "city": [], "job_title": []}
    apply_retention()
    assert frozen_figures_of(webinar.id).breakdown_counts == counted, "not frozen again from the anonymized rows"


def test_a_webinar_nobody_summarized_gets_its_figures_frozen_too(organizer, clock):
    webinar = factories.make_publishable_webinar(organizer.organization, status=WebinarStatus.PUBLISHED, starts_at=STARTS)
    factories.make_registration(webinar, affiliation="APEBI", city="Fès")
    clock.set(AFTER_RETENTION)

    apply_retention()

    from webinars.summaries.frozen import frozen_figures_of

    frozen = frozen_figures_of(webinar.id)
    assert frozen.breakdown_counts.fields["city"] == [("Fès", 1)]
    assert frozen.attendance.confirmed == 1
