"""The API's shapes, for the OpenAPI document and to read and write JSON: types only.

The rules (lengths, control characters, times in the zone, reminders, e-mail addresses, seats...)
are the forms' and the services' (``webinars.api.validation``): one rule, in one place.
Times are ISO 8601 in UTC; a webinar carries its IANA ``timezone`` beside them.
"""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import (
    AwareDateTime,
    Boolean,
    Dict,
    Enum,
    File,
    Float,
    Integer,
    List,
    Nested,
    String,
)
from apiflask.validators import Length, OneOf, Range

from webinars.events.models import Language, WebinarStatus
from webinars.registration.models import RegistrationState
from webinars.webhooks.models import EventType

UTC_TIME = {"description": "ISO 8601, in UTC"}


def utc_time(**kwargs) -> AwareDateTime:
    return AwareDateTime(format="iso", default_timezone=None, metadata=UTC_TIME, **kwargs)


# --- Webinars ------------------------------------------------------------------------------


class Seats(Schema):
    capacity = Integer(allow_none=True)
    confirmed = Integer()
    waitlisted = Integer()
    pending = Integer()


class WebinarOut(Schema):
    id = Integer()
    slug = String()
    status = Enum(WebinarStatus, by_value=True)
    title = String()
    subtitle = String(allow_none=True)
    description = String(metadata={"description": "Markdown"})
    language = Enum(Language, by_value=True)
    timezone = String(metadata={"description": "IANA zone the webinar is held in; its times are in UTC"})
    starts_at = utc_time()
    ends_at = utc_time()
    join_url = String(allow_none=True)
    join_url_is_public = Boolean()
    doors_open_minutes = Integer()
    capacity = Integer(allow_none=True)
    waitlist_enabled = Boolean()
    approval_required = Boolean()
    registration_opens_at = utc_time(allow_none=True)
    registration_closes_at = utc_time(allow_none=True)
    is_past_record = Boolean()
    reminder_minutes = List(Integer(), attribute="reminder_offsets", metadata={"description": "Minutes before the start"})
    published_at = utc_time(allow_none=True)
    cancelled_at = utc_time(allow_none=True)
    created_at = utc_time()
    updated_at = utc_time()


class WebinarIn(Schema):
    """A new webinar (a draft). The same checks as the organizer's form apply."""

    title = String(required=True)
    subtitle = String(allow_none=True)
    description = String()
    language = String(validate=OneOf([language.value for language in Language]))
    timezone = String(required=True, metadata={"example": "Africa/Casablanca"})
    starts_at = AwareDateTime(required=True, format="iso", metadata={"description": "ISO 8601 with an offset"})
    ends_at = AwareDateTime(required=True, format="iso", metadata={"description": "Same local day as starts_at"})
    join_url = String(allow_none=True, metadata={"description": "https:// address"})
    join_url_is_public = Boolean()
    doors_open_minutes = Integer(allow_none=True)
    capacity = Integer(allow_none=True)
    waitlist_enabled = Boolean()
    approval_required = Boolean()
    registration_opens_at = AwareDateTime(allow_none=True, format="iso")
    registration_closes_at = AwareDateTime(allow_none=True, format="iso")
    is_past_record = Boolean()
    reminder_minutes = List(Integer(), metadata={"description": "Minutes before the start, up to five"})


class WebinarQuery(Schema):
    status = String(validate=OneOf([status.value for status in WebinarStatus]))
    starts_after = AwareDateTime(format="iso", metadata={"description": "Webinars starting at or after this instant"})
    starts_before = AwareDateTime(format="iso", metadata={"description": "Webinars starting before this instant"})


class WebinarItem(WebinarOut):
    """A webinar in a list (its own name in the document: APIFlask names a nested schema apart)."""


class WebinarList(Schema):
    items = List(Nested(WebinarItem))


# --- Registrations -------------------------------------------------------------------------


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


class RegistrationQuery(Schema):
    state = String(validate=OneOf([state.value for state in RegistrationState]))
    updated_since = AwareDateTime(format="iso", metadata={"description": "Only registrations changed at or after this instant"})
    cursor = String(validate=Length(max=100), metadata={"description": "next_cursor of the previous page"})
    limit = Integer(load_default=50, validate=Range(min=1, max=200))


class RegistrationPage(Schema):
    items = List(Nested(RegistrationItem))
    next_cursor = String(allow_none=True, metadata={"description": "null on the last page"})


