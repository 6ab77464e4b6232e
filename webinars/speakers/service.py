"""Speaker spaces: inviting the moderator and speakers, their answers, where each one stands, and
reminders to those missing something.

A space is opened for a person of the line-up when the organizer invites them (they accept or
decline) or sends the link to someone already confirmed. Every e-mail carries a new personal link;
those mailed earlier keep working until the organizer revokes them. Functions flush and never
commit: the view owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars import clock
from webinars.accounts.models import User
from webinars.agreements.models import Agreement, AgreementKind, AgreementStatus, AgreementTemplate
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import Participation, ParticipationRole, ParticipationStatus, Person
from webinars.personal_links import service as personal_links
from webinars.speakers import calendars, notifications, profiles
from webinars.speakers.models import ProfileProposal, SpeakerSlides, SpeakerSpace


class SpeakersError(Exception):
    """A rule of speaker spaces was not met; ``message`` says it in the user's language."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NoEmail(SpeakersError):
    pass


class WrongState(SpeakersError):
    pass


# --- spaces and links -------------------------------------------------------------------


def space_of(participation: Participation) -> SpeakerSpace | None:
    return db.session.scalar(select(SpeakerSpace).where(SpeakerSpace.participation_id == participation.id))


def _open_space(participation: Participation, organizer: User | None) -> SpeakerSpace:
    """The person's space for this webinar: a new one, or the one they had before being taken out
    of the line-up (its earlier links lead here again)."""
    space = db.session.scalar(
        select(SpeakerSpace).where(
            SpeakerSpace.webinar_id == participation.webinar_id, SpeakerSpace.person_id == participation.person_id
        )
    )
    if space is None:
        space = SpeakerSpace(webinar=participation.webinar, person=participation.person)
        db.session.add(space)
    space.participation = participation
    space.removed_at = None
    if organizer is not None:
        space.invited_by_id = organizer.id
    return space


def _check_email(participation: Participation) -> None:
    if not participation.person.email:
        raise NoEmail(
            _("%(name)s has no e-mail address: add one to their details first.", name=participation.person.full_name)
        )


def invite(participation: Participation, organizer: User | None, *, now: datetime | None = None) -> SpeakerSpace:
    """Ask the person to speak (or moderate): they answer in their space. Until they accept, public
    pages and calendars leave them out."""
    _check_email(participation)
    if participation.status is ParticipationStatus.DECLINED:
        raise WrongState(_("%(name)s declined: take them out of the line-up first.", name=participation.person.full_name))
    now = now or clock.now()
    space = _open_space(participation, organizer)
    participation.status = ParticipationStatus.INVITED
    participation.invited_at = now
    participation.answered_at = None
    participation.webinar.mark_changed()  # the public line-up changes: new ETags
    _send_link(space, participation, now)
    return space


def send_link(
    participation: Participation, organizer: User | None, *, revoke_earlier: bool = False, now: datetime | None = None
) -> SpeakerSpace:
    """E-mail the person a new link to their space: the invitation again while they have not
    answered, the space itself once confirmed. ``revoke_earlier`` ends every link sent before
    (a forwarded or mistyped e-mail)."""
    _check_email(participation)
    if participation.status is ParticipationStatus.DECLINED:
        raise WrongState(_("%(name)s declined: there is nothing to send.", name=participation.person.full_name))
    now = now or clock.now()
    space = _open_space(participation, organizer)
    if revoke_earlier:
        personal_links.revoke_all(space, now)
    _send_link(space, participation, now)
    if participation.is_confirmed:
        calendars.bring_up_to_date(space, now)
    return space


def _send_link(space: SpeakerSpace, participation: Participation, now: datetime) -> None:
    db.session.flush()  # the space's id, for its link
    token = personal_links.issue(space)
    space.last_sent_at = now
    if participation.status is ParticipationStatus.INVITED:
        notifications.send_invitation(space, participation, token)
    else:
        notifications.send_space_link(space, participation, token)


def removed_from_lineup(participation: Participation, *, now: datetime | None = None) -> None:
    """Called before the organizer takes the person out of the line-up: their links now say so,
    and their calendar entries are cancelled."""
    space = space_of(participation)
    if space is None:
        return
    space.participation = None
    space.participation_id = None
    space.removed_at = now or clock.now()
    space.calendar_change_at = None
    calendars.bring_up_to_date(space, now)


# --- the person's answer ------------------------------------------------------------------


