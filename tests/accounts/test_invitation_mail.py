"""Inviting a colleague e-mails the link (through a real SMTP server); resending makes a new one."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from tests import factories
from tests.accounts.conftest import shown_invitation_link
from webinars.accounts.models import Invitation, Membership, Role, User
from webinars.extensions import db
from webinars.mail.models import OutboxMessage

NEW_ACCOUNT = {
    "full_name": "Karim Bennani",
    "password": "a long enough secret",
    "confirm_password": "a long enough secret",
}
LINK = re.compile(r"http://localhost/invitations/[A-Za-z0-9_-]+")


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    [link] = LINK.findall(text)
    assert link in html
    return link


def invite(client, organization, email="karim@example.org", role="organizer", **query):
    return client.post(f"/manage/{organization.slug}/members", query_string=query, data={"email": email, "role": role})


def test_invited_colleague_receives_the_link_by_email_and_it_works(organizer, client, app, mail_via_smtp):
    response = invite(client, organizer.organization, "Karim@Example.org")
    assert response.status_code == 302

    [message] = mail_via_smtp.messages_to("karim@example.org")
    assert message["From"].addresses[0].display_name == "Test Organization"
    assert "Test Organization" in message["Subject"] and "Test User" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "as organizer" in text
    link = link_in(message)

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invitation sent to karim@example.org." in page
    assert shown_invitation_link(page) == link, "the same link is shown once as a fallback"

    colleague = app.test_client()
    joined = colleague.post(urlsplit(link).path, data=NEW_ACCOUNT)
    assert joined.status_code == 302
    membership = db.session.scalar(select(Membership).join(Membership.user).where(User.email == "karim@example.org"))
    assert membership.organization_id == organizer.organization.id and membership.role is Role.ORGANIZER


def test_invitation_is_written_in_the_inviters_language(organizer, client, clock, mail_via_smtp):
    invite(client, organizer.organization, lang="fr")

    [message] = mail_via_smtp.messages_to("karim@example.org")
    assert message["Content-Language"] == "fr"
    # The expiry date, three days after the clock's Monday 2 November 2026, in French.
    assert "jeudi 5 novembre 2026" in message.get_body(("plain",)).get_content()


def test_refused_invitation_sends_nothing(organizer, client, mail_via_smtp):
    factories.make_user(organizer.organization, email="amina@example.org", role=Role.ORGANIZER)

    response = invite(client, organizer.organization, "amina@example.org")

    assert response.status_code == 422
    assert mail_via_smtp.received == []
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_resend_mails_a_new_link_and_the_earlier_one_keeps_working(organizer, client, app, clock, mail_via_smtp):
    invite(client, organizer.organization)
    client.get(f"/manage/{organizer.organization.slug}/members")  # the first link has been shown
    [first] = mail_via_smtp.messages_to("karim@example.org")
    old_link = link_in(first)
    invitation = db.session.scalar(select(Invitation))
    clock.advance(days=4)  # expired: resending renews it too

    page = client.get(f"/manage/{organizer.organization.slug}/members").get_data(as_text=True)
    assert "Resend" in page and "Expired" in page
    response = client.post(f"/manage/{organizer.organization.slug}/invitations/{invitation.id}/resend")

    assert response.status_code == 302
    second = mail_via_smtp.messages_to("karim@example.org")[1]
    new_link = link_in(second)
    assert new_link != old_link
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invitation sent again to karim@example.org. The links sent before still work." in page
    assert shown_invitation_link(page) == new_link
    colleague = app.test_client()
    assert colleague.get(urlsplit(old_link).path).status_code == 200  # renewed with the invitation
    assert colleague.post(urlsplit(old_link).path, data=NEW_ACCOUNT).status_code == 302
    assert db.session.scalar(select(User).where(User.email == "karim@example.org")) is not None


def test_resend_and_revoke_ends_the_earlier_links(organizer, client, app, mail_via_smtp):
    invite(client, organizer.organization)
    [first] = mail_via_smtp.messages_to("karim@example.org")
    invitation = db.session.scalar(select(Invitation))

    response = client.post(
        f"/manage/{organizer.organization.slug}/invitations/{invitation.id}/resend", data={"revoke_earlier": "1"}
    )

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invitation sent again to karim@example.org. The links sent before no longer work." in page
    colleague = app.test_client()
    assert colleague.get(urlsplit(link_in(first)).path).status_code == 404
    assert colleague.get(urlsplit(link_in(mail_via_smtp.messages_to("karim@example.org")[1])).path).status_code == 200


def test_only_owners_resend_and_only_open_invitations(organizer, client, auth, app, mail_via_smtp):
    invite(client, organizer.organization)
    invitation = db.session.scalar(select(Invitation))
    url = f"/manage/{organizer.organization.slug}/invitations/{invitation.id}/resend"
    colleague = factories.make_user(organizer.organization, email="lina@example.org", role=Role.ORGANIZER)
    auth.logout()
    auth.login(colleague.email)

    assert client.post(url).status_code == 403
    assert len(mail_via_smtp.messages_to("karim@example.org")) == 1

    auth.logout()
    auth.login(organizer.user.email)
    link = link_in(mail_via_smtp.messages_to("karim@example.org")[0])
    app.test_client().post(urlsplit(link).path, data=NEW_ACCOUNT)
    assert client.post(url).status_code == 404, "an accepted invitation cannot be resent"
    assert len(mail_via_smtp.messages_to("karim@example.org")) == 1
