"""The API's shapes of a webinar's records: agenda, attendance and its imports, summary, agreements, e-mails."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import AwareDateTime, Boolean, File, Float, Integer, List, Nested, String
from apiflask.validators import OneOf

from webinars.api.schemas.common import PageQuery, utc_time


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


class MessageQuery(PageQuery):
    """A page of the webinar's e-mails."""


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
