"""Large webinars' figures are reused until a registration changes, and never served stale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale

from tests import factories
from tests.statements import recorded_statements
from webinars.extensions import db
from webinars.registration.models import Answer, Question, QuestionKind, Registration, RegistrationState
from webinars.summaries.attendance import attendance_figures
from webinars.summaries.breakdowns import breakdowns


@pytest.fixture
def webinar(app, clock):
    app.config["SUMMARY_FIGURES_CACHE_FROM"] = 3  # the rule of large webinars, on a small one
    organization = factories.make_organization()
    webinar = factories.make_webinar(organization, starts_at=clock.now() - timedelta(days=1), capacity=50)
    for number in range(4):
        factories.make_registration(webinar, affiliation="CRI Fès-Meknès", email=f"r{number}@example.org")
    return webinar


def statements_of_reading(webinar) -> int:
    with recorded_statements() as statements:
        attendance_figures(webinar)
    return len(statements)


def test_unchanged_registrations_are_not_counted_again(webinar):
    first = statements_of_reading(webinar)
    second = statements_of_reading(webinar)

    assert second < first, "the second reading only checks that nothing changed"
    assert attendance_figures(webinar).confirmed == 4


def test_a_change_shows_at_once(webinar, clock):
    assert attendance_figures(webinar).attendees == 0
    assert breakdowns(webinar, public=False)[0].groups[0].count == 4

    registration = db.session.scalars(db.select(Registration).where(Registration.webinar_id == webinar.id)).first()
    registration.attended = True
    registration.affiliation = "Altran Maroc"
    db.session.commit()

    assert attendance_figures(webinar).attendees == 1
    assert {group.label: group.count for group in breakdowns(webinar, public=False)[0].groups} == {
        "CRI Fès-Meknès": 3,
        "Altran Maroc": 1,
    }


def test_answers_written_on_their_own_are_seen(webinar):
    question = Question(webinar_id=webinar.id, label="Secteur ?", kind=QuestionKind.SINGLE_CHOICE, choices_text="IT\nBanque")
    db.session.add(question)
    db.session.commit()
    before = {g.label: g.count for g in breakdowns(webinar, public=False)[-1].groups}

    registration = db.session.scalars(db.select(Registration).where(Registration.webinar_id == webinar.id)).first()
    db.session.add(Answer(registration_id=registration.id, question_id=question.id, value="IT"))
    db.session.commit()

    after = {g.label: g.count for g in breakdowns(webinar, public=False)[-1].groups}
    assert after != before and after["IT"] == 1


def test_new_and_cancelled_registrations_count(webinar, clock):
    assert attendance_figures(webinar).confirmed == 4
    factories.make_registration(webinar, email="late@example.org")
    assert attendance_figures(webinar).confirmed == 5

    late = db.session.scalars(db.select(Registration).where(Registration.email == "late@example.org")).one()
    late.state = RegistrationState.CANCELLED
    db.session.commit()
    figures = attendance_figures(webinar)
    assert (figures.confirmed, figures.cancelled) == (4, 1)

    db.session.delete(late)
    db.session.commit()
    figures = attendance_figures(webinar)
    assert (figures.confirmed, figures.cancelled) == (4, 0)


def test_the_capacity_and_question_labels_are_always_current(webinar):
    question = Question(webinar_id=webinar.id, label="Secteur ?", kind=QuestionKind.YES_NO, position=0)
    db.session.add(question)
    db.session.flush()
    for registration in db.session.scalars(db.select(Registration).where(Registration.webinar_id == webinar.id)):
        db.session.add(Answer(registration_id=registration.id, question_id=question.id, value="yes"))
    db.session.commit()
    assert attendance_figures(webinar).capacity == 50
    assert breakdowns(webinar, public=False)[-1].title == "Secteur ?"

    webinar.capacity = 80
    question.label = "Travaillez-vous dans l'offshoring ?"
    db.session.commit()

    assert attendance_figures(webinar).capacity == 80
    assert breakdowns(webinar, public=False)[-1].title == "Travaillez-vous dans l'offshoring ?"


def test_each_language_has_its_own_labels(webinar):
    factories.make_registration(webinar, country="MA", email="ma@example.org")

    with force_locale("fr"):
        french = [g.label for b in breakdowns(webinar, public=False) if b.key == "country" for g in b.groups]
    with force_locale("en"):
        english = [g.label for b in breakdowns(webinar, public=False) if b.key == "country" for g in b.groups]

    assert french == ["Maroc"] and english == ["Morocco"]
