"""``webinars demo``: the APEBI reference webinar and an upcoming one, loaded idempotently."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.factories import utc
from webinars.accounts.models import Membership, Organization, Role, User
from webinars.agenda.models import AgendaItem, AgendaKind
from webinars.events.models import Language, Webinar, WebinarPartner, WebinarStatus
from webinars.extensions import db
from webinars.people.models import Participation, ParticipationRole, Person
from webinars.timezones import to_local

PAST_SLUG = "offshoring-regionalise-2020"
UPCOMING_SLUG = "fes-meknes-territoire-digital"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def webinar(slug: str) -> Webinar:
    db.session.expire_all()  # see what the command committed, not what this session cached
    return db.session.scalar(select(Webinar).where(Webinar.slug == slug))


@pytest.fixture
def run_demo(runner, clock):
    def run(*args: str):
        return runner.invoke(args=["demo", *args])

    return run


def test_running_twice_gives_the_same_data(run_demo):
    assert run_demo().exit_code == 0
    result = run_demo()

    assert result.exit_code == 0, result.output
    assert count(Organization) == 1
    assert count(User) == 1
    assert count(Membership) == 1
    assert count(Webinar) == 2
    assert count(Person) == 4
    # Moderator and two speakers in each webinar, and the fictional speaker invited to the upcoming one.
    assert count(Participation) == 7
    assert count(AgendaItem) == 11
    assert count(WebinarPartner) == 2


def test_organization_and_organizer(run_demo, auth):
    run_demo()

    organization = db.session.scalar(select(Organization))
    assert (organization.name, organization.slug, organization.timezone) == (
        "APEBI — Pôle Offshoring", "apebi-pole-offshoring", "Africa/Casablanca",
    )
    membership = db.session.scalar(select(Membership))
    assert membership.user.email == "organizer@example.org"
    assert membership.role is Role.OWNER
    assert auth.login("organizer@example.org", "webinars-demo").status_code == 302


def test_the_2020_webinar(run_demo):
    run_demo()

    past = webinar(PAST_SLUG)
    assert past.title == "L'offshoring régionalisé : meilleure réponse aux opportunités post-Covid"
    assert past.status is WebinarStatus.PUBLISHED
    assert past.is_past_record
    assert past.language is Language.FR
    # 10:00 in Casablanca was 09:00 UTC in December 2020 (UTC+1 then).
    assert past.starts_at == utc(2020, 12, 18, 9, 0)
    assert past.ends_at == utc(2020, 12, 18, 11, 0)
    assert to_local(past.starts_at, past.timezone).hour == 10
    assert past.join_url.startswith("https://zoom.us/j/")

    roles = {p.person.full_name: p.role for p in past.participations}
    assert roles == {
        "Mohamed Benabbou": ParticipationRole.MODERATOR,
        "Yassine Tazi": ParticipationRole.SPEAKER,
        "Idriss Elasri": ParticipationRole.SPEAKER,
    }
    people = {p.person.full_name: p.person for p in past.participations}
    assert people["Yassine Tazi"].affiliation == "Centre régional d'investissement Fès-Meknès"
    assert people["Idriss Elasri"].affiliation == "Altran Maroc"
    assert [partner.name for partner in past.partners] == ["CRI Fès-Meknès"]


def test_the_2020_agenda_covers_ten_to_noon(run_demo):
    run_demo()

    items = webinar(PAST_SLUG).agenda_items
    assert items[0].starts_at == utc(2020, 12, 18, 9, 0)
    assert items[-1].ends_at == utc(2020, 12, 18, 11, 0)
    for earlier, later in zip(items, items[1:]):
        assert earlier.ends_at == later.starts_at  # no gap, no overlap
    kinds = [item.kind for item in items]
    assert kinds[0] is AgendaKind.OPENING and kinds[-1] is AgendaKind.CLOSING
    assert kinds.count(AgendaKind.TALK) == 2
    assert AgendaKind.SIGNING in kinds and AgendaKind.QA in kinds
    signing = next(item for item in items if item.kind is AgendaKind.SIGNING)
    assert "APEBI" in signing.title and "CRI Fès-Meknès" in signing.title


def test_the_upcoming_webinar_is_ahead_and_open(run_demo, clock):
    run_demo()

    upcoming = webinar(UPCOMING_SLUG)
    assert upcoming.status is WebinarStatus.PUBLISHED
    assert upcoming.starts_at > clock.current
    assert to_local(upcoming.starts_at, "Africa/Casablanca").hour == 10
    assert to_local(upcoming.starts_at, "Africa/Casablanca").weekday() < 5
    assert upcoming.ends_at - upcoming.starts_at == timedelta(minutes=90)
    assert upcoming.registration_opens_at <= clock.current < upcoming.registration_closes_at
    assert upcoming.registration_closes_at == upcoming.starts_at
    assert upcoming.capacity == 300
    assert not upcoming.join_url_is_public
    assert upcoming.moderator.person.full_name == "Mohamed Benabbou"


def test_a_second_run_keeps_the_upcoming_date(run_demo, clock):
    run_demo()
    first_start = webinar(UPCOMING_SLUG).starts_at

    clock.advance(days=3)
    run_demo()

    assert webinar(UPCOMING_SLUG).starts_at == first_start


def test_the_upcoming_webinar_moves_forward_once_past(run_demo, clock):
    run_demo()
    old_start = webinar(UPCOMING_SLUG).starts_at

    clock.set(old_start + timedelta(days=1))
    assert run_demo().exit_code == 0

    moved = webinar(UPCOMING_SLUG)
    assert moved.starts_at > clock.current
    assert moved.calendar_sequence == 1  # calendars that imported the old date get the new one
    assert moved.agenda_items[0].starts_at == moved.starts_at
    assert moved.registration_opens_at <= clock.current
    assert count(Webinar) == 2


def test_refuses_when_other_organizations_exist(run_demo):
    factories.make_organization("Another Association")

    result = run_demo()

    assert result.exit_code != 0
    assert "Another Association" in result.output
    assert "--force" in result.output
    assert count(Webinar) == 0
    assert db.session.scalar(select(Organization).where(Organization.slug == "apebi-pole-offshoring")) is None


def test_force_adds_the_demo_beside_other_organizations(run_demo):
    factories.make_organization("Another Association")

    result = run_demo("--force")

    assert result.exit_code == 0, result.output
    assert count(Organization) == 2
    assert count(Webinar) == 2


def test_prints_the_address_and_the_login(run_demo):
    result = run_demo()

    assert "http://localhost/" in result.output  # BASE_URL of the test configuration
    assert "organizer@example.org" in result.output
    assert "webinars-demo" in result.output


def test_home_page_lists_the_upcoming_webinar(run_demo, client):
    run_demo()

    html = client.get("/?lang=fr").get_data(as_text=True)

    upcoming = html.split('id="past-webinars-title"')[0]
    assert "Fès-Meknès, territoire digital" in upcoming
    assert "APEBI — Pôle Offshoring" in upcoming
    assert f'href="/webinars/{PAST_SLUG}"' in html.split('id="past-webinars-title"')[1]


def test_public_page_of_the_2020_webinar(run_demo, client):
    run_demo()

    html = client.get(f"/webinars/{PAST_SLUG}?lang=fr").get_data(as_text=True)

    assert "vendredi 18 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)" in html
    assert "Directeur général" in html
    assert "Centre régional d&#39;investissement Fès-Meknès" in html
    assert "Altran Maroc" in html
    assert "agenda-signing" in html
    assert "Signature de la convention de partenariat APEBI – CRI Fès-Meknès" in html
    assert "zoom.us" not in html  # the join link is not public


def test_the_reference_case_outlives_the_retention_job(run_demo):
    """`make run` starts a worker, whose sweep runs the retention job: the 2020 webinar keeps its registrants."""
    from webinars.privacy.retention import apply_retention
    from webinars.registration.models import Registration

    run_demo()

    apply_retention()

    past = webinar(PAST_SLUG)
    assert db.session.scalar(
        select(func.count()).select_from(Registration).where(Registration.webinar_id == past.id, Registration.anonymized_at.is_not(None))
    ) == 0
    assert db.session.scalar(select(func.count()).select_from(Registration).where(Registration.webinar_id == past.id)) > 0

def test_the_upcoming_webinar_has_a_speaker_invited_who_has_not_answered(app, run_demo, client, auth):
    from webinars.mail.models import OutboxMessage
    from webinars.people.models import ParticipationStatus

    run_demo()
    run_demo()  # invited once, whatever the number of runs

    upcoming = webinar(UPCOMING_SLUG)
    statuses = {p.person.full_name: p.status for p in upcoming.participations}
    assert statuses["Salma Berrada"] is ParticipationStatus.INVITED
    assert {statuses[name] for name in ("Mohamed Benabbou", "Yassine Tazi", "Idriss Elasri")} == {ParticipationStatus.ADDED}
    [invitation] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "speaker_invitation")).all()
    assert invitation.to_address == "salma.berrada@apebi.example"
    assert upcoming.speakers_join_url and upcoming.rehearsal_starts_at < upcoming.starts_at
    assert "Salma Berrada" not in client.get(f"/webinars/{UPCOMING_SLUG}").get_data(as_text=True)

    auth.login("organizer@example.org", "webinars-demo")
    lineup = client.get(f"/manage/webinars/{upcoming.id}/people?lang=en").get_data(as_text=True)
    assert "Invited, no answer yet" in lineup and "Confirmed by the organizer" in lineup
    overview = client.get(f"/manage/webinars/{upcoming.id}?lang=en").get_data(as_text=True)
    assert "Salma Berrada (speaker): invited, no answer yet" in overview
