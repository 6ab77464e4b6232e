"""An owner erases one person by e-mail address across the organization's webinars, from the
organization's Personal data page: a preview, then the erasure, audited without the address."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests import factories
from tests.factories import utc
from tests.privacy.scenario import EMAIL, REPORT_EMAIL, register, registrant_everywhere, tables_mentioning, upcoming_webinar
from webinars.accounts.models import Invitation, Role
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.privacy.erasure import address_digest
from webinars.privacy.models import ErasureRecord, ErasureRequester
from webinars.registration.models import Registration, RegistrationState, UnmatchedAttendance


def page(organizer) -> str:
    return f"/manage/{organizer.organization.slug}/personal-data"


def erase_url(organizer) -> str:
    return f"/manage/{organizer.organization.slug}/personal-data/erase"


def registrations_of(address: str) -> list[Registration]:
    db.session.expire_all()
    return list(db.session.scalars(select(Registration).where(Registration.email == address)))


@pytest.fixture
def held(organizer, clock):
    """One person in two webinars: everywhere in a past one (where she also signed a convention), with the
    only seat of an upcoming one (someone waits behind her); she also has a speaker profile and an invitation."""
    past = upcoming_webinar(organizer.organization)
    factories.make_completed_convention(past, parties=(("APEBI", "Karim Alaoui"), ("CRI Fès-Meknès", "Aminata Zoubeirou")))
    past_registration, _token = registrant_everywhere(past, clock)
    # The convention's signatory used her address.
    from webinars.agreements.models import Signatory

    db.session.execute(
        Signatory.__table__.update().where(Signatory.full_name == "Aminata Zoubeirou").values(email=EMAIL)
    )
    coming = upcoming_webinar(organizer.organization, starts_at=utc(2026, 12, 10, 9, 0), capacity=1)
    coming_registration, _token = register(coming)
    waiting, _token = register(coming, "waiting@example.org", first_name="Wassim", last_name="Attente")
    speaker = factories.make_person(organizer.organization, "Aminata Zoubeirou", email=EMAIL, bio="Directrice à Fès")
    db.session.add(Invitation(organization_id=organizer.organization.id, email=EMAIL, role=Role.ORGANIZER,
                              expires_at=utc(2026, 12, 1, 0, 0)))
    db.session.commit()
    return factories.Namespace(past=past, coming=coming, waiting=waiting, speaker=speaker,
                               registrations=[past_registration, coming_registration])


def test_the_dashboard_links_to_the_page_which_says_how_long_data_is_kept(client, organizer):
    dashboard = client.get(f"/manage/{organizer.organization.slug}/webinars?lang=en").get_data(as_text=True)
    assert f'href="{page(organizer)}"' in dashboard

    response = client.get(page(organizer) + "?lang=en")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "anonymized 12 months after each webinar ends" in html
    assert "Signed agreements are legal records" in html
    assert 'name="email"' in html


def test_organizers_see_the_page_but_only_owners_erase(client, auth, organizer, held):
    colleague = factories.make_user(organizer.organization, email="colleague@example.org", role=Role.ORGANIZER)
    auth.logout()
    auth.login(colleague.email)

    html = client.get(page(organizer) + "?lang=en").get_data(as_text=True)

    assert "Only the organization's owners can erase" in html and 'name="email"' not in html
    assert client.post(erase_url(organizer), data={"email": EMAIL, "confirmed": "1"}).status_code == 403
    assert all(not registration.is_anonymized for registration in registrations_of(EMAIL))


def test_another_organization_cannot_reach_the_page(client, auth, organizer, held):
    stranger = factories.make_user(factories.make_organization(), email="stranger@example.org")
    auth.logout()
    auth.login(stranger.email)

    assert client.get(page(organizer)).status_code == 404
    assert client.post(erase_url(organizer), data={"email": EMAIL, "confirmed": "1"}).status_code == 404
    assert len(registrations_of(EMAIL)) == 2


def test_the_preview_says_what_will_go_and_what_stays_and_changes_nothing(client, organizer, held):
    response = client.post(erase_url(organizer) + "?lang=en", data={"email": "  Amina.Alaoui@Registrant.example "})

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Erase the data of amina.alaoui@registrant.example?" in html
    assert "<td>Registrations</td><td>2</td>" in html
    assert "<td>Speaker profiles</td><td>1</td>" in html
    assert "<td>Invitations to join the organization</td><td>1</td>" in html
    assert "Kept, because signed agreements are legal records:" in html
    assert "<td>Signatures of agreements</td><td>1</td>" in html
    assert "This cannot be undone." in html
    assert len(registrations_of(EMAIL)) == 2
    assert db.session.scalar(select(func.count()).select_from(ErasureRecord)) == 0


def test_erasing_reaches_every_webinar_frees_the_seat_and_keeps_the_agreement(client, organizer, held, mail_via_smtp):
    mails_before = len(mail_via_smtp.messages_to(EMAIL))

    response = client.post(erase_url(organizer), data={"email": EMAIL, "confirmed": "1"})

    [record] = db.session.scalars(select(ErasureRecord)).all()
    assert response.status_code == 302
    assert response.headers["Location"] == f"{page(organizer)}/erasures/{record.id}"
    assert registrations_of(EMAIL) == []
    past, coming = (db.session.get(Registration, registration.id) for registration in held.registrations)
    assert past.is_anonymized and coming.is_anonymized
    assert past.state is RegistrationState.CONFIRMED and past.attended, "the past webinar's counts stay"
    assert coming.state is RegistrationState.CANCELLED
    assert db.session.get(Registration, held.waiting.id).state is RegistrationState.CONFIRMED, "the seat went on"
    assert len(mail_via_smtp.messages_to(EMAIL)) == mails_before, "nobody is told"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.to_address == EMAIL)) == 0
    assert db.session.scalars(select(UnmatchedAttendance.email)).all() == [None], "her report row went, the stranger's stays"
    assert db.session.get(type(held.speaker), held.speaker.id).email is None
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    # Only the legal records still hold her address.
    assert set(tables_mentioning(EMAIL, REPORT_EMAIL)) == {"agreement_signatories"}
    # The audit says who, when and how many, not whom.
    assert record.requested_by is ErasureRequester.OWNER and record.user_id == organizer.user.id
    assert record.erased["registrations"] == 2 and record.kept == {"agreement_signatories": 1}
    assert record.address_digest == address_digest(EMAIL) and EMAIL not in record.address_digest
    assert "personal_data_erasures" not in tables_mentioning(EMAIL)


def test_the_previews_button_erases(client, organizer, held):
    """The preview's form carries the address and the confirmation, as a browser posts it."""
    preview = client.post(erase_url(organizer) + "?lang=en", data={"email": EMAIL}).get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', preview, re.S)
    # Every field as the browser sends it, duplicates included.
    inputs = [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<input[^>]*>", form.group(2))]
    fields = MultiDict([(field["name"], field.get("value", "")) for field in inputs if field.get("type") == "hidden"])

    response = client.post(form.group(1), data=fields)

    assert response.status_code == 302
    assert registrations_of(EMAIL) == []


def test_the_audit_entry_says_what_was_done(client, organizer, held):
    response = client.post(erase_url(organizer) + "?lang=en", data={"email": EMAIL, "confirmed": "1"}, follow_redirects=True)

    html = response.get_data(as_text=True)
    assert "The personal data of this address is erased." in html
    assert "Asked by: Test User" in html
    assert "<td>Registrations</td><td>2</td>" in html
    assert "Kept as legal records (signed agreements):" in html
    assert EMAIL not in html
    assert "Test User" in client.get(page(organizer) + "?lang=en").get_data(as_text=True)


def test_an_address_erased_before_is_recognized(client, organizer, held):
    client.post(erase_url(organizer), data={"email": EMAIL, "confirmed": "1"})

    html = client.post(erase_url(organizer) + "?lang=en", data={"email": EMAIL}).get_data(as_text=True)

    assert "This address was already erased on" in html
    assert "holds nothing about this address that could be erased" in html
    assert "Yes, erase this person's data" not in html


def test_an_address_without_at_sign_is_refused_under_the_field(client, organizer):
    response = client.post(erase_url(organizer) + "?lang=en", data={"email": "amina"})

    assert response.status_code == 422
    assert "Enter the person's e-mail address" in response.get_data(as_text=True)


def test_another_organizations_data_is_not_touched(client, organizer, clock):
    elsewhere = upcoming_webinar(factories.make_organization("Elsewhere"))
    theirs, _token = register(elsewhere)

    client.post(erase_url(organizer), data={"email": EMAIL, "confirmed": "1"})

    db.session.expire_all()
    assert not db.session.get(Registration, theirs.id).is_anonymized
