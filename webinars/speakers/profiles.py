"""A speaker's profile as they edit it in their space: changes wait for the organizer's review
(a "changes to review" badge in the line-up) unless the organizer trusts the speaker.

Public pages only ever show the person's row; a proposal is copied onto it when accepted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from webinars.extensions import db
from webinars.people import service as people
from webinars.people.models import Person
from webinars.speakers.models import ProfileProposal, SpeakerSpace


@dataclass(frozen=True)
class ProfileDetails:
    """What a speaker may change about themselves (not their e-mail: the organizer's to manage)."""

    full_name: str
    position: str | None = None
    affiliation: str | None = None
    bio: str | None = None  # in French
    bio_en: str | None = None
    links: str | None = None  # one address per line

    @classmethod
    def of(cls, profile: Person | ProfileProposal) -> ProfileDetails:
        return cls(profile.full_name, profile.position, profile.affiliation, profile.bio, profile.bio_en, profile.links)


def gaps(profile: Person | ProfileProposal) -> list[str]:
    """What a complete profile has that this one lacks, as words for the organizer and the speaker."""
    missing = []
    if not profile.position:
        missing.append(_("position"))
    if not profile.affiliation:
        missing.append(_("organization"))
    if not (profile.bio or profile.bio_en):
        missing.append(_("biography"))
    if isinstance(profile, ProfileProposal):  # without a new photo, it keeps the current one unless removed
        has_photo = profile.has_new_photo or (profile.person.has_photo and not profile.remove_photo)
    else:
        has_photo = profile.has_photo
    if not has_photo:
        missing.append(_("photo"))
    return missing


def proposal_of(person: Person) -> ProfileProposal | None:
    return db.session.scalar(select(ProfileProposal).where(ProfileProposal.person_id == person.id))


def submit(
    space: SpeakerSpace, details: ProfileDetails, photo: people.Photo | None = None, remove_photo: bool = False
) -> bool:
    """The speaker saves their profile. Returns True when it is public at once (a trusted speaker),
    False when it waits for the organizer's review. Saving what is already public changes nothing."""
    person = space.person
    proposal = proposal_of(person)
    if person.profile_trusted:
        if proposal is not None:
            db.session.delete(proposal)
        _apply(person, details, photo, remove_photo)
        return True
    if proposal is None:
        proposal = ProfileProposal(person=person)
        db.session.add(proposal)
    proposal.space = space
    proposal.full_name, proposal.position, proposal.affiliation = details.full_name, details.position, details.affiliation
    proposal.bio, proposal.bio_en, proposal.links = details.bio, details.bio_en, details.links
    if photo is not None:
        proposal.photo, proposal.photo_content_type = photo.content, photo.content_type
        proposal.photo_hash = hashlib.sha256(photo.content).hexdigest()
        proposal.remove_photo = False
    elif remove_photo:
        proposal.photo = proposal.photo_content_type = proposal.photo_hash = None
        proposal.remove_photo = person.has_photo
    if _changes_nothing(proposal, person):
        if proposal in db.session.new:
            db.session.expunge(proposal)
        else:
            db.session.delete(proposal)
    db.session.flush()
    return False


def _changes_nothing(proposal: ProfileProposal, person: Person) -> bool:
    return (
        ProfileDetails.of(proposal) == ProfileDetails.of(person)
        and proposal.photo_hash in (None, person.photo_hash)
        and not proposal.remove_photo
    )


def accept(proposal: ProfileProposal) -> Person:
    """The organizer accepts the changes: public pages show them from now on."""
    person = proposal.person
    photo = people.Photo(proposal.photo, proposal.photo_content_type) if proposal.has_new_photo else None
    _apply(person, ProfileDetails.of(proposal), photo, proposal.remove_photo)
    db.session.delete(proposal)
    db.session.flush()
    return person


def discard(proposal: ProfileProposal) -> None:
    db.session.delete(proposal)
    db.session.flush()


def set_trusted(person: Person, trusted: bool) -> None:
    """Trusting a speaker also accepts the changes they are waiting on."""
    person.profile_trusted = trusted
    if trusted:
        proposal = proposal_of(person)
        if proposal is not None:
            accept(proposal)
    db.session.flush()


def _apply(person: Person, details: ProfileDetails, photo: people.Photo | None, remove_photo: bool) -> None:
    people.update_person(
        person,
        people.PersonDetails(
            full_name=details.full_name,
            position=details.position,
            affiliation=details.affiliation,
            email=person.email,
            bio=details.bio,
            bio_en=details.bio_en,
            links=details.links,
        ),
        photo,
        remove_photo=remove_photo,
    )


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str | None
    after: str | None


def changes_of(proposal: ProfileProposal) -> list[FieldChange]:
    """The fields the proposal changes, for the review page."""
    person = proposal.person
    labels = (
        ("full_name", _("Full name")),
        ("position", _("Position")),
        ("affiliation", _("Organization")),
        ("bio", _("Biography in French")),
        ("bio_en", _("Biography in English")),
        ("links", _("Links")),
    )
    return [
        FieldChange(label, getattr(person, name), getattr(proposal, name))
        for name, label in labels
        if (getattr(person, name) or None) != (getattr(proposal, name) or None)
    ]
