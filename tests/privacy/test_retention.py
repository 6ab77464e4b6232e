"""The retention job: registrants' data anonymized once the organization's period after the webinar is
over, with counts, tallies and the summary unchanged; run by the workers' sweep once a day."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.factories import utc
from tests.privacy.scenario import (
    AFTER_RETENTION,
    ANSWER,
    EMAIL,
    FIRST_NAME,
    LAST_NAME,
    ONE_DAY_BEFORE_THE_END_OF_RETENTION,
    REPORT_EMAIL,
    STRANGER,
    registrant_everywhere,
    tables_mentioning,
    upcoming_webinar,
)
from webinars.accounts.models import Invitation, PasswordReset, Role
from webinars.agreements.models import Agreement
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.personal_links.models import PersonalLink
from webinars.privacy import registry
from webinars.privacy.declarations import Handling
from webinars.privacy.retention import apply_retention, claim_run, months_before, run_retention_if_due
from webinars.registration.models import Answer, Registration, RegistrationState, UnmatchedAttendance
from webinars.registration.tallies import tally_of
from webinars.reminders.models import ReminderDelivery
from webinars.summaries.models import FollowUp


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def reload(registration: Registration) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


@pytest.fixture
def webinar(app, clock):
    return upcoming_webinar()


def test_the_data_stays_until_the_period_is_over(webinar, clock):
    registration, _token = registrant_everywhere(webinar, clock)
    clock.set(ONE_DAY_BEFORE_THE_END_OF_RETENTION)

    report = apply_retention()

    assert report.rows == {}
    registration = reload(registration)
    assert (registration.email, registration.first_name) == (EMAIL, FIRST_NAME)
    assert registration.anonymized_at is None


def test_after_the_period_the_registrant_is_anonymous_and_the_counts_stay(webinar, clock):
    registration, _token = registrant_everywhere(webinar, clock)
    factories.make_registration(webinar, state=RegistrationState.WAITLISTED)
    factories.make_registration(webinar, state=RegistrationState.CANCELLED)
    counts_before = tally_of(webinar.id).counts
    clock.set(AFTER_RETENTION)

    report = apply_retention()

    assert report.webinars == 1
    registration = reload(registration)
    assert registration.anonymized_at == AFTER_RETENTION
    assert (registration.first_name, registration.last_name) == ("", "")
    assert registration.email.endswith("@erased.invalid") and EMAIL not in registration.email
    assert (registration.affiliation, registration.job_title, registration.country, registration.city) == (None,) * 4
    # What counts and figures are made of stays.
    assert registration.state is RegistrationState.CONFIRMED
    assert (registration.attended, registration.minutes_in_session) == (True, 95)
    assert tally_of(webinar.id).counts == counts_before
    assert count(Registration, Registration.webinar_id == webinar.id) == 3
    assert count(Registration, Registration.webinar_id == webinar.id, Registration.anonymized_at.is_(None)) == 0
    # Everything else about her goes: answers, links (tokens), e-mails, reminders, follow-ups, report rows.
    assert count(Answer) == 0
    assert count(PersonalLink, PersonalLink.registration_id.is_not(None)) == 0
    assert count(OutboxMessage, OutboxMessage.webinar_id == webinar.id) == 0
    assert count(ReminderDelivery) == 0
    assert count(FollowUp) == 0
    assert count(UnmatchedAttendance) == 0


def test_afterwards_no_table_but_the_legal_records_mentions_the_registrant(webinar, clock):
    speaker = next(participation.person for participation in webinar.participations)
    factories.make_completed_convention(webinar, parties=(("APEBI", "Karim Alaoui"), ("CRI", "Yassine Tazi")))
    registrant_everywhere(webinar, clock)
    markers = (EMAIL, FIRST_NAME, LAST_NAME, REPORT_EMAIL, STRANGER, ANSWER, speaker.email)
    before = tables_mentioning(*markers)
    # The scenario really put her everywhere.
    assert {"registrations", "answers", "outbox_messages", "attendance_unmatched", "people"} <= set(before)
    clock.set(AFTER_RETENTION)

    apply_retention()

    db.session.expire_all()
    left = tables_mentioning(*markers)
    legal = {declaration.table for declaration in registry.DECLARATIONS if declaration.handling is Handling.LEGAL_RECORD}
    assert {table: found for table, found in left.items() if table not in legal} == {}
    # The agreement and its signatures are legal records: kept.
    assert "agreement_signatories" in tables_mentioning("Karim Alaoui")
    assert db.session.scalar(select(Agreement.pdf)) is not None


def test_the_period_is_the_organizations(clock, app):
    short = factories.make_organization("Short memory", retention_months=3)
    usual = factories.make_organization("Usual memory")
    webinars = {organization.id: upcoming_webinar(organization) for organization in (short, usual)}
    registrations = {
        organization.id: factories.make_registration(webinars[organization.id], email=f"someone@{organization.slug}.example")
        for organization in (short, usual)
    }
    clock.set(utc(2027, 2, 17, 12, 0))  # three months and a day after the webinars

    apply_retention()

    assert reload(registrations[short.id]).is_anonymized
    assert not reload(registrations[usual.id]).is_anonymized


def test_a_second_run_finds_nothing_to_do(webinar, clock):
    registrant_everywhere(webinar, clock)
    clock.set(AFTER_RETENTION)
    assert apply_retention().rows["registrations"] == 1

    again = apply_retention()

    assert again.webinars == 0 and again.rows == {}


def test_rows_that_are_not_a_webinars_follow_the_organizations_period(app, clock):
    organization = factories.make_organization("APEBI")
    owner = factories.make_user(organization, email="owner@apebi.example")
    old_speaker = factories.make_person(organization, "Old Speaker", email="old.speaker@example.org", bio="Bio")
    recent_speaker = factories.make_person(organization, "Recent Speaker", email="recent.speaker@example.org")
    past = upcoming_webinar(organization)
    factories.add_participant(past, old_speaker)
    later = upcoming_webinar(organization, starts_at=utc(2027, 11, 1, 9, 0))
    factories.add_participant(later, recent_speaker)
    db.session.add_all(
        [
            Invitation(organization_id=organization.id, email="expired@apebi.example", role=Role.ORGANIZER,
                       expires_at=utc(2026, 11, 5, 0, 0)),
            Invitation(organization_id=organization.id, email="recent@apebi.example", role=Role.ORGANIZER,
                       expires_at=utc(2027, 11, 20, 0, 0)),
            PasswordReset(user_id=owner.id, token_hash="a" * 64, expires_at=utc(2026, 11, 2, 10, 0)),
        ]
    )
    from webinars.mail.service import add_to_outbox

    add_to_outbox(kind="invitation", organization_id=organization.id, sender_name="APEBI", to_address="expired@apebi.example",
                  language="fr", subject="Invitation", text_body="Rejoignez-nous", html_body="<p>Rejoignez-nous</p>")
    db.session.commit()
    from webinars.mail.delivery import deliver_due

    deliver_due()
    clock.set(AFTER_RETENTION)

    report = apply_retention()

    db.session.expire_all()
    assert [invitation.email for invitation in db.session.scalars(select(Invitation))] == ["recent@apebi.example"]
    assert count(PasswordReset) == 0
    assert count(OutboxMessage, OutboxMessage.to_address == "expired@apebi.example") == 0
    old = db.session.get(type(old_speaker), old_speaker.id)
    assert (old.full_name, old.email, old.bio) == ("Old Speaker", None, None), "the programme keeps the name"
    assert db.session.get(type(recent_speaker), recent_speaker.id).email == "recent.speaker@example.org"
    assert report.rows["invitations"] == 1 and report.rows["people"] >= 1


# --- From the workers' sweep, once a day ------------------------------------------------------------


def test_the_sweep_runs_the_job(app):
    assert run_retention_if_due in app.extensions["periodic_jobs"]


def test_the_sweep_runs_it_once_per_day_whatever_the_number_of_sweeps(webinar, clock):
    first = factories.make_registration(webinar, email="first@example.org")
    clock.set(utc(2027, 11, 16, 12, 0))  # the webinar's 12 months are over since 11:00
    assert run_retention_if_due().rows["registrations"] == 1, "the first sweep runs it"
    assert reload(first).is_anonymized
    late = factories.make_registration(webinar, email="late@example.org")  # added by hand, say
    for minutes in range(0, 23 * 60, 7 * 60):  # sweeps all day long
        clock.set(utc(2027, 11, 16, 12, 0) + timedelta(minutes=minutes + 1))
        assert run_retention_if_due() is None, "not a day since the last run"
    assert not reload(late).is_anonymized

    clock.set(utc(2027, 11, 17, 12, 0))

    assert run_retention_if_due().rows["registrations"] == 1
    assert reload(late).is_anonymized


class TestAShorterPeriod:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RETENTION_JOB_INTERVAL_MINUTES": 60}

    def test_the_interval_is_a_setting(self, app, clock):
        assert run_retention_if_due() is not None
        clock.advance(minutes=59)
        assert run_retention_if_due() is None
        clock.advance(minutes=1)
        assert run_retention_if_due() is not None


def test_two_workers_sweeping_at_once_run_it_once(app, clock):
    def sweep(_):
        with app.app_context():
            claimed = claim_run(clock.now())
            db.session.remove()
            return claimed

    with ThreadPoolExecutor(max_workers=2) as pool:
        claims = list(pool.map(sweep, range(2)))
    assert sorted(claims) == [False, True]


def test_a_failing_job_does_not_stop_the_sweep(app, clock, monkeypatch):
    def broken(now=None):
        raise RuntimeError("database went away")

    monkeypatch.setattr("webinars.privacy.retention.apply_retention", broken)

    assert run_retention_if_due() is None  # logged, and the sweep goes on to deliver mail


def test_months_are_calendar_months():
    assert months_before(utc(2027, 3, 31, 10, 0), 1) == utc(2027, 2, 28, 10, 0)
    assert months_before(utc(2027, 11, 16, 11, 0), 12) == utc(2026, 11, 16, 11, 0)
    assert months_before(utc(2027, 1, 15, 0, 0), 3) == utc(2026, 10, 15, 0, 0)