class CancelOut(Schema):
    registration = Nested(RegistrationItem)
    promoted = List(Integer(), metadata={"description": "Ids of the waitlisted registrations moved into the freed seat"})


# --- People and line-up ------------------------------------------------------------------------


class PersonOut(Schema):
    id = Integer()
    full_name = String()
    position = String(allow_none=True)
    affiliation = String(allow_none=True)
    email = String(allow_none=True, metadata={"description": "Private: never shown publicly"})
    bio = String(allow_none=True, metadata={"description": "In French (Markdown)"})
    bio_en = String(allow_none=True, metadata={"description": "In English (Markdown)"})
    links = List(String(), metadata={"description": "Web addresses"})
    created_at = utc_time()
    updated_at = utc_time()


class PersonItem(PersonOut):
    """A person in a list."""


class PersonList(Schema):
    items = List(Nested(PersonItem))


class PersonIn(Schema):
    """A new person of the organization's library (the photo is added on the People page)."""

    full_name = String(required=True)
    position = String(allow_none=True)
    affiliation = String(allow_none=True)
    email = String(allow_none=True)
    bio = String(allow_none=True)
    bio_en = String(allow_none=True)
    links = List(String(), metadata={"description": "Up to five web addresses"})


class ParticipationOut(Schema):
    id = Integer()
    person_id = Integer()
    full_name = String()
    role = String(metadata={"description": "moderator or speaker"})
    status = String(metadata={"description": "added, invited, accepted or declined"})
    position = Integer()


class ParticipationItem(ParticipationOut):
    """A member of the line-up in a list."""


class Lineup(Schema):
    items = List(Nested(ParticipationItem))


class ParticipationIn(Schema):
    person_id = Integer(required=True, metadata={"description": "A person of the organization's library"})
    role = String(required=True, validate=OneOf(["moderator", "speaker"]))


# --- Agenda, attendance, summary, agreements, e-mails (reading) ------------------------------


class AgendaItemOut(Schema):
    id = Integer()
    title = String()
    kind = String()
    description = String(allow_none=True, metadata={"description": "Markdown"})
    starts_at = utc_time()
    ends_at = utc_time()
    speaker_ids = List(Integer(), metadata={"description": "People of the line-up who speak in it"})


class Agenda(Schema):
    timezone = String()
    items = List(Nested(AgendaItemOut))


class DayCountOut(Schema):
    day = String(metadata={"description": "Local day in the webinar's zone (YYYY-MM-DD)"})
    count = Integer()


class AttendanceOut(Schema):
    confirmed = Integer()
    waitlisted = Integer()
    pending = Integer()
    rejected = Integer()
    cancelled = Integer()
    capacity = Integer(allow_none=True)
    attendees = Integer()
    no_shows = Integer()
    attendance_rate = Float(allow_none=True, metadata={"description": "attendees / confirmed, 0 to 1"})
    minutes_reported = Integer()
    average_minutes = Float(allow_none=True)
    median_minutes = Float(allow_none=True)
    source = String(metadata={"description": "report, check_in, join_clicks or none"})
    registrations_per_day = List(Nested(DayCountOut))


class AttendanceItem(AttendanceOut):
    """The figures inside the summary."""


class SummaryOut(Schema):
    exists = Boolean(metadata={"description": "Whether the organizers opened the summary"})
    published = Boolean()
    published_at = utc_time(allow_none=True)
    recording_url = String(allow_none=True)
    article_title = String(allow_none=True)
    figures = Nested(AttendanceItem)


class SignatoryOut(Schema):
    party_name = String()
    full_name = String()
    state = String()
    answered_at = utc_time(allow_none=True)


class AgreementOut(Schema):
    id = Integer()
    kind = String(metadata={"description": "release or convention"})
    status = String(metadata={"description": "draft, sent, completed, declined or withdrawn"})
    title = String(allow_none=True)
    sent_at = utc_time(allow_none=True)
    completed_at = utc_time(allow_none=True)
    withdrawn_at = utc_time(allow_none=True)
    verification_code = String(allow_none=True)
    has_signed_pdf = Boolean()
    signatories = List(Nested(SignatoryOut))


class AgreementList(Schema):
    items = List(Nested(AgreementOut))


class MessageOut(Schema):
    id = Integer()
    kind = String()
    to_address = String()
    subject = String(allow_none=True)
    status = String(metadata={"description": "queued, sending, retrying, sent or failed"})
    attempts = Integer()
    queued_at = utc_time()
    sent_at = utc_time(allow_none=True)
    last_error = String(allow_none=True)
    registration_id = Integer(allow_none=True)


