"""The members page: everyone in the team sees it; owners invite and revoke."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests import factories
from tests.accounts.conftest import shown_invitation_link
from webinars.accounts.models import Invitation, Role
from webinars.extensions import db
from webinars.personal_links.models import PersonalLink
from webinars.tokens import hash_token


def invitations() -> list[Invitation]:
    db.session.expire_all()
    return list(db.session.scalars(select(Invitation).order_by(Invitation.id)))


def test_owner_sees_members_and_the_invite_form(organizer, client):
    factories.make_user(organizer.organization, email="amina@example.org", role=Role.ORGANIZER, full_name="Amina Alaoui")

    page = client.get(f"/manage/{organizer.organization.slug}/members").get_data(as_text=True)

    assert "Amina Alaoui" in page and "amina@example.org" in page and "Organizer" in page
    assert "owner@example.org" in page and "Owner" in page
    assert "Invite a colleague" in page


def test_invitation_shows_its_link_once_and_stores_only_a_hash(organizer, client, clock):
    response = client.post(
        f"/manage/{organizer.organization.slug}/members", data={"email": " Karim@Example.org ", "role": "organizer"}
    )
    assert response.status_code == 302

    shown = client.get(response.headers["Location"])
    assert shown.headers["Cache-Control"] == "private, no-store"
    page = shown.get_data(as_text=True)
    link = shown_invitation_link(page)
    assert link is not None and link.startswith("http://localhost/invitations/")
    assert "Send this link to your colleague" in page
    token = link.rsplit("/", 1)[1]
    [invitation] = invitations()
    assert invitation.email == "karim@example.org"
    assert invitation.role is Role.ORGANIZER
    assert invitation.invited_by_id == organizer.user.id
    [link] = db.session.scalars(select(PersonalLink).where(PersonalLink.invitation_id == invitation.id)).all()
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert invitation.expires_at == clock.now() + timedelta(hours=72)

    again = client.get(f"/manage/{organizer.organization.slug}/members").get_data(as_text=True)
    assert shown_invitation_link(again) is None
    assert token not in again
    assert "karim@example.org" in again, "the pending invitation stays listed"


def test_invitation_ttl_comes_from_the_configuration(app, organizer, client, clock):
    app.config["INVITATION_TTL_HOURS"] = 24
    client.post(f"/manage/{organizer.organization.slug}/members", data={"email": "k@example.org", "role": "owner"})

    [invitation] = invitations()
    assert invitation.expires_at == clock.now() + timedelta(hours=24)
    assert invitation.role is Role.OWNER


def test_link_uses_the_configured_base_url(app, organizer, client):
    app.config["BASE_URL"] = "https://webinars.example.org/"
    response = client.post(f"/manage/{organizer.organization.slug}/members", data={"email": "k@example.org", "role": "owner"})

    link = shown_invitation_link(client.get(response.headers["Location"]).get_data(as_text=True))
    assert link.startswith("https://webinars.example.org/invitations/")


def test_pending_invitations_list_role_expiry_and_inviter(organizer, client, invite_by_page, clock):
    invite_by_page(organizer.organization, "lina@example.org", "owner")

    page = client.get(f"/manage/{organizer.organization.slug}/members").get_data(as_text=True)
    pending = page.split("Pending invitations", 1)[1]
    assert "lina@example.org" in pending
    assert "Owner" in pending
    assert "Test User" in pending  # the owner who invited
    assert "November 5, 2026" in pending and "Morocco time" in pending  # 72 h after 2 Nov, in the org's zone


def test_inviting_a_member_is_refused_with_a_clear_error(organizer, client):
    factories.make_user(organizer.organization, email="amina@example.org", role=Role.ORGANIZER)

    response = client.post(
        f"/manage/{organizer.organization.slug}/members", data={"email": "AMINA@example.org", "role": "owner"}
    )

    assert response.status_code == 422
    assert "already a member" in response.get_data(as_text=True)
    assert invitations() == []


def test_member_of_another_organization_can_be_invited(organizer, client):
    other = factories.make_organization(name="Other")
    factories.make_user(other, email="amina@example.org")

    response = client.post(f"/manage/{organizer.organization.slug}/members", data={"email": "amina@example.org", "role": "organizer"})

    assert response.status_code == 302
    assert [i.email for i in invitations()] == ["amina@example.org"]


def test_bad_email_or_role_is_refused(organizer, client):
    url = f"/manage/{organizer.organization.slug}/members"

    bad_email = client.post(url, data={"email": "not-an-address", "role": "organizer"})
    bad_role = client.post(url, data={"email": "k@example.org", "role": "admin"})

    assert bad_email.status_code == 422 and "Enter a valid e-mail address" in bad_email.get_data(as_text=True)
    assert bad_role.status_code == 422 and "Not a valid choice" in bad_role.get_data(as_text=True)
    assert invitations() == []


def test_inviting_again_renews_the_invitation_and_both_links_work(organizer, client, invite_by_page, app):
    old_path = invite_by_page(organizer.organization, "karim@example.org", "organizer")
    new_path = invite_by_page(organizer.organization, "karim@example.org", "owner")

    [invitation] = invitations()
    assert invitation.role is Role.OWNER
    visitor = app.test_client()
    assert visitor.get(old_path).status_code == 200
    assert visitor.get(new_path).status_code == 200


def test_owner_revokes_an_invitation_and_its_link_stops_working(organizer, client, invite_by_page, app):
    path = invite_by_page(organizer.organization, "karim@example.org")
    [invitation] = invitations()

    response = client.post(f"/manage/{organizer.organization.slug}/invitations/{invitation.id}/revoke")

    assert response.status_code == 302
    assert "is revoked" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert invitations() == []
    assert app.test_client().get(path).status_code == 404


def test_organizer_sees_the_team_but_cannot_invite_or_revoke(app, client, auth):
    organization = factories.make_organization(name="Team Org")
    owner = factories.make_user(organization, email="boss@example.org", full_name="Boss")
    factories.make_user(organization, email="helper@example.org", role=Role.ORGANIZER)
    invitation = Invitation(
        organization=organization, email="guest@example.org", role=Role.ORGANIZER,
        invited_by=owner, expires_at=factories.utc(2099, 1, 1),
    )
    db.session.add(invitation)
    db.session.commit()
    auth.login("helper@example.org")
    url = f"/manage/{organization.slug}/members"

    page = client.get(url).get_data(as_text=True)
    invite = client.post(url, data={"email": "new@example.org", "role": "owner"})
    revoke = client.post(f"/manage/{organization.slug}/invitations/{invitation.id}/revoke")

    assert "boss@example.org" in page and "guest@example.org" in page
    assert "Invite a colleague" not in page and "Revoke" not in page
    assert invite.status_code == 403 and revoke.status_code == 403
    assert [i.email for i in invitations()] == ["guest@example.org"]


def test_outsiders_and_visitors_get_404(app, client, auth, organizer):
    other = factories.make_organization(name="Elsewhere")
    factories.make_user(other, email="outsider@example.org")
    url = f"/manage/{organizer.organization.slug}/members"

    anonymous = app.test_client()
    assert anonymous.get(url).status_code == 404
    auth.logout()
    auth.login("outsider@example.org")
    assert client.get(url).status_code == 404
    assert client.post(url, data={"email": "x@example.org", "role": "owner"}).status_code == 404
    assert invitations() == []


def test_revoking_another_organizations_invitation_is_404(organizer, client):
    other = factories.make_organization(name="Elsewhere")
    invitation = Invitation(
        organization=other, email="guest@example.org", role=Role.ORGANIZER,
        expires_at=factories.utc(2099, 1, 1),
    )
    db.session.add(invitation)
    db.session.commit()

    response = client.post(f"/manage/{organizer.organization.slug}/invitations/{invitation.id}/revoke")

    assert response.status_code == 404
    assert len(invitations()) == 1
