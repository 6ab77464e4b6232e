"""Timed agenda items of a webinar."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webinars.database import UTCDateTime, enum_column, intpk, str200
from webinars.extensions import db
from webinars.markdown import RenderedMarkdown, keep_rendered, rendered
from webinars.timezones import to_local

if TYPE_CHECKING:
    from webinars.events.models import Webinar
    from webinars.people.models import Person


class AgendaKind(enum.StrEnum):
    OPENING = "opening"
    TALK = "talk"
    PANEL = "panel"
    QA = "qa"
    BREAK = "break"
    SIGNING = "signing"
    CLOSING = "closing"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    AgendaKind.OPENING: _l("Opening"),
    AgendaKind.TALK: _l("Talk"),
    AgendaKind.PANEL: _l("Panel discussion"),
    AgendaKind.QA: _l("Questions and answers"),
    AgendaKind.BREAK: _l("Break"),
    AgendaKind.SIGNING: _l("Signing ceremony"),
    AgendaKind.CLOSING: _l("Closing"),
}


agenda_item_speakers = Table(
    "agenda_item_speakers",
    db.metadata,
    Column("agenda_item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str200]
    kind: Mapped[AgendaKind] = mapped_column(enum_column(AgendaKind), default=AgendaKind.TALK)
    description: Mapped[str | None] = mapped_column(Text)  # Markdown
    # ``description`` rendered when saved (webinars/markdown.py).
    description_html: Mapped[str] = mapped_column(Text, default="")
    description_text: Mapped[str] = mapped_column(Text, default="")
    markdown_version: Mapped[str | None] = mapped_column(String(80))

    webinar: Mapped[Webinar] = relationship(back_populates="agenda_items")
    speakers: Mapped[list[Person]] = relationship(secondary=agenda_item_speakers, order_by="Person.full_name")

    @property
    def description_rendered(self) -> RenderedMarkdown:
        return rendered(self, "description")

    @property
    def starts_at_local(self) -> datetime:
        return to_local(self.starts_at, self.webinar.timezone)

    @property
    def ends_at_local(self) -> datetime:
        return to_local(self.ends_at, self.webinar.timezone)


keep_rendered(AgendaItem, "description")