def accept(space: SpeakerSpace, *, now: datetime | None = None) -> None:
    participation = _attached(space)
    if participation.status is ParticipationStatus.DECLINED:
        raise WrongState(_("You declined this invitation. To take part after all, please contact the organizer."))
    if participation.status is not ParticipationStatus.INVITED:
        return  # already confirmed: accepting twice changes nothing
    now = now or clock.now()
    participation.status = ParticipationStatus.ACCEPTED
    participation.answered_at = now
    participation.webinar.mark_changed()
    calendars.bring_up_to_date(space, now)


def decline(space: SpeakerSpace, reason: str | None, *, now: datetime | None = None) -> None:
    """No (or no longer): the organizer is told, the person leaves public pages and their
    calendar entries are cancelled. The link then shows the answer, never the forms again."""
    participation = _attached(space)
    if participation.status is ParticipationStatus.DECLINED:
        raise WrongState(_("You already declined."))
    if space.webinar.ends_at <= (now or clock.now()):
        raise WrongState(_("The webinar is over."))
    now = now or clock.now()
    participation.status = ParticipationStatus.DECLINED
    participation.answered_at = now
    participation.decline_reason = (reason or "").strip() or None
    participation.webinar.mark_changed()
    calendars.bring_up_to_date(space, now)
    notifications.send_declined_to_organizers(space, participation)


def _attached(space: SpeakerSpace) -> Participation:
    if space.participation is None:
        raise WrongState(_("You are no longer on the line-up of this webinar."))
    return space.participation


def choose_timezone(space: SpeakerSpace, zone_name: str | None) -> None:
    space.timezone = zone_name or None
    db.session.flush()


# --- where everyone stands ------------------------------------------------------------------


class ReleaseState:
    """How a person's release for this webinar stands, for the line-up and their space."""

    NONE = "none"  # no release sent (the organization uses releases)
    DRAFT = "draft"
    WAITING = "waiting"
    SIGNED = "signed"
    DECLINED = "declined"


RELEASE_LABELS = {
    ReleaseState.NONE: _l("No release sent"),
    ReleaseState.DRAFT: _l("Release drafted, not sent"),
    ReleaseState.WAITING: _l("Release waiting for signature"),
    ReleaseState.SIGNED: _l("Release signed"),
    ReleaseState.DECLINED: _l("Release declined"),
}


@dataclass
class SpeakerStatus:
    participation: Participation
    space: SpeakerSpace | None
    proposal: ProfileProposal | None
    slides: SpeakerSlides | None
    release: Agreement | None  # the newest release not withdrawn
    uses_releases: bool
    profile_gaps: list[str] = field(default_factory=list)

    @property
    def person(self) -> Person:
        return self.participation.person

    @property
    def release_state(self) -> str | None:
        if self.release is None:
            return ReleaseState.NONE if self.uses_releases else None
        if self.release.is_completed:
            return ReleaseState.SIGNED
        if self.release.status is AgreementStatus.DECLINED:
            return ReleaseState.DECLINED
        if self.release.is_draft:
            return ReleaseState.DRAFT
        return ReleaseState.WAITING

    @property
    def profile_complete(self) -> bool:
        return not self.profile_gaps

    @property
    def release_to_sign(self):
        """The signatory who can sign now from the space, if any."""
        if self.release is None or not self.release.is_open_for_signature:
            return None
        signer = self.release.signatories[0] if self.release.signatories else None
        return signer if signer is not None and not signer.has_answered else None

    def missing(self) -> list[str]:
        """What the person can still do from their space, as sentences (empty once declined)."""
        status = self.participation.status
        if status is ParticipationStatus.DECLINED:
            return []
        things = []
        if status is ParticipationStatus.INVITED:
            things.append(_("answer the invitation"))
        if self.profile_gaps:
            things.append(_("complete your profile (%(fields)s)", fields=", ".join(self.profile_gaps)))
        if self.release_to_sign is not None:
            things.append(_("sign your release"))
        if self.participation.role is ParticipationRole.SPEAKER and self.slides is None:
            things.append(_("send your slides"))
        return things


