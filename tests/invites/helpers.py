"""Reading calendar files back, with icalendar and with an independent parser (vobject)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar
import vobject

from webinars.extensions import db
from webinars.registration.service import RegistrantDetails, register


@dataclass
class Parsed:
    """One VEVENT as both parsers read it."""

    calendar: icalendar.Calendar
    event: icalendar.Event
    vcalendar: object
    vevent: object

    @property
    def method(self) -> str:
        method = str(self.calendar["METHOD"])
        assert self.vcalendar.method.value == method
        return method

    @property
    def uid(self) -> str:
        uid = str(self.event["UID"])
        assert self.vevent.uid.value == uid
        return uid

    @property
    def sequence(self) -> int:
        sequence = int(self.event["SEQUENCE"])
        assert int(self.vevent.sequence.value) == sequence
        return sequence

    @property
    def status(self) -> str:
        status = str(self.event["STATUS"])
        assert self.vevent.status.value == status
        return status

    @property
    def starts_at(self) -> datetime:
        return self._instant("DTSTART", self.vevent.dtstart.value)

    @property
    def ends_at(self) -> datetime:
        return self._instant("DTEND", self.vevent.dtend.value)

    def _instant(self, name: str, other: datetime) -> datetime:
        mine = self.event.decoded(name)
        assert mine.utcoffset().total_seconds() == 0 and other.utcoffset().total_seconds() == 0
        assert mine == other
        return mine.astimezone(UTC)

    def text(self, name: str) -> str:
        """A TEXT property, identical in both parsers."""
        value = str(self.event[name])
        assert getattr(self.vevent, name.lower().replace("-", "_")).value == value
        return value


def parse(data: bytes | str) -> Parsed:
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    calendar = icalendar.Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    vcalendar = vobject.readOne(raw.decode("utf-8"))
    assert len(events) == 1 and len(vcalendar.vevent_list) == 1
    return Parsed(calendar, events[0], vcalendar, vcalendar.vevent)


def parse_all(data: bytes) -> list[Parsed]:
    calendar = icalendar.Calendar.from_ical(data)
    vcalendar = vobject.readOne(data.decode("utf-8"))
    events = calendar.walk("VEVENT")
    vevents = getattr(vcalendar, "vevent_list", [])
    assert len(events) == len(vevents)
    return [Parsed(calendar, e, vcalendar, v) for e, v in zip(events, vevents)]


def register_someone(webinar, email="amina@example.org", first_name="Amina", last_name="Alaoui", language="en"):
    outcome = register(webinar, RegistrantDetails(email=email, first_name=first_name, last_name=last_name), language)
    db.session.commit()
    return outcome


def calendar_parts(message):
    """(the text/calendar alternative, the invite.ics attachment) of a received message."""
    alternative = [
        p for p in message.walk() if p.get_content_type() == "text/calendar" and p.get_filename() != "invite.ics"
    ]
    attachments = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    return alternative, attachments


def offshoring_webinar(organization, **fields):
    """The reference case's webinar, published, with the values of ``webinar_form()`` (tests/events/helpers.py),
    so a form post changes only what a test says; ``fields`` override them."""
    from tests import factories
    from tests.factories import utc
    from webinars.events.models import Language, WebinarStatus

    values = {
        "title": "L'offshoring régionalisé",
        "subtitle": "Meilleure réponse aux opportunités post-Covid",
        "description": "Un **webinaire** du pôle offshoring.",
        "slug": "offshoring",
        "status": WebinarStatus.PUBLISHED,
        "starts_at": utc(2026, 12, 10, 18, 0),  # 18:00 in Casablanca (UTC+0 since 2026-09-20)
        "language": Language.FR,
        "join_url": "https://meet.example.org/offshoring",
        "join_url_is_public": True,
        "capacity": 300,
    }
    return factories.make_publishable_webinar(organization, **{**values, **fields})
