"""Registration settings in the webinar form: waitlist, approval, reminders."""

from __future__ import annotations

import pytest
from wtforms.validators import ValidationError

from tests import factories
from tests.events.helpers import reload, webinar_form
from tests.registration.fixtures.registrants import make_registration, published_webinar, states
from webinars.events.forms import format_reminders, parse_reminders
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.registration.models import RegistrationState


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1 day, 1 hour", [1440, 60]),
        ("1440, 60", [1440, 60]),
        ("2 jours; 3 heures, 30 min", [2880, 180, 30]),
        ("1h, 15m, 1d", [1440, 60, 15]),
        ("60 minutes, 1 hour", [60]),  # the same delay twice counts once
        ("7 days", [10080]),
        ("", []),
    ],
)
def test_reminders_are_read_in_minutes(app, text, minutes):
    assert parse_reminders(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "is not a delay"),
        ("1 week", "is not a delay"),
        ("-1 hour", "is not a delay"),
        ("0 minutes", "is zero"),
        ("8 days", "at most 7 days before"),
        ("1 d, 2 d, 3 d, 4 d, 5 d, 6 d", "Five reminders at most."),
    ],
)
def test_impossible_reminders_are_refused(app, text, message):
    with pytest.raises(ValidationError, match=message):
        parse_reminders(text)


def test_reminders_are_written_back_in_the_largest_unit(app):
    with app.test_request_context("/?lang=en"):
        assert format_reminders([2880, 60, 90]) == "2 days, 1 hour, 90 minutes"
        assert parse_reminders(format_reminders([2880, 60, 90])) == [2880, 90, 60]
    with app.test_request_context("/?lang=fr"):
        assert parse_reminders(format_reminders([1440, 60])) == [1440, 60]


def test_the_webinar_form_saves_the_registration_settings(client, organizer, clock):
    response = client.post(
        f"/manage/{organizer.organization.slug}/webinars/new",
        data=webinar_form(waitlist_enabled=None, approval_required="y", reminders="2 days, 30 minutes"),
    )
    assert response.status_code == 302
    webinar = db.session.scalars(db.select(Webinar)).one()
    assert (webinar.waitlist_enabled, webinar.approval_required, webinar.reminder_minutes) == (False, True, "2880,30")

    form = client.get(f"/manage/webinars/{webinar.id}/edit?lang=en").get_data(as_text=True)
    assert 'value="2 days, 30 minutes"' in form

    client.post(f"/manage/webinars/{webinar.id}/edit", data=webinar_form(waitlist_enabled="y", reminders=""))
    webinar = reload(webinar)
    assert (webinar.waitlist_enabled, webinar.approval_required, webinar.reminder_minutes) == (True, False, "")


def test_a_new_webinar_proposes_a_waitlist_and_reminders_a_day_and_an_hour_before(client, organizer):
    form = client.get(f"/manage/{organizer.organization.slug}/webinars/new?lang=en").get_data(as_text=True)
    assert 'value="1 day, 1 hour"' in form
    assert 'checked id="waitlist_enabled"' in form
    assert 'id="approval_required" name="approval_required" type="checkbox" value="y">' in form
    assert 'checked id="approval_required"' not in form


def test_bad_reminders_are_shown_on_the_form_and_nothing_is_saved(client, organizer, clock):
    webinar = factories.make_webinar(organizer.organization)

    response = client.post(
        f"/manage/webinars/{webinar.id}/edit?lang=en", data=webinar_form(title="Changed", reminders="1 day, 9 days")
    )

    assert response.status_code == 422
    assert "“9 days” is too early: reminders go at most 7 days before." in response.get_data(as_text=True)
    assert reload(webinar).title != "Changed" and reload(webinar).reminder_minutes == "1440,60"


def test_raising_the_capacity_in_the_form_promotes_the_waitlist(client, organizer, clock):
    webinar = published_webinar(organizer.organization, capacity=1)
    make_registration(webinar, "amina@example.org")
    make_registration(webinar, "karim@example.org", RegistrationState.WAITLISTED)
    data = webinar_form(capacity="2", day="2026-12-10", registration_opens_at=None, registration_closes_at=None)

    response = client.post(f"/manage/webinars/{webinar.id}/edit", data=data)

    assert response.status_code == 302
    assert states(webinar) == {"amina@example.org": "confirmed", "karim@example.org": "confirmed"}
