"""The issue's "done": with no SMTP server, the demo's upcoming webinar sends a valid invite,
an update with the same UID and a higher SEQUENCE after a time change, then a CANCEL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

from sqlalchemy import select

from tests.invites.helpers import calendar_parts, parse, register_someone
from webinars.demo.service import load_demo
from webinars.events import service as events
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.invites.service import send_due_updates

UPCOMING_SLUG = "fes-meknes-territoire-digital"


def outbox_invites(app, address: str) -> list:
    """Every calendar object mailed to ``address``, read from the .eml files, by SEQUENCE."""
    folder = Path(app.instance_path) / "outbox"
    invites = []
    for path in folder.glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"].addresses[0].addr_spec != address:
            continue
        [alternative], [attachment] = calendar_parts(message)
        parsed = parse(attachment.get_content())
        assert parsed.method == alternative.get_param("method") == parse(alternative.get_content()).method
        invites.append(parsed)
    return sorted(invites, key=lambda parsed: parsed.sequence)


def test_demo_registrant_gets_invite_update_and_cancel(app, client, clock):
    load_demo(clock.now())
    db.session.commit()
    webinar = db.session.scalar(select(Webinar).where(Webinar.slug == UPCOMING_SLUG))
    register_someone(webinar, email="visitor@example.org")

    [invite] = outbox_invites(app, "visitor@example.org")
    assert invite.method == "REQUEST"
    assert invite.uid == parse(client.get(f"/webinars/{UPCOMING_SLUG}.ics").get_data()).uid
    assert invite.starts_at == webinar.starts_at

    clock.advance(minutes=1)
    events.update_webinar(webinar, replace(events.details_of(webinar), starts_at=webinar.starts_at + timedelta(hours=1),
                                           ends_at=webinar.ends_at + timedelta(hours=1)))
    db.session.commit()
    clock.advance(minutes=5)
    send_due_updates()

    [_, update] = outbox_invites(app, "visitor@example.org")
    assert update.method == "REQUEST"
    assert update.uid == invite.uid
    assert update.sequence > invite.sequence
    assert update.starts_at == invite.starts_at + timedelta(hours=1)

    events.cancel(webinar)
    db.session.commit()

    [_, _, cancel] = outbox_invites(app, "visitor@example.org")
    assert (cancel.method, cancel.status, cancel.uid) == ("CANCEL", "CANCELLED", invite.uid)
    assert cancel.sequence > update.sequence
