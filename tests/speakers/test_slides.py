"""Slides: a checked PDF kept in the database, sent by the speaker or the organizer, downloaded as
an attachment, and public on the summary only when the organizer says so, after the webinar."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select

from tests.people.images import in_memory_upload
from tests.speakers.helpers import (
    add_speaker,
    encrypted_pdf,
    last_space_path,
    lineup_url,
    pdf_bytes,
    published_webinar,
)
from webinars.extensions import db
from webinars.speakers.models import SlidesSource, SpeakerSlides


@pytest.fixture
def app_config(app_config):
    # Small limits, to test them without megabytes of PDF: slides above the app's request limit.
    return {**app_config, "MAX_CONTENT_LENGTH": 40 * 1024, "MAX_SLIDES_BYTES": 60 * 1024}


@pytest.fixture
def speaker(client, organizer):
    webinar = published_webinar(organizer.organization)
    participation = add_speaker(webinar, organizer.organization)
    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")
    return webinar, participation, last_space_path("elasri@example.org")


def padded_pdf(size: int) -> bytes:
    """A valid PDF of about ``size`` bytes (a comment after the end is allowed)."""
    data = pdf_bytes(pages=2)
    return data + b"\n%" + b"x" * max(0, size - len(data) - 2)


def upload(client, path: str, content: bytes, filename: str = "Présentation.pdf", field: str = "slides"):
    return client.post(path, **in_memory_upload({field: (BytesIO(content), filename)}))


def test_the_speaker_sends_slides_and_the_organizer_sees_them(client, organizer, speaker):
    webinar, participation, path = speaker
    content = padded_pdf(50 * 1024)  # above MAX_CONTENT_LENGTH, within MAX_SLIDES_BYTES

    response = upload(client, path + "/slides", content)

    assert response.status_code == 302
    slides = db.session.scalar(select(SpeakerSlides))
    assert (slides.filename, slides.page_count, slides.uploaded_by) == ("Présentation.pdf", 2, SlidesSource.SPEAKER)
    assert "Slides received" in client.get(lineup_url(webinar)).get_data(as_text=True)

    download = client.get(f"{lineup_url(webinar)}/{participation.id}/slides.pdf")
    assert download.data == content
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Prsentation.pdf\"; filename*=UTF-8''Pr%C3%A9sentation.pdf"
    )
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"].startswith("sandbox")
    assert client.get(path + "/slides.pdf").data == content


@pytest.mark.parametrize(
    "content, message",
    [
        (encrypted_pdf(), "protected by a password"),
        (b"<html><script>alert(1)</script></html>", "This file is not a PDF"),
        (pdf_bytes()[:300], "damaged"),
        (b"", "The file is empty"),
        (padded_pdf(70 * 1024), "larger than 0.0585938 MB"),
    ],
)
def test_a_file_that_is_not_usable_slides_is_refused_with_a_message(client, organizer, speaker, content, message):
    webinar, participation, path = speaker

    response = upload(client, path + "/slides", content, filename="slides.pdf")

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SpeakerSlides)) == 0


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, organizer, speaker):
    webinar, participation, path = speaker
    assert upload(client, path + "/slides", padded_pdf(400 * 1024)).status_code == 413


def test_the_organizer_uploads_and_replaces_slides(client, organizer, speaker):
    webinar, participation, path = speaker
    url = f"{lineup_url(webinar)}/{participation.id}/slides"
    upload(client, url, pdf_bytes(pages=2), field=f"slides-{participation.id}-slides")

    response = upload(client, url, pdf_bytes(pages=5), filename="v2.pdf", field=f"slides-{participation.id}-slides")

    assert response.status_code == 302
    [slides] = db.session.scalars(select(SpeakerSlides)).all()
    assert (slides.filename, slides.page_count, slides.uploaded_by) == ("v2.pdf", 5, SlidesSource.ORGANIZER)


def test_the_organizer_refused_upload_is_shown_under_the_field(client, organizer, speaker):
    webinar, participation, path = speaker
    response = upload(
        client, f"{lineup_url(webinar)}/{participation.id}/slides", encrypted_pdf(), field=f"slides-{participation.id}-slides"
    )
    assert response.status_code == 422
    assert "protected by a password" in response.get_data(as_text=True)


def test_slides_go_public_on_the_summary_only_after_the_webinar_and_on_request(app, client, organizer, clock):
    webinar = published_webinar(organizer.organization, starts_at=clock.now() + timedelta(days=1))
    participation = add_speaker(webinar, organizer.organization)
    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")
    upload(client, last_space_path("elasri@example.org") + "/slides", pdf_bytes(pages=2), filename="talk.pdf")
    slides = db.session.scalar(select(SpeakerSlides))
    public_url = f"/webinars/{webinar.slug}/slides/{slides.id}.pdf"

    client.post(f"{lineup_url(webinar)}/{participation.id}/slides/public", data={"public": "y"})
    db.session.expire_all()
    assert not db.session.get(SpeakerSlides, slides.id).is_public  # the webinar has not happened yet

    clock.advance(days=2)
    client.post(f"{lineup_url(webinar)}/{participation.id}/slides/public", data={"public": "y"})

    db.session.expire_all()
    assert db.session.get(SpeakerSlides, slides.id).is_public
    client.post("/logout")
    download = client.get(public_url)
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == 'attachment; filename="talk.pdf"'
    from webinars.summaries import service as summaries

    summary = summaries.summary_for(webinar, clock.now())
    summary.article = "Un compte rendu."
    summaries.publish(summary, clock.now())
    db.session.commit()
    page = client.get(f"/webinars/{webinar.slug}/summary").get_data(as_text=True)
    assert "Speakers&#39; slides" in page or "Speakers' slides" in page
    assert public_url in page


def test_private_slides_are_not_downloadable_by_visitors(client, organizer, speaker):
    webinar, participation, path = speaker
    upload(client, path + "/slides", pdf_bytes(pages=2))
    slides = db.session.scalar(select(SpeakerSlides))
    client.post("/logout")
    assert client.get(f"/webinars/{webinar.slug}/slides/{slides.id}.pdf").status_code == 404
    assert client.get(f"{lineup_url(webinar)}/{participation.id}/slides.pdf").status_code in (302, 401, 404)
