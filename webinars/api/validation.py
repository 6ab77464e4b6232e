"""The API's input through the organizer's own forms: one rule per field, in one place (STYLE.md).

A JSON body is turned into what the form would have received from the browser (local date and
times in the webinar's zone, ticked boxes), the form validates it with every rule it applies to the
pages (input cleaning, lengths, zones, repeated or skipped hours, reminders, e-mail addresses,
required questions...), and its messages come back under the API's field names.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from webinars import wall_times
from webinars.api.problems import invalid
from webinars.events.forms import WebinarForm
from webinars.events.models import Webinar
from webinars.events.service import WebinarDetails, details_of
from webinars.timezones import is_valid_zone

# The form's fields that hold a part of an API field.
WEBINAR_FIELD_NAMES = {
    "day": "starts_at",
    "start_time": "starts_at",
    "start_time_fold": "starts_at",
    "end_time": "ends_at",
    "end_time_fold": "ends_at",
    "registration_opens_at_fold": "registration_opens_at",
    "registration_closes_at_fold": "registration_closes_at",
    "reminders": "reminder_minutes",
}

NEW_WEBINAR_DEFAULTS = {
    "subtitle": None,
    "description": "",
    "language": "fr",
    "join_url": None,
    "join_url_is_public": False,
    "doors_open_minutes": 15,
    "capacity": None,
    "registration_opens_at": None,
    "registration_closes_at": None,
    "is_past_record": False,
    "waitlist_enabled": True,
    "approval_required": False,
    "reminder_minutes": [1440, 60],
}


def form_data(values: dict) -> MultiDict:
    """What a browser posts for these values: booleans ticked or absent, nothing for None."""
    data = MultiDict()
    for name, value in values.items():
        if value is None or value is False:
            continue
        if value is True:
            data.add(name, "y")
        elif isinstance(value, list):
            for each in value:
                data.add(name, str(each))
        else:
            data.add(name, str(value))
    return data


def _wall_clock(moment: datetime | None, zone: str) -> tuple[datetime | None, str | None]:
    if moment is None:
        return None, None
    return wall_times.naive_local(moment.astimezone(UTC), zone), wall_times.fold_of(moment.astimezone(UTC), zone)


def new_webinar_details(body: dict) -> WebinarDetails:
    return _webinar_details({**NEW_WEBINAR_DEFAULTS, **body})


def changed_webinar_details(webinar: Webinar, body: dict) -> WebinarDetails:
    """The webinar's details with the fields of ``body`` changed (the others as they are)."""
    current = vars(details_of(webinar)).copy()
    current["language"] = webinar.language.value
    current["reminder_minutes"] = webinar.reminder_offsets
    return _webinar_details({**current, **body})


def _webinar_details(values: dict) -> WebinarDetails:
    zone = values.get("timezone") or ""
    clock_zone = zone if is_valid_zone(zone) else "UTC"  # the form says what is wrong with the zone
    starts, start_fold = _wall_clock(values["starts_at"], clock_zone)
    ends, end_fold = _wall_clock(values["ends_at"], clock_zone)
    opens, opens_fold = _wall_clock(values.get("registration_opens_at"), clock_zone)
    closes, closes_fold = _wall_clock(values.get("registration_closes_at"), clock_zone)
    fields = {
        "title": values.get("title"),
        "subtitle": values.get("subtitle"),
        "description": values.get("description"),
        "language": values.get("language"),
        "timezone": zone,
        "day": starts.date().isoformat(),
        "start_time": starts.strftime("%H:%M:%S"),
        "start_time_fold": start_fold,
        "end_time": ends.strftime("%H:%M:%S"),
        "end_time_fold": end_fold,
        "join_url": values.get("join_url"),
        "join_url_is_public": bool(values.get("join_url_is_public")),
        "doors_open_minutes": values.get("doors_open_minutes"),
        "capacity": values.get("capacity"),
        "registration_opens_at": opens.strftime("%Y-%m-%dT%H:%M:%S") if opens else None,
        "registration_opens_at_fold": opens_fold,
        "registration_closes_at": closes.strftime("%Y-%m-%dT%H:%M:%S") if closes else None,
        "registration_closes_at_fold": closes_fold,
        "is_past_record": bool(values.get("is_past_record")),
        "waitlist_enabled": bool(values.get("waitlist_enabled")),
        "approval_required": bool(values.get("approval_required")),
        "reminders": ", ".join(str(minutes) for minutes in values.get("reminder_minutes") or []),
    }
    form = WebinarForm(formdata=form_data(fields), meta={"csrf": False})
    valid = form.validate()
    errors = _renamed(form.errors, WEBINAR_FIELD_NAMES)
    if ends.date() != starts.date():
        # The form holds one day and two times: a webinar ends on the day it starts.
        errors.setdefault("ends_at", []).append(_("The end must be after the start, on the same day."))
    if not valid or errors:
        raise invalid(errors)
    return form.details()


def _renamed(errors: dict, names: dict[str, str]) -> dict[str, list[str]]:
    renamed: dict[str, list[str]] = {}
    for field, messages in errors.items():
        if field is None:  # the form's own errors
            field = "body"
        for message in messages if isinstance(messages, list) else [messages]:
            target = renamed.setdefault(names.get(field, field), [])
            if str(message) not in target:
                target.append(str(message))
    return renamed


def registrant_form(form_class, body: dict, webinar_language: str):
    """The organizer's "Add a registrant" form filled from the body; raises the 422 problem when invalid."""
    answers = body.get("answers") or {}
    fields = {
        "email": body.get("email"),
        "first_name": body.get("first_name"),
        "last_name": body.get("last_name"),
        "affiliation": body.get("affiliation"),
        "job_title": body.get("job_title"),
        "country": body.get("country"),
        "city": body.get("city"),
        "language": body.get("language") or webinar_language,
        "wants_future_events": bool(body.get("wants_future_events")),
        "consent_obtained": bool(body.get("consent_obtained")),
        "send_confirmation": bool(body.get("send_confirmation", True)),
    }
    question_ids = {str(question.id) for question in form_class.questions}
    unknown = [key for key in answers if key not in question_ids]
    for question in form_class.questions:
        value = answers.get(str(question.id))
        if value is not None:
            fields[f"question_{question.id}"] = list(value) if isinstance(value, list) else [value]
    form = form_class(formdata=form_data(fields), language=fields["language"], meta={"csrf": False})
    valid = form.validate()
    names = {f"question_{question.id}": f"answers.{question.id}" for question in form_class.questions}
    errors = _renamed(form.errors, names)
    for key in unknown:
        errors.setdefault(f"answers.{key}", []).append(_("This webinar has no such question."))
    if not valid or errors:
        raise invalid(errors)
    return form


def validated_form(form_class, fields: dict, **kwargs):
    """``form_class`` filled with ``fields`` as a browser would post them; the 422 problem when invalid."""
    form = form_class(formdata=form_data(fields), meta={"csrf": False}, **kwargs)
    if not form.validate():
        raise invalid(_renamed(form.errors, {}))
    return form
