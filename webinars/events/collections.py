"""A webinar's line-up, agenda and partners, each loaded by one statement built once.

``selectinload`` would load the same rows, but it builds its statement again and computes the
statement's cache key again on every use: about 0.7 ms of CPU per collection, for a handful of
rows. The pages that crowds open (the webinar page, its .ics, a registrant's invite) load them
here instead, with statements made once per process (SQLAlchemy keeps a statement's cache key on
the statement object), in the order their relationships declare.

Only collections not loaded yet are loaded: a webinar already holding one (changed in this
session, say) keeps it as it is.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from webinars.agenda.models import AgendaItem, agenda_item_speakers
from webinars.events.models import Webinar, WebinarPartner
from webinars.extensions import db
from webinars.people.models import Participation, Person


@cache
def _participations() -> Select:
    return (
        select(Participation)
        .where(Participation.webinar_id == bindparam("webinar_id"))
        .options(joinedload(Participation.person))
        .order_by(Participation.position, Participation.id)
    )


@cache
def _agenda_items() -> Select:
    return (
        select(AgendaItem)
        .where(AgendaItem.webinar_id == bindparam("webinar_id"))
        .order_by(AgendaItem.starts_at, AgendaItem.id)
    )


@cache
def _agenda_speakers() -> Select:
    return (
        select(agenda_item_speakers.c.agenda_item_id, Person)
        .join(Person, Person.id == agenda_item_speakers.c.person_id)
        .where(agenda_item_speakers.c.agenda_item_id.in_(bindparam("item_ids", expanding=True)))
        .order_by(Person.full_name, Person.id)
    )


@cache
def _partners() -> Select:
    return (
        select(WebinarPartner)
        .where(WebinarPartner.webinar_id == bindparam("webinar_id"))
        .order_by(WebinarPartner.position, WebinarPartner.id)
    )


def _unloaded(webinar: Webinar) -> frozenset[str]:
    return inspect(webinar).unloaded


def load_lineup(webinar: Webinar) -> None:
    """The participations, each with its person."""
    if "participations" in _unloaded(webinar):
        participations = db.session.scalars(_participations(), {"webinar_id": webinar.id}).all()
        set_committed_value(webinar, "participations", list(participations))


def load_agenda(webinar: Webinar, *, with_speakers: bool = True) -> None:
    """The agenda items, each with its speakers unless ``with_speakers`` is False."""
    if "agenda_items" in _unloaded(webinar):
        set_committed_value(webinar, "agenda_items", list(db.session.scalars(_agenda_items(), {"webinar_id": webinar.id})))
    if not with_speakers:
        return
    waiting = [item for item in webinar.agenda_items if "speakers" in inspect(item).unloaded]
    if not waiting:
        return
    speakers: dict[int, list[Person]] = defaultdict(list)
    for item_id, person in db.session.execute(_agenda_speakers(), {"item_ids": [item.id for item in waiting]}):
        speakers[item_id].append(person)
    for item in waiting:
        set_committed_value(item, "speakers", speakers[item.id])


def load_partners(webinar: Webinar) -> None:
    if "partners" in _unloaded(webinar):
        set_committed_value(webinar, "partners", list(db.session.scalars(_partners(), {"webinar_id": webinar.id})))


def load_public_content(webinar: Webinar) -> None:
    """Everything the webinar page lists: line-up, agenda and its speakers, partners."""
    load_partners(webinar)
    load_lineup(webinar)
    load_agenda(webinar)
