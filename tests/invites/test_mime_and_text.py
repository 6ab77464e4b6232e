"""Calendar objects as clients and relays expect them: strict media types, 7-bit parts, CRLF files,
plain-text descriptions in the reader's language, add-to-calendar links on one line."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import utc
from tests.invites.helpers import calendar_parts, offshoring_webinar, parse, register_someone
from webinars.invites.links import EventLinkDetails, google_calendar_url, microsoft_365_url, outlook_com_url

AMINA = "amina@example.org"


@pytest.fixture
def webinar(organizer, clock):
    return offshoring_webinar(
        organizer.organization,
        description=(
            "## Au programme\n\nUn **webinaire** du *pôle* offshoring, avec le "
            "[CRI Fès-Meknès](https://cri-fes-meknes.ma).\n\n- Les enjeux\n- Les territoires\n"
        ),
    )


def test_every_calendar_response_names_its_method(client, webinar):
    outcome = register_someone(webinar, email=AMINA)
    expected = {
        "/webinars/offshoring.ics": "text/calendar; charset=utf-8; method=PUBLISH",
        f"/organizations/{webinar.organization.slug}/calendar.ics": "text/calendar; charset=utf-8; method=PUBLISH",
        f"/r/{outcome.token}/invite.ics": "text/calendar; charset=utf-8; method=REQUEST",
    }
    for path, content_type in expected.items():
        response = client.get(path)
        assert response.headers["Content-Type"] == content_type, path
        assert f"METHOD:{content_type.rsplit('=', 1)[1]}" in response.get_data(as_text=True)


def test_public_files_and_the_feed_are_cached_five_minutes_as_the_readme_says(app, webinar):
    visitor = app.test_client()  # signed-in members get every page private (tests/test_private_pages.py)
    for path in ("/webinars/offshoring.ics", f"/organizations/{webinar.organization.slug}/calendar.ics"):
        assert visitor.get(path).headers["Cache-Control"] == "public, max-age=300"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "max-age=300" in readme and "5 seconds" not in readme.split("## Production")[0]


def test_mail_crosses_a_7_bit_relay_intact(webinar, mail_via_smtp):
    register_someone(webinar, email=AMINA, first_name="Amina", last_name="Éloualid", language="fr")

    [received] = mail_via_smtp.received
    assert all(byte < 128 for byte in received.raw), "every part is quoted-printable or base64"
    [alternative], [attachment] = calendar_parts(received.message)
    assert attachment.get_content_type() == "text/calendar"
    assert (alternative.get_param("method"), attachment.get_param("method")) == ("REQUEST", "REQUEST")
    assert "régionalisé" in alternative.get_content()


def test_an_eml_file_is_byte_for_byte_what_smtp_would_carry(app, webinar):
    register_someone(webinar, email=AMINA)

    [path] = (Path(app.instance_path) / "outbox").glob("*.eml")
    data = path.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    message = message_from_bytes(data, policy=policy.default)
    [_alternative], [attachment] = calendar_parts(message)
    assert attachment.get_payload(decode=True).startswith(b"BEGIN:VCALENDAR\r\n")


def test_descriptions_are_plain_text_with_links_written_out(client, webinar):
    description = parse(client.get("/webinars/offshoring.ics").get_data()).text("DESCRIPTION")

    assert "Un webinaire du pôle offshoring, avec le CRI Fès-Meknès (https://cri-fes-meknes.ma)." in description
    assert "Au programme" in description and "- Les enjeux\n- Les territoires" in description
    assert not re.search(r"\*|#|\]\(", description)


def test_a_personal_invite_is_in_the_registrant_s_language_the_public_file_in_the_webinar_s(client, webinar):
    outcome = register_someone(webinar, email=AMINA, language="en")

    personal = parse(client.get(f"/r/{outcome.token}/invite.ics").get_data())
    public = parse(client.get("/webinars/offshoring.ics").get_data())

    assert "When: Thursday, December 10, 2026" in personal.text("DESCRIPTION")
    assert "(Morocco time, UTC+0)" in personal.text("DESCRIPTION")
    assert personal.event["SUMMARY"].params["LANGUAGE"] == "fr"  # the organizer's title, as written
    assert personal.event["DESCRIPTION"].params["LANGUAGE"] == "en"
    assert "Quand\xa0: jeudi 10 décembre 2026" in public.text("DESCRIPTION")


def test_add_to_calendar_links_never_carry_a_line_break_and_outlook_reads_spaces():
    event = EventLinkDetails(
        title="Offshoring\r\nrégionalisé",
        starts_at=utc(2026, 12, 10, 18, 0),
        ends_at=utc(2026, 12, 10, 20, 0),
        details="Le pôle offshoring\n\nQuand : jeudi\u2028soir",
        location="https://meet.example.org/x\n",
    )
    for url in (google_calendar_url(event), outlook_com_url(event), microsoft_365_url(event)):
        assert not re.search(r"%0[AD]|%E2%80%A8|\n|\r", url, re.I), url
        assert "+" not in urlsplit(url).query, "Outlook shows a + as it is"
        assert "%20" in url
    outlook = parse_qs(urlsplit(outlook_com_url(event)).query)
    assert outlook["subject"] == ["Offshoring régionalisé"]
