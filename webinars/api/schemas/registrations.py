"""The API's shapes of registrations, and of the registration form's questions."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import AwareDateTime, Boolean, Dict, Enum, Integer, List, Nested, String
from apiflask.validators import OneOf

from webinars.api.schemas.common import PageQuery, utc_time
from webinars.events.models import Language
from webinars.registration.models import RegistrationState


class RegistrationOut(Schema):
    id = Integer()
    webinar_id = Integer()
    state = Enum(RegistrationState, by_value=True)
    email = String()
    first_name = String()
    last_name = String()
    affiliation = String(allow_none=True)
    job_title = String(allow_none=True)
    country = String(allow_none=True, metadata={"description": "ISO 3166-1 alpha-2"})
    city = String(allow_none=True)
    language = String()
    wants_future_events = Boolean()
    attended = Boolean()
    joined_at = utc_time(allow_none=True)
    left_at = utc_time(allow_none=True)
    minutes_in_session = Integer(allow_none=True)
    created_at = utc_time()
    updated_at = utc_time()
    confirmed_at = utc_time(allow_none=True)
    cancelled_at = utc_time(allow_none=True)
    answers = Dict(
        keys=String(),
        values=List(String()),
        metadata={"description": "Question id -> the answer (several values for a multiple choice)"},
    )


class RegistrationItem(RegistrationOut):
    """A registration in a list or inside another answer."""


class RegistrationIn(Schema):
    """Registering someone as the organizer's "Add a registrant" does: seats, waitlist and duplicates checked."""

    email = String(required=True)
    first_name = String(required=True)
    last_name = String(required=True)
    affiliation = String(allow_none=True)
    job_title = String(allow_none=True)
    country = String(allow_none=True)
    city = String(allow_none=True)
    language = String(validate=OneOf([language.value for language in Language]), metadata={"description": "Of their e-mails; default: the webinar's"})
    wants_future_events = Boolean()
    consent_obtained = Boolean(
        required=True, metadata={"description": "The person agreed to the privacy notice and to being registered"}
    )
    send_confirmation = Boolean(load_default=True, metadata={"description": "Mail them the confirmation with their personal link"})
    answers = Dict(keys=String(), values=List(String()), metadata={"description": "Question id -> list of values"})


class RegistrationStateIn(Schema):
    state = String(
        required=True,
        validate=OneOf(["confirmed", "rejected", "cancelled"]),
        metadata={
            "description": "confirmed: approve a pending registration, or move a waitlisted one into a free seat;"
            " rejected: refuse a pending or waitlisted one; cancelled: cancel it (the registrant is told)"
        },
    )


class RegistrationQuery(PageQuery):
    state = String(validate=OneOf([state.value for state in RegistrationState]))
    updated_since = AwareDateTime(format="iso", metadata={"description": "Only registrations changed at or after this instant"})


class RegistrationPage(Schema):
    items = List(Nested(RegistrationItem))
    next_cursor = String(allow_none=True, metadata={"description": "null on the last page"})


class CancelOut(Schema):
    registration = Nested(RegistrationItem)
    promoted = List(Integer(), metadata={"description": "Ids of the waitlisted registrations moved into the freed seat"})



class QuestionOut(Schema):
    id = Integer()
    label = String()
    kind = String(metadata={"description": "short_text, long_text, single_choice, multiple_choice or yes_no"})
    required = Boolean()
    choices = List(String())
    position = Integer()


class QuestionList(Schema):
    items = List(Nested(QuestionOut))
