"""The E-mails page opens a message as it was sent, with personal links masked, and can send it again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.mail.compose import Attachment
from webinars.mail.models import OutboxMessage, OutboxStatus
from webinars.mail.service import add_to_outbox, queue_email
from webinars.mail.viewing import MASK, mask_personal_links

TOKEN = "Xk3_9aZ-qPw7LmN2vB8cD4eF6gH1jK5lM0nO2pQ4rS6"


@pytest.fixture
def webinar(organizer, clock):
    return factories.make_webinar(organizer.organization, timezone="Europe/Paris", status=WebinarStatus.PUBLISHED)


def written(webinar, **fields) -> OutboxMessage:
    values = {
        "kind": "registrant_message",
        "organization_id": webinar.organization_id,
        "webinar_id": webinar.id,
        "sender_name": "Test Organization",
        "to_address": "amina@example.org",
        "to_name": "Amina Alaoui",
        "language": "en",
        "subject": "Your seat",
        "text_body": f"Your page: http://localhost/r/{TOKEN}\nSign: http://localhost/sign/{TOKEN}",
        "html_body": (
            f'<html><head><title>t</title><style>p{{}}</style></head><body><p>Hello <a href="http://localhost/r/{TOKEN}/join">join</a>'
            f'<script>alert(1)</script><img src="https://tracker.example/x.gif"> '
            f'<a href="http://localhost/s/{TOKEN}">speaker</a></p></body></html>'
        ),
        **fields,
    }
    return add_to_outbox(**values)


def page_of(client, webinar, message) -> str:
    response = client.get(f"/manage/webinars/{webinar.id}/emails/{message.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_message_is_shown_as_sent_with_every_personal_link_masked(client, webinar):
    message = written(webinar)
    db.session.commit()
    page = page_of(client, webinar, message)
    assert TOKEN not in page
    assert f"http://localhost/r/{MASK}" in page and f"http://localhost/sign/{MASK}" in page
    assert f'href="http://localhost/r/{MASK}/join"' in page and f'href="http://localhost/s/{MASK}"' in page
    assert "<script>alert" not in page and "tracker.example" not in page
    assert "Hello" in page and "Your seat" in page


def test_masking_covers_every_route_with_a_token_and_leaves_slugs_alone():
    from flask import current_app  # noqa: F401  (an app context is active through the app fixture)

    text = (
        f"/r/{TOKEN}/feedback /invitations/{TOKEN} /password/reset/{TOKEN} "
        "/webinars/l-offshoring-regionalise-apres-la-crise-sanitaire-au-maroc"
    )
    masked = mask_personal_links(text)
    assert TOKEN not in masked
    assert "/webinars/l-offshoring-regionalise-apres-la-crise-sanitaire-au-maroc" in masked


@pytest.fixture
def _app_context(app):
    return app


test_masking_covers_every_route_with_a_token_and_leaves_slugs_alone = pytest.mark.usefixtures("_app_context")(
    test_masking_covers_every_route_with_a_token_and_leaves_slugs_alone
)


def test_attachments_are_listed_by_name_type_and_size(client, webinar):
    message = queue_email(
        kind="agreement_request",
        template="invitation",
        to_address="signer@example.org",
        language="en",
        context={
            "inviter_name": "M",
            "organization_name": "Test Organization",
            "role_label": "organizer",
            "link": "http://localhost/r/abc",
            "expires_text": "2 December 2026",
        },
        organization_id=webinar.organization_id,
        webinar_id=webinar.id,
        calendar="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        calendar_method="REQUEST",
        attachments=[Attachment("convention-signée.pdf", "application/pdf", b"%PDF" + b"x" * 2044)],
    )
    db.session.commit()
    page = page_of(client, webinar, message)
    assert "convention-signée.pdf" in page and "application/pdf" in page and "2 KB" in page
    assert "invite.ics" in page and "text/calendar" in page


def test_resend_queues_a_new_copy_marked_as_a_resend(client, webinar, smtp):
    message = written(webinar)
    message.status = OutboxStatus.SENT
    db.session.commit()
    response = client.post(f"/manage/webinars/{webinar.id}/emails/{message.id}/resend", follow_redirects=True)
    assert response.status_code == 200
    db.session.expire_all()
    copies = db.session.scalars(select(OutboxMessage).where(OutboxMessage.resent_from_id == message.id)).all()
    assert len(copies) == 1
    assert copies[0].text_body == db.session.get(OutboxMessage, message.id).text_body
    listing = client.get(f"/manage/webinars/{webinar.id}/emails").get_data(as_text=True)
    assert listing.count("Resent") == 1


def test_a_message_never_written_is_not_resent(client, webinar):
    message = written(webinar)
    db.session.commit()
    message.text_body = message.html_body = None  # its writer failed
    message.status = OutboxStatus.FAILED
    db.session.commit()
    client.post(f"/manage/webinars/{webinar.id}/emails/{message.id}/resend")
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.resent_from_id.is_not(None))).all() == []


def test_another_organization_cannot_open_or_resend(client, auth, webinar):
    message = written(webinar)
    message.status = OutboxStatus.SENT
    db.session.commit()
    other = factories.make_organization(name="Other")
    factories.make_user(other, email="other@example.org")
    other_webinar = factories.make_webinar(other)
    db.session.commit()
    auth.logout()
    auth.login("other@example.org")
    assert client.get(f"/manage/webinars/{webinar.id}/emails/{message.id}").status_code == 404
    assert client.post(f"/manage/webinars/{webinar.id}/emails/{message.id}/resend").status_code == 404
    # Through their own webinar's address either.
    assert client.get(f"/manage/webinars/{other_webinar.id}/emails/{message.id}").status_code == 404
    assert client.post(f"/manage/webinars/{other_webinar.id}/emails/{message.id}/resend").status_code == 404