class MessageQuery(Schema):
    cursor = String(validate=Length(max=100), metadata={"description": "next_cursor of the previous page"})
    limit = Integer(load_default=50, validate=Range(min=1, max=200))


class MessagePage(Schema):
    items = List(Nested(MessageOut))
    next_cursor = String(allow_none=True)


class ReportUpload(Schema):
    report = File(required=True, metadata={"description": "The participants report from Zoom or Teams (.csv, 5 MB at most)"})


class AttendanceImportOut(Schema):
    id = Integer()
    status = String(metadata={"description": "queued, running, done or failed"})
    filename = String()
    rows_total = Integer()
    rows_read = Integer()
    platform = String(allow_none=True)
    matched = Integer(allow_none=True)
    unmatched = Integer(allow_none=True)
    error = String(allow_none=True)
    created_at = utc_time()
    finished_at = utc_time(allow_none=True)


class AgendaItemIn(Schema):
    """A new agenda item: inside the webinar, not overlapping another (as on the agenda page)."""

    title = String(required=True)
    kind = String(validate=OneOf(["opening", "talk", "panel", "qa", "break", "signing"]), load_default="talk")
    description = String(allow_none=True, metadata={"description": "Markdown"})
    starts_at = AwareDateTime(required=True, format="iso", metadata={"description": "ISO 8601 with an offset"})
    ends_at = AwareDateTime(required=True, format="iso")
    speaker_ids = List(Integer(), metadata={"description": "People of the webinar's line-up"})


class AgendaItemCreated(AgendaItemOut):
    """The agenda item just added."""


class QuestionOut(Schema):
    id = Integer()
    label = String()
    kind = String(metadata={"description": "short_text, long_text, single_choice, multiple_choice or yes_no"})
    required = Boolean()
    choices = List(String())
    position = Integer()


class QuestionList(Schema):
    items = List(Nested(QuestionOut))


# --- Webhook endpoints -------------------------------------------------------------------------

EVENT_TYPES = [event_type.value for event_type in EventType]


class WebhookEndpointOut(Schema):
    id = Integer()
    url = String()
    description = String(allow_none=True)
    event_types = List(String(validate=OneOf(EVENT_TYPES)))
    secret = String(metadata={"description": "The Standard Webhooks signing secret (whsec_...): check each call with it"})
    enabled = Boolean()
    failing_since = utc_time(allow_none=True)  # since when every call failed; null after a success
    disabled_at = utc_time(allow_none=True)
    disabled_reason = String(allow_none=True)
    created_at = utc_time()


class WebhookEndpointItem(WebhookEndpointOut):
    """An endpoint in a list."""


class WebhookEndpointList(Schema):
    items = List(Nested(WebhookEndpointItem))


class WebhookEndpointIn(Schema):
    url = String(required=True, metadata={"description": "Where each event is POSTed; private and local addresses are refused"})
    event_types = List(String(validate=OneOf(EVENT_TYPES)), required=True, metadata={"description": "At least one"})
    description = String(allow_none=True)


class WebhookAttemptOut(Schema):
    attempted_at = utc_time()
    status_code = Integer(allow_none=True, metadata={"description": "null when no answer came (timeout, refused)"})
    duration_ms = Integer()
    response_excerpt = String(allow_none=True, metadata={"description": "The first bytes of the answer, as text"})
    error = String(allow_none=True)


class WebhookDeliveryOut(Schema):
    id = Integer()
    message_id = String(metadata={"description": "The webhook-id header"})
    type = String(validate=OneOf(EVENT_TYPES))
    sequence = Integer(allow_none=True, metadata={"description": "The organization's running number of the event"})
    occurred_at = utc_time()
    status = String(validate=OneOf(["queued", "sending", "retrying", "sent", "failed"]))
    next_attempt_at = utc_time()
    sent_at = utc_time(allow_none=True)
    last_error = String(allow_none=True)
    attempts = List(Nested(WebhookAttemptOut), metadata={"description": "Newest first"})


class WebhookDeliveryItem(WebhookDeliveryOut):
    """A delivery in a page."""


class WebhookDeliveryQuery(Schema):
    cursor = String(validate=Length(max=100), metadata={"description": "next_cursor of the previous page"})
    limit = Integer(load_default=50, validate=Range(min=1, max=200))


class WebhookDeliveryPage(Schema):
    items = List(Nested(WebhookDeliveryItem))
    next_cursor = String(allow_none=True, metadata={"description": "null on the last page"})
