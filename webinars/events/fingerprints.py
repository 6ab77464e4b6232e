"""A webinar's collections read as text by the database, in the webinar's own statement.

(Also here: its seat count, read the same way, for the pages that show both.)

A part of a page rendered once per content (webinars/rendered_parts.py) needs a key made of the
rows it shows. Loading those rows as objects to build the key cost four statements and most of a
rendered webinar page (issue 20), only to find, almost every time, the HTML already rendered.
Here the database writes each collection (every shown column of every row) as one JSON text,
in scalar subqueries of the statement that loads the webinar: the key costs no extra round trip,
and the rows are loaded as objects only when the part must be rendered.

The text is the content itself, never a version someone must remember to bump, so a change made
by any writer (a form, a script, an erasure, a plain UPDATE) is a new key. JSON quotes every value,
so two different sets of rows never write the same text. The rows' order is the database's (no
ORDER BY): the same rows written in another order only cost a rendering, never a wrong page.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import ColumnElement, Select, Text, bindparam, func, inspect, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import ColumnProperty
from sqlalchemy.sql.expression import FunctionElement

from webinars.agenda.models import AgendaItem, agenda_item_speakers
from webinars.events.models import Webinar, WebinarPartner
from webinars.extensions import db
from webinars.people.models import Participation, Person
from webinars.registration.models import Question, RegistrationTally


class json_rows(FunctionElement):  # noqa: N801 (an SQL function, named like one)
    """Aggregate: the selected rows as one JSON array of arrays, as text (NULL for no row)."""

    type = Text()
    name = "json_rows"
    inherit_cache = True


@compiles(json_rows, "postgresql")
def _json_rows_postgresql(element, compiler, **kw) -> str:
    return f"CAST(json_agg(json_build_array({compiler.process(element.clauses, **kw)})) AS TEXT)"


@compiles(json_rows)  # SQLite's words, also what printing a statement shows
def _json_rows_sqlite(element, compiler, **kw) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


def shown_columns(model: type) -> list[ColumnElement]:
    """Every column a page may show of ``model``'s rows: all but the deferred ones (a photo's or a
    logo's bytes, shown through their hash, a column of its own)."""
    return [
        attribute.columns[0]
        for attribute in inspect(model).attrs
        if isinstance(attribute, ColumnProperty) and not attribute.deferred
    ]


@cache
def public_content_columns() -> tuple[ColumnElement[str | None], ...]:
    """``public_content``, the same objects each time (a statement built once per set of columns)."""
    return tuple(public_content())


def public_content() -> list[ColumnElement[str | None]]:
    """The webinar page's collections (``collections.load_public_content``) as four texts, each a
    scalar subquery correlated with the enclosing statement's ``Webinar``: partners, line-up with
    each person, agenda items, and each item's speakers."""
    partners = select(json_rows(*shown_columns(WebinarPartner))).where(WebinarPartner.webinar_id == Webinar.id)
    lineup = (
        select(json_rows(*shown_columns(Participation), *shown_columns(Person)))
        .join(Person, Person.id == Participation.person_id)
        .where(Participation.webinar_id == Webinar.id)
    )
    agenda = select(json_rows(*shown_columns(AgendaItem))).where(AgendaItem.webinar_id == Webinar.id)
    speakers = (
        select(json_rows(agenda_item_speakers.c.agenda_item_id, *shown_columns(Person)))
        .select_from(agenda_item_speakers)
        .join(AgendaItem, AgendaItem.id == agenda_item_speakers.c.agenda_item_id)
        .join(Person, Person.id == agenda_item_speakers.c.person_id)
        .where(AgendaItem.webinar_id == Webinar.id)
    )
    return [
        query.correlate(Webinar).scalar_subquery().label(name)
        for name, query in (("partners_text", partners), ("lineup_text", lineup), ("agenda_text", agenda), ("speakers_text", speakers))
    ]


def questions() -> ColumnElement[str | None]:
    """The webinar's registration questions as one text, correlated like ``public_content``."""
    query = select(json_rows(*shown_columns(Question))).where(Question.webinar_id == Webinar.id)
    return query.correlate(Webinar).scalar_subquery().label("questions_text")


def seats_taken() -> ColumnElement[int]:
    """The webinar's confirmed registrations (registration/tallies.py), correlated like ``public_content``."""
    query = select(RegistrationTally.confirmed).where(RegistrationTally.webinar_id == Webinar.id)
    return func.coalesce(query.correlate(Webinar).scalar_subquery(), 0).label("seats_taken")


@cache
def _public_content_statement() -> Select:
    return select(*public_content()).where(Webinar.id == bindparam("webinar_id"))


def public_content_texts(webinar_id: int) -> tuple[str | None, ...]:
    """``public_content`` for one webinar, on its own (to check a key read before the rows it stands
    for, or where the webinar came with another statement)."""
    return tuple(db.session.execute(_public_content_statement(), {"webinar_id": webinar_id}).one())
