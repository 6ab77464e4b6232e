"""Accepting an invitation: a new account, or an existing one; once, before it expires."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from tests import factories
from webinars.accounts import invitations, service
from webinars.accounts.models import Invitation, Membership, Role, User
from webinars.extensions import db

NEW_ACCOUNT = {
    "full_name": "Karim Bennani",
    "password": "a long enough secret",
    "confirm_password": "a long enough secret",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def membership_of(email: str) -> Membership | None:
    db.session.expire_all()
    return db.session.scalar(select(Membership).join(Membership.user).where(User.email == email))


def test_end_to_end_new_colleague_joins_and_appears_in_the_team(organizer, client, invite_by_page, app, clock):
    path = invite_by_page(organizer.organization, "Karim@Example.org", "organizer")
    colleague = app.test_client()

    form_page = colleague.get(path).get_data(as_text=True)
    assert "Join Test Organization" in form_page and "karim@example.org" in form_page

    response = colleague.post(path, data=NEW_ACCOUNT)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/{organizer.organization.slug}/webinars"
    membership = membership_of("karim@example.org")
    assert membership.organization_id == organizer.organization.id and membership.role is Role.ORGANIZER
    assert membership.user.full_name == "Karim Bennani"
    assert membership.user.check_password("a long enough secret")
    invitation = db.session.scalar(select(Invitation))
    assert invitation.accepted_at == clock.now()
    # Signed in: the team page is theirs to see now.
    team = colleague.get(f"/manage/{organizer.organization.slug}/members").get_data(as_text=True)
    assert "Karim Bennani" in team
    assert "Invite a colleague" not in team
    # And the owner no longer sees a pending invitation.
    owner_view = client.get(f"/manage/{organizer.organization.slug}/members").get_data(as_text=True)
    assert "No pending invitations." in owner_view


def test_new_account_form_checks_password_length_and_confirmation(organizer, invite_by_page, app):
    path = invite_by_page(organizer.organization, "karim@example.org")
    colleague = app.test_client()

    short = colleague.post(path, data={**NEW_ACCOUNT, "password": "short", "confirm_password": "short"})
    differ = colleague.post(path, data={**NEW_ACCOUNT, "confirm_password": "another long secret"})
    nameless = colleague.post(path, data={**NEW_ACCOUNT, "full_name": "   "})

    assert short.status_code == 422 and "at least 10 characters" in short.get_data(as_text=True)
    assert differ.status_code == 422 and "The two passwords differ." in differ.get_data(as_text=True)
    assert nameless.status_code == 422
    assert count(User) == 1 and membership_of("karim@example.org") is None
    assert colleague.post(path, data=NEW_ACCOUNT).status_code == 302, "the invitation is still usable"


def test_accepting_starts_a_fresh_session(organizer, invite_by_page, app):
    path = invite_by_page(organizer.organization, "karim@example.org")
    colleague = app.test_client()
    with colleague.session_transaction() as session:
        session["planted"] = "by an attacker"

    colleague.post(path, data=NEW_ACCOUNT)

    with colleague.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") is not None


def test_invitation_works_once(organizer, invite_by_page, app):
    path = invite_by_page(organizer.organization, "karim@example.org")
    colleague = app.test_client()
    colleague.post(path, data=NEW_ACCOUNT)

    stranger = app.test_client()
    again = stranger.get(path)
    reuse = stranger.post(path, data={**NEW_ACCOUNT, "full_name": "Someone Else"})

    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert reuse.status_code == 410
    assert count(User) == 2 and count(Membership) == 2


def test_invitation_expires_after_its_time_to_live(organizer, invite_by_page, app, clock):
    path = invite_by_page(organizer.organization, "karim@example.org")
    colleague = app.test_client()

    clock.advance(hours=71, minutes=59)
    assert colleague.get(path).status_code == 200
    clock.advance(minutes=1)
    expired = colleague.get(path)
    attempt = colleague.post(path, data=NEW_ACCOUNT)

    assert expired.status_code == 410
    page = expired.get_data(as_text=True)
    assert "This invitation has expired" in page and "Test Organization" not in page
    assert attempt.status_code == 410
    assert count(User) == 1


def test_expired_invitation_is_marked_on_the_members_page(organizer, client, invite_by_page, clock):
    invite_by_page(organizer.organization, "karim@example.org")
    clock.advance(days=4)

    page = client.get(f"/manage/{organizer.organization.slug}/members").get_data(as_text=True)

    assert "karim@example.org" in page and "Expired" in page


def test_unknown_token_reveals_nothing(app, client, organizer):
    response = app.test_client().get("/invitations/not-a-real-token")

    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "This invitation link is not valid" in page
    assert "Test Organization" not in page


def test_existing_account_must_sign_in_then_accepts_with_one_button(organizer, invite_by_page, app):
    other = factories.make_organization(name="Other Org")
    factories.make_user(other, email="amina@example.org", full_name="Amina Alaoui")
    path = invite_by_page(organizer.organization, "amina@example.org", "owner")
    amina = app.test_client()

    prompt = amina.get(path)
    assert prompt.status_code == 200
    assert "An account already exists for amina@example.org" in prompt.get_data(as_text=True)
    assert amina.post(path).status_code == 200 and membership_of("amina@example.org").organization_id == other.id

    signed_in = amina.post(f"/login?next={path}", data={"email": "amina@example.org", "password": factories.DEFAULT_PASSWORD, "next": path})
    assert signed_in.headers["Location"] == path
    assert "Accept the invitation" in amina.get(path).get_data(as_text=True)

    accepted = amina.post(path)

    assert accepted.status_code == 302
    db.session.expire_all()
    membership = db.session.scalar(
        select(Membership).where(Membership.organization_id == organizer.organization.id).join(Membership.user).where(User.email == "amina@example.org")
    )
    assert membership is not None and membership.role is Role.OWNER
    assert amina.get(path).status_code == 410


def test_signed_in_as_someone_else_is_told_so(organizer, client, invite_by_page):
    path = invite_by_page(organizer.organization, "karim@example.org")

    response = client.get(path)
    attempt = client.post(path, data=NEW_ACCOUNT)

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "You are signed in as owner@example.org" in page and "karim@example.org" in page
    assert attempt.status_code == 403
    assert count(User) == 1
    assert membership_of("karim@example.org") is None

    # Signing out from there comes back to the invitation.
    signed_out = client.post(f"/logout?next={path}")
    assert signed_out.headers["Location"] == path
    assert "Create my account and join" in client.get(path).get_data(as_text=True)


def test_extra_posted_fields_change_neither_organization_nor_role_nor_address(organizer, invite_by_page, app):
    elsewhere = factories.make_organization(name="Elsewhere")
    path = invite_by_page(organizer.organization, "karim@example.org", "organizer")

    app.test_client().post(
        path,
        data={
            **NEW_ACCOUNT,
            "organization_id": elsewhere.id,
            "role": "owner",
            "email": "attacker@example.org",
            "user_id": organizer.user.id,
        },
    )

    membership = membership_of("karim@example.org")
    assert membership.organization_id == organizer.organization.id
    assert membership.role is Role.ORGANIZER
    assert db.session.scalar(select(User).where(User.email == "attacker@example.org")) is None
    assert db.session.scalar(select(Membership).where(Membership.organization_id == elsewhere.id)) is None
    assert organizer.user.check_password(factories.DEFAULT_PASSWORD)


def test_simultaneous_acceptance_is_refused_by_the_database(organizer, clock):
    invitation, _token = invitations.invite(organizer.organization, "karim@example.org", Role.ORGANIZER, organizer.user)
    karim = service.create_user("karim@example.org", "Karim", "a long enough secret")
    db.session.commit()
    # Another request accepts it first, behind this session's back.
    db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id).values(accepted_at=clock.now()),
        execution_options={"synchronize_session": False},
    )

    with pytest.raises(service.InvitationUsed):
        invitations.accept_invitation(invitation, karim)


def test_already_member_accepting_is_told_so_and_nothing_changes(organizer, invite_by_page, app):
    path = invite_by_page(organizer.organization, "amina@example.org", "owner")
    factories.make_user(organizer.organization, email="amina@example.org", role=Role.ORGANIZER)
    amina = app.test_client()
    amina.post("/login", data={"email": "amina@example.org", "password": factories.DEFAULT_PASSWORD})

    response = amina.post(path, follow_redirects=False)

    assert response.status_code == 302
    with amina.session_transaction() as session:
        assert any("already a member" in message for _category, message in session["_flashes"])
    assert membership_of("amina@example.org").role is Role.ORGANIZER
    assert db.session.scalar(select(Invitation.accepted_at)) is None


def test_an_invitation_page_is_private_and_sends_no_referrer(organizer, app, invite_by_page):
    path = invite_by_page(organizer.organization, "karim@example.org")

    response = app.test_client().get(path)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    unknown = app.test_client().get("/invitations/not-a-real-one")
    assert unknown.status_code == 404 and unknown.headers["Cache-Control"] == "private, no-store"
