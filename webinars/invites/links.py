"""Add-to-calendar links for web calendars: pure functions of the event's details.

Times are given in UTC (``...Z``), which each service converts to its user's
zone; no service has to know the event's zone rules. Spaces are encoded as
``%20``: Outlook shows a ``+`` as it is. No value carries a line break.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0/action/compose"
MICROSOFT_365 = "https://outlook.office.com/calendar/0/action/compose"

# Links longer than about 2,000 characters are cut by some browsers and proxies.
DETAILS_LIMIT = 1000


@dataclass(frozen=True)
class EventLinkDetails:
    title: str
    starts_at: datetime
    ends_at: datetime
    details: str
    location: str


def _compact(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _details(text: str) -> str:
    text = _one_line(text)
    return text if len(text) <= DETAILS_LIMIT else text[: DETAILS_LIMIT - 1].rstrip() + "…"


def _query(values: dict[str, str]) -> str:
    return urlencode(values, quote_via=quote)


def google_calendar_url(event: EventLinkDetails) -> str:
    query = {
        "action": "TEMPLATE",
        "text": _one_line(event.title),
        "dates": f"{_compact(event.starts_at)}/{_compact(event.ends_at)}",
        "details": _details(event.details),
        "location": _one_line(event.location),
    }
    return f"{GOOGLE}?{_query(query)}"


def _outlook(base: str, event: EventLinkDetails) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": _one_line(event.title),
        "startdt": _iso(event.starts_at),
        "enddt": _iso(event.ends_at),
        "body": _details(event.details),
        "location": _one_line(event.location),
    }
    return f"{base}?{_query(query)}"


def outlook_com_url(event: EventLinkDetails) -> str:
    return _outlook(OUTLOOK_COM, event)


def microsoft_365_url(event: EventLinkDetails) -> str:
    return _outlook(MICROSOFT_365, event)


def webcal_url(url: str) -> str:
    """``https://host/feed.ics`` → ``webcal://host/feed.ics``: calendar programs subscribe to it."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", parts.netloc, parts.path, parts.query, parts.fragment))
