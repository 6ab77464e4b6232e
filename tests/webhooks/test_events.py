"""Agreements and summaries send their events too, from the service functions where the change happens."""

from __future__ import annotations

from datetime import timedelta

from standardwebhooks import Webhook

from tests import factories
from tests.webhooks.conftest import add_endpoint
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.summaries import service as summaries
from webinars.webhooks.models import EventType


def test_each_signature_and_the_completed_agreement_are_sent(organizer, receiver, clock):
    endpoint = add_endpoint(organizer.organization, receiver.url, [EventType.AGREEMENT_SIGNED, EventType.AGREEMENT_COMPLETED])
    webinar = factories.make_webinar(organizer.organization, status=WebinarStatus.PUBLISHED)
    agreement = factories.make_completed_convention(webinar, signed_at=clock.now())

    assert [(p["type"], p["sequence"]) for p in receiver.payloads] == [
        ("agreement.signed", 1), ("agreement.signed", 2), ("agreement.completed", 3),
    ]
    assert [p["data"]["signatory"]["full_name"] for p in receiver.payloads[:2]] == ["Karim Alaoui", "Yassine Tazi"]
    completed = receiver.payloads[2]["data"]["agreement"]
    assert completed["id"] == agreement.id
    assert completed["status"] == "completed"
    assert completed["verification_code"] == agreement.verification_code
    for received in receiver.received:
        Webhook(endpoint.secret).verify(received.body, received.headers)


def test_publishing_a_summary_is_sent_once(organizer, receiver, clock):
    add_endpoint(organizer.organization, receiver.url, [EventType.SUMMARY_PUBLISHED])
    webinar = factories.make_webinar(
        organizer.organization, status=WebinarStatus.PUBLISHED, starts_at=clock.now() - timedelta(hours=3)
    )
    summary = summaries.summary_for(webinar)
    summaries.save_article(summary, "What we learnt", "Offshoring grows.")
    summaries.publish(summary, clock.now())
    db.session.commit()
    summaries.publish(summary, clock.now())  # already published: nothing new
    db.session.commit()

    assert [(p["type"], p["data"]["webinar"]["id"]) for p in receiver.payloads] == [("summary.published", webinar.id)]
    assert receiver.payloads[0]["data"]["summary"]["published_at"] == "2026-11-02T09:00:00Z"
