"""What the organizer types into the webinar form, and small lookups shared by the events tests."""

from __future__ import annotations

from sqlalchemy import func, select

from webinars.events.models import Webinar
from webinars.extensions import db


def webinar_form(**changes) -> dict:
    """A complete, valid webinar form; a change to ``None`` leaves the field out (unticked box, empty input)."""
    data = {
        "title": "L'offshoring régionalisé",
        "subtitle": "Meilleure réponse aux opportunités post-Covid",
        "description": "Un **webinaire** du pôle offshoring.",
        "language": "fr",
        "timezone": "Africa/Casablanca",
        "day": "2026-12-10",
        "start_time": "18:00",
        "end_time": "20:00",
        "join_url": "https://meet.example.org/offshoring",
        "join_url_is_public": "y",
        "capacity": "300",
        "registration_opens_at": "2026-11-20T09:00",
        "registration_closes_at": "2026-12-10T17:30",
        "is_past_record": None,
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def webinar_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Webinar))


def reload(webinar: Webinar) -> Webinar:
    db.session.expire_all()
    return db.session.get(Webinar, webinar.id)
