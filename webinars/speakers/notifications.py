"""What the moderator and speakers, and the organizers, are told by e-mail about speaker spaces.
Every message goes through the outbox, in the webinar's language.

Only links' hashes are stored, so each message that carries a link carries a new one
(``personal_links``); the links of earlier messages keep working until revoked.
"""

from __future__ import annotations

from sqlalchemy import select

from webinars.accounts.models import Membership, Role, User
from webinars.extensions import db
from webinars.i18n import format_event_span
from webinars.mail.service import queue_email
from webinars.people.models import Participation
from webinars.speakers.models import SpeakerSpace
from webinars.urls import absolute_url


def space_url(token: str) -> str:
    return absolute_url(f"/s/{token}")


def _to_speaker(space: SpeakerSpace, template: str, kind: str, *, calendar: bytes | None = None,
                calendar_method: str | None = None, **extra) -> None:
    webinar, person = space.webinar, space.person
    language = webinar.language.value
    queue_email(
        kind=kind,
        template=f"speakers/{template}",
        to_address=person.email,
        to_name=person.full_name,
        language=language,
        sender_name=webinar.organization.email_sender_name,
        organization_id=webinar.organization_id,
        webinar_id=webinar.id,
        calendar=calendar.decode("utf-8") if calendar is not None else None,
        calendar_method=calendar_method,
        context={
            "space": space,
            "person": person,
            "webinar": webinar,
            "organization_name": webinar.organization.name,
            "when": format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, language),
            **extra,
        },
    )


def send_invitation(space: SpeakerSpace, participation: Participation, token: str) -> None:
    """"Will you speak?": the link leads to the page where they accept or decline."""
    _to_speaker(space, "invitation", "speaker_invitation", participation=participation, link=space_url(token))


def send_space_link(space: SpeakerSpace, participation: Participation, token: str) -> None:
    """The link to the space of someone already confirmed (or a new link on request)."""
    _to_speaker(space, "space_link", "speaker_space_link", participation=participation, link=space_url(token))


def send_reminder(space: SpeakerSpace, participation: Participation, token: str, missing: list[str]) -> None:
    _to_speaker(
        space, "reminder", "speaker_reminder", participation=participation, link=space_url(token), missing=missing
    )


def send_calendar(space: SpeakerSpace, token: str, *, which: str, action: str, calendar: bytes, method: str,
                  when: str, previous_when: str | None, join_url: str | None) -> None:
    """A calendar invite (``which``: "webinar" or "rehearsal"; ``action``: "new", "updated" or "cancelled")."""
    _to_speaker(
        space,
        "calendar",
        "speaker_calendar_cancel" if action == "cancelled" else "speaker_calendar",
        calendar=calendar,
        calendar_method=method,
        which=which,
        action=action,
        entry_when=when,
        previous_when=previous_when,
        join_url=join_url,
        link=space_url(token),
    )


def organizers_to_tell(space: SpeakerSpace) -> list[User]:
    """Whoever invited the speaker, while still a member of the organization; otherwise its owners."""
    organization_id = space.webinar.organization_id
    members = {
        membership.user_id: membership
        for membership in db.session.scalars(select(Membership).where(Membership.organization_id == organization_id))
    }
    if space.invited_by_id in members:
        return [members[space.invited_by_id].user]
    return sorted((m.user for m in members.values() if m.role is Role.OWNER), key=lambda user: user.id)


def send_declined_to_organizers(space: SpeakerSpace, participation: Participation) -> None:
    webinar = space.webinar
    language = webinar.language.value
    lineup_url = absolute_url(f"/manage/webinars/{webinar.id}/people")
    for user in organizers_to_tell(space):
        queue_email(
            kind="speaker_declined",
            template="speakers/declined",
            to_address=user.email,
            to_name=user.full_name,
            language=language,
            sender_name=webinar.organization.email_sender_name,
            organization_id=webinar.organization_id,
            webinar_id=webinar.id,
            context={
                "person": space.person,
                "participation": participation,
                "webinar": webinar,
                "lineup_url": lineup_url,
                "organization_name": webinar.organization.name,
            },
        )
