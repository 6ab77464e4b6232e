"""Registration settings in the webinar form: waitlist, approval, reminders."""

from __future__ import annotations


from tests import factories
from tests.events.helpers import reload, webinar_form
from tests.registration.fixtures.registrants import make_registration, published_webinar, states
from webinars.events.forms import reminder_rows
from webinars.events.reminders import format_reminders
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.registration.models import RegistrationState


def reminders(*rows: tuple[str, str]) -> dict:
    """The reminder rows as the browser posts them: (number, unit), the other rows left empty."""
    data = {}
    for index in range(5):
        amount, unit = rows[index] if index < len(rows) else ("", "days")
        data[f"reminders-{index}-amount"] = amount
        data[f"reminders-{index}-unit"] = unit
    return data


def test_reminders_are_said_in_the_largest_exact_unit(app):
    with app.test_request_context("/?lang=en"):
        assert format_reminders([2880, 60, 90]) == "2 days, 1 hour, 90 minutes"
    assert reminder_rows([2880, 60, 90]) == [
        {"amount": 2, "unit": "days"}, {"amount": 1, "unit": "hours"}, {"amount": 90, "unit": "minutes"},
    ]


def test_the_webinar_form_saves_the_registration_settings(client, organizer, clock):
    response = client.post(
        f"/manage/{organizer.organization.slug}/webinars/new",
        data={**webinar_form(waitlist_enabled=None, approval_required="y"), **reminders(("30", "minutes"), ("2", "days"), ("48", "hours"))},
    )
    assert response.status_code == 302
    webinar = db.session.scalars(db.select(Webinar)).one()
    assert (webinar.waitlist_enabled, webinar.approval_required, webinar.reminder_minutes) == (False, True, "2880,30")

    form = client.get(f"/manage/webinars/{webinar.id}/edit?lang=en").get_data(as_text=True)
    assert 'id="reminders-0-amount" min="1" name="reminders-0-amount" type="number" value="2"' in form
    assert '<option selected value="days">days before</option>' in form
    assert 'name="reminders-1-amount" type="number" value="30"' in form

    client.post(f"/manage/webinars/{webinar.id}/edit", data={**webinar_form(waitlist_enabled="y"), **reminders()})
    webinar = reload(webinar)
    assert (webinar.waitlist_enabled, webinar.approval_required, webinar.reminder_minutes) == (True, False, "")


def test_a_new_webinar_proposes_a_waitlist_and_reminders_a_day_and_an_hour_before(client, organizer):
    form = client.get(f"/manage/{organizer.organization.slug}/webinars/new?lang=en").get_data(as_text=True)
    assert 'name="reminders-0-amount" type="number" value="1"' in form
    assert 'name="reminders-1-amount" type="number" value="1"' in form
    assert '<option selected value="hours">hours before</option>' in form
    assert 'checked id="waitlist_enabled"' in form
    assert 'id="approval_required" name="approval_required" type="checkbox" value="y">' in form
    assert 'checked id="approval_required"' not in form


def test_bad_reminders_are_shown_on_the_form_and_nothing_is_saved(client, organizer, clock):
    webinar = factories.make_webinar(organizer.organization)

    response = client.post(
        f"/manage/webinars/{webinar.id}/edit?lang=en", data={**webinar_form(title="Changed"), **reminders(("1", "days"), ("9", "days"))}
    )

    assert response.status_code == 422
    assert "Reminders go at most 7 days before the start." in response.get_data(as_text=True)
    assert reload(webinar).title != "Changed" and reload(webinar).reminder_minutes == "1440,60"


def test_raising_the_capacity_in_the_form_promotes_the_waitlist(client, organizer, clock):
    webinar = published_webinar(organizer.organization, capacity=1)
    make_registration(webinar, "amina@example.org")
    make_registration(webinar, "karim@example.org", RegistrationState.WAITLISTED)
    data = webinar_form(capacity="2", day="2026-12-10", registration_opens_at=None, registration_closes_at=None)

    response = client.post(f"/manage/webinars/{webinar.id}/edit", data=data)

    assert response.status_code == 302
    assert states(webinar) == {"amina@example.org": "confirmed", "karim@example.org": "confirmed"}
