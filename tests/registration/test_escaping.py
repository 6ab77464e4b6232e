"""Text that organizers, registrants or uploaded files supply is escaped wherever a translated
label or message carries it (webinars/lazy_text.py)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from tests import factories
from tests.registration.attendees import open_webinar, register_url, registered
from tests.registration.fixtures.registrants import published_webinar
from webinars.extensions import db

HOSTILE = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"


@pytest.fixture
def hostile_organization(app):
    return factories.make_organization(f"APEBI {HOSTILE}")


def test_the_organizations_name_is_escaped_in_the_registration_forms_opt_in(client, clock, hostile_organization):
    webinar = open_webinar(hostile_organization)

    html = client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    assert HOSTILE not in html
    assert f"Tell me about future events of APEBI {ESCAPED}" in html


def test_the_organizations_name_is_escaped_on_the_personal_page(client, clock, hostile_organization):
    _registration, token = registered(open_webinar(hostile_organization), "amina@example.org")

    html = client.get(f"/r/{token}?lang=en").get_data(as_text=True)

    assert HOSTILE not in html
    assert f"Tell me about future events of APEBI {ESCAPED}" in html


def test_the_organizations_name_is_escaped_on_the_organizers_add_a_registrant_form(client, organizer, clock):
    organizer.organization.name = f"APEBI {HOSTILE}"
    db.session.commit()
    webinar = published_webinar(organizer.organization)

    html = client.get(f"/manage/webinars/{webinar.id}/registrations/new?lang=en").get_data(as_text=True)

    assert HOSTILE not in html
    assert f"They want to hear about future events of APEBI {ESCAPED}" in html


def test_a_repeated_option_is_escaped_in_its_error_message(client, organizer, clock):
    webinar = published_webinar(organizer.organization)

    response = client.post(
        f"/manage/webinars/{webinar.id}/questions?lang=en",
        data={"label": "Size", "kind": "single_choice", "choices": f"{HOSTILE}\nLarge\n{HOSTILE}"},
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert HOSTILE not in html.split('name="choices"')[0], "the message, before the field's own text"
    assert f"“{ESCAPED}” is listed twice." in html


def test_an_unreadable_time_from_an_uploaded_report_is_escaped(client, organizer, clock):
    webinar = published_webinar(organizer.organization, starts_at=datetime(2026, 12, 10, 17, 0, tzinfo=UTC))
    clock.set(datetime(2026, 12, 10, 20, 0, tzinfo=UTC))
    report = f"User Email,Join Time\namina@example.org,{HOSTILE}\n".encode()

    response = client.post(
        f"/manage/webinars/{webinar.id}/attendance/import?lang=en",
        data={"report": (io.BytesIO(report), "report.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,  # the worker imports it; the page then says why it failed
    )

    html = response.get_data(as_text=True)
    assert HOSTILE not in html
    assert f"The time “{ESCAPED}” could not be read." in html
