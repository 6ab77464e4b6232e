"""The API's shapes of the organization's people and of a webinar's line-up."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Integer, List, Nested, String
from apiflask.validators import OneOf

from webinars.api.schemas.common import utc_time


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
