"""Reading what a webinar gathered: agenda, attendance, summary, agreements and their signed PDF, e-mails."""

from __future__ import annotations

from datetime import timedelta

from tests import factories
from tests.api.helpers import Api
from tests.registration.attendees import open_webinar


def test_agenda_attendance_and_summary(api, organization, clock):
    webinar = open_webinar(organization)
    speaker = factories.make_person(organization, "Yassine Tazi")
    factories.make_agenda_item(webinar, "Opening", speakers=[speaker])
    factories.make_registration(webinar, attended=True, minutes_in_session=50)
    factories.make_registration(webinar)

    agenda = api.get(f"/webinars/{webinar.id}/agenda").json
    assert agenda["timezone"] == "Africa/Casablanca"
    assert [(item["title"], item["speaker_ids"]) for item in agenda["items"]] == [("Opening", [speaker.id])]

    attendance = api.get(f"/webinars/{webinar.id}/attendance").json
    assert attendance["confirmed"] == 2 and attendance["attendees"] == 1 and attendance["attendance_rate"] == 0.5

    summary = api.get(f"/webinars/{webinar.id}/summary").json
    assert summary["published"] is False and summary["figures"]["attendees"] == 1


def test_agreements_and_the_signed_pdf(api, organization, clock):
    webinar = open_webinar(organization)
    agreement = factories.make_completed_convention(webinar, signed_at=clock.now() - timedelta(hours=1))
    listed = api.get(f"/webinars/{webinar.id}/agreements").json["items"]
    assert [(item["id"], item["status"], item["has_signed_pdf"]) for item in listed] == [(agreement.id, "completed", True)]
    assert {signatory["state"] for signatory in listed[0]["signatories"]} == {"signed"}
    pdf = api.get(f"/webinars/{webinar.id}/agreements/{agreement.id}/signed.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert api.get(f"/webinars/{webinar.id}/agreements/999/signed.pdf").status_code == 404


def test_emails_about_a_webinar(api, organization, clock):
    webinar = open_webinar(organization)
    for number in range(3):
        api.post(
            f"/webinars/{webinar.id}/registrations",
            json={"email": f"p{number}@example.org", "first_name": "P", "last_name": str(number), "consent_obtained": True},
        )
    first = api.get(f"/webinars/{webinar.id}/emails?limit=2").json
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = api.get(f"/webinars/{webinar.id}/emails", query_string={"cursor": first["next_cursor"]}).json
    addresses = [message["to_address"] for message in first["items"] + rest["items"]]
    assert addresses == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert all(message["status"] in ("queued", "sent") for message in first["items"])


def test_records_of_another_organization_are_404(client, organization):
    from tests.api.helpers import new_token

    other = factories.make_organization("Another")
    theirs = factories.make_webinar(other)
    api = Api(client, new_token(organization))
    for path in ("agenda", "attendance", "summary", "agreements", "emails"):
        assert api.get(f"/webinars/{theirs.id}/{path}").status_code == 404, path


def test_import_an_attendance_report_through_the_api(api, organization, clock):
    import io
    from datetime import UTC, datetime

    from tests.registration.test_attendance_imports import zoom_rows

    webinar = open_webinar(organization, timezone="Europe/Paris", starts_at=datetime(2026, 12, 10, 17, 0, tzinfo=UTC))
    amina = factories.make_registration(webinar, email="amina@example.org")
    clock.set(datetime(2026, 12, 10, 20, 0, tzinfo=UTC))
    report = zoom_rows(("Amina Alaoui", "amina@example.org"), ("Host", "host@example.org"))
    response = api.post(
        f"/webinars/{webinar.id}/attendance/imports",
        json=None,
        data={"report": (io.BytesIO(report), "participants.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 202, response.json
    status = api.get(response.headers["Location"].removeprefix("/api/v1")).json
    assert status["status"] == "done"  # the worker ran at once in the tests (immediate mode)
    assert status["matched"] == 1 and status["unmatched"] == 1
    assert api.get(f"/webinars/{webinar.id}/registrations/{amina.id}").json["attended"] is True

    refused = api.post(
        f"/webinars/{webinar.id}/attendance/imports",
        data={"report": (io.BytesIO(b"not a report"), "notes.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert [error["field"] for error in refused.json["errors"]] == ["report"]


def test_agenda_items_follow_the_agenda_pages_rules(api, organization, clock):
    webinar = open_webinar(organization)  # two hours, in two weeks
    speaker = factories.make_person(organization, "Yassine Tazi")
    factories.add_participant(webinar, speaker)
    outsider = factories.make_person(organization, "Not in the line-up")
    start = webinar.starts_at
    url = f"/webinars/{webinar.id}/agenda"
    body = {
        "title": "Opening",
        "kind": "opening",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=15)).isoformat(),
        "speaker_ids": [speaker.id],
    }
    created = api.post(url, json=body)
    assert created.status_code == 201, created.json
    assert created.json["speaker_ids"] == [speaker.id]
    overlap = api.post(url, json={**body, "title": "Overlapping"})
    assert overlap.status_code == 409
    outside = api.post(url, json={**body, "starts_at": (start - timedelta(hours=1)).isoformat()})
    assert outside.status_code == 409
    later = {
        **body,
        "title": "Talk",
        "starts_at": (start + timedelta(minutes=15)).isoformat(),
        "ends_at": (start + timedelta(minutes=45)).isoformat(),
    }
    wrong_speaker = api.post(url, json={**later, "speaker_ids": [outsider.id]})
    assert wrong_speaker.status_code == 422
    assert [error["field"] for error in wrong_speaker.json["errors"]] == ["speaker_ids"]
    assert api.client.delete(f"/api/v1{url}/{created.json['id']}", headers=api.headers()).status_code == 204
    assert api.get(url).json["items"] == []


def test_publish_and_unpublish_the_summary(api, organization, clock):
    webinar = open_webinar(organization)
    url = f"/webinars/{webinar.id}/summary"
    too_early = api.post(f"{url}/publish")
    assert too_early.status_code == 409  # the webinar has not ended
    clock.set(webinar.ends_at + timedelta(hours=1))
    no_article = api.post(f"{url}/publish")
    assert no_article.status_code == 409 and "article" in no_article.json["detail"]

    from webinars.extensions import db
    from webinars.summaries.service import summary_for

    summary = summary_for(webinar)  # the refused publication created nothing (rolled back)
    summary.article = "Le webinaire a réuni les acteurs de l'offshoring."
    db.session.commit()
    published = api.post(f"{url}/publish")
    assert published.status_code == 200, published.json
    assert published.json["published"] is True
    assert api.get(url).json["published_at"] == published.json["published_at"]
    assert api.post(f"{url}/unpublish").json["published"] is False