def statuses_of(webinar: Webinar, participations: list[Participation] | None = None) -> list[SpeakerStatus]:
    """Each person of the line-up with their space, pending changes, slides and release, in a few queries."""
    if participations is None:
        participations = sorted(
            db.session.scalars(
                select(Participation)
                .where(Participation.webinar_id == webinar.id)
                .options(selectinload(Participation.person))
            ),
            key=lambda p: (p.role is not ParticipationRole.MODERATOR, p.position, p.id),
        )
    person_ids = [p.person_id for p in participations]
    spaces = {
        space.participation_id: space
        for space in db.session.scalars(
            select(SpeakerSpace).where(SpeakerSpace.webinar_id == webinar.id, SpeakerSpace.participation_id.is_not(None))
        )
    }
    proposals = {
        proposal.person_id: proposal
        for proposal in db.session.scalars(select(ProfileProposal).where(ProfileProposal.person_id.in_(person_ids)))
    } if person_ids else {}
    slides = {
        deck.participation_id: deck
        for deck in db.session.scalars(select(SpeakerSlides).where(SpeakerSlides.webinar_id == webinar.id))
    }
    releases = _latest_releases(webinar)
    uses_releases = organization_uses_releases(webinar.organization_id) or bool(releases)
    result = []
    for participation in participations:
        proposal = proposals.get(participation.person_id)
        result.append(
            SpeakerStatus(
                participation=participation,
                space=spaces.get(participation.id),
                proposal=proposal,
                slides=slides.get(participation.id),
                release=releases.get(participation.person_id),
                uses_releases=uses_releases,
                profile_gaps=profiles.gaps(proposal or participation.person),
            )
        )
    return result


def status_of(space: SpeakerSpace) -> SpeakerStatus:
    return statuses_of(space.webinar, [space.participation])[0]


def organization_uses_releases(organization_id: int) -> bool:
    """Organizations with a release template ask their speakers to sign one."""
    return (
        db.session.scalar(
            select(AgreementTemplate.id)
            .where(AgreementTemplate.organization_id == organization_id, AgreementTemplate.kind == AgreementKind.RELEASE)
            .limit(1)
        )
        is not None
    )


def _latest_releases(webinar: Webinar) -> dict[int, Agreement]:
    agreements = db.session.scalars(
        select(Agreement)
        .where(
            Agreement.webinar_id == webinar.id,
            Agreement.kind == AgreementKind.RELEASE,
            Agreement.status != AgreementStatus.WITHDRAWN,
        )
        .options(selectinload(Agreement.signatories))
        .order_by(Agreement.created_at, Agreement.id)
    )
    return {agreement.person_id: agreement for agreement in agreements if agreement.person_id is not None}


@dataclass(frozen=True)
class UnconfirmedPerson:
    full_name: str
    role: str
    problem: str


def unconfirmed_speakers(webinar: Webinar) -> list[UnconfirmedPerson]:
    """The moderator and speakers who have not confirmed (invited without an answer, or declined):
    a warning before publishing, since public pages leave them out. For the pre-flight list."""
    unconfirmed = []
    for participation in sorted(webinar.participations, key=lambda p: (p.role is not ParticipationRole.MODERATOR, p.position)):
        if participation.status is ParticipationStatus.INVITED:
            problem = _("invited, no answer yet")
        elif participation.status is ParticipationStatus.DECLINED:
            problem = _("declined: take them out of the line-up or invite someone else")
        else:
            continue
        unconfirmed.append(UnconfirmedPerson(participation.person.full_name, participation.role.label, problem))
    return unconfirmed


# --- reminders ------------------------------------------------------------------------------


def remind_everyone_missing_something(webinar: Webinar, *, now: datetime | None = None) -> int:
    """One e-mail, with a new link and the list of what is missing, to each person of the line-up
    who has a space and something left to do; returns how many were sent."""
    if webinar.ends_at <= (now or clock.now()) or webinar.is_cancelled:
        return 0
    now = now or clock.now()
    sent = 0
    for status in statuses_of(webinar):
        missing = status.missing()
        if status.space is None or not missing or not status.person.email:
            continue
        token = personal_links.issue(status.space)
        status.space.last_sent_at = now
        notifications.send_reminder(status.space, status.participation, token, missing)
        sent += 1
    db.session.flush()
    return sent


# --- logistics --------------------------------------------------------------------------------


def set_logistics(
    webinar: Webinar, speakers_join_url: str | None, rehearsal: tuple[datetime, datetime] | None
) -> bool:
    """The speakers' join link and the rehearsal; returns whether anything changed (then the
    speakers' calendars are brought up to date after the quiet period)."""
    starts, ends = rehearsal if rehearsal else (None, None)
    before = (webinar.speakers_join_url, webinar.rehearsal_starts_at, webinar.rehearsal_ends_at)
    if before == (speakers_join_url, starts, ends):
        return False
    webinar.speakers_join_url = speakers_join_url
    webinar.rehearsal_starts_at, webinar.rehearsal_ends_at = starts, ends
    db.session.flush()
    calendars.record_change(webinar)
    return True
