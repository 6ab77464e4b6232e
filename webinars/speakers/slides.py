"""Slides of the moderator and speakers: stored, replaced, removed, made public after the webinar.

Each person of the line-up has at most one deck per webinar (a new upload replaces it). The
bytes live in the database, like photos and signed PDFs, so any app server can serve them.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from webinars import clock
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import Participation
from webinars.speakers.models import SlidesSource, SpeakerSlides
from webinars.speakers.service import WrongState


def slides_of(participation: Participation) -> SpeakerSlides | None:
    return db.session.scalar(select(SpeakerSlides).where(SpeakerSlides.participation_id == participation.id))


def store(
    participation: Participation, content: bytes, filename: str, page_count: int, source: SlidesSource
) -> SpeakerSlides:
    """Keep a checked PDF (``pdf_files.check_pdf``) as this person's slides, replacing earlier ones."""
    slides = slides_of(participation)
    if slides is None:
        slides = SpeakerSlides(webinar_id=participation.webinar_id, participation=participation)
        db.session.add(slides)
    slides.content = content
    slides.filename = filename
    slides.size_bytes = len(content)
    slides.page_count = page_count
    slides.sha256 = hashlib.sha256(content).hexdigest()
    slides.uploaded_by = source
    slides.uploaded_at = clock.now()
    slides.is_public = False  # a new file is reviewed again before it goes public
    db.session.flush()
    return slides


def remove(slides: SpeakerSlides) -> None:
    db.session.delete(slides)
    db.session.flush()


def set_public(slides: SpeakerSlides, public: bool, *, now: datetime | None = None) -> None:
    """Only after the webinar: visitors download them from its summary."""
    if public and slides.webinar.ends_at > (now or clock.now()):
        raise WrongState(_("Slides can be made public once the webinar is over."))
    slides.is_public = public
    db.session.flush()


def public_slides(webinar: Webinar) -> list[SpeakerSlides]:
    """The slides the organizer made public, of people still confirmed in the line-up, in line-up order."""
    decks = db.session.scalars(
        select(SpeakerSlides)
        .where(SpeakerSlides.webinar_id == webinar.id, SpeakerSlides.is_public.is_(True))
        .options(selectinload(SpeakerSlides.participation).selectinload(Participation.person))
    )
    shown = [deck for deck in decks if deck.participation.is_confirmed]
    return sorted(shown, key=lambda deck: (deck.participation.position, deck.id))


def with_content(slides_id: int) -> SpeakerSlides | None:
    return db.session.get(SpeakerSlides, slides_id, options=[undefer(SpeakerSlides.content)])
