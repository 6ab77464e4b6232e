"""What the recap article is drafted from: a summary's webinar, line-up, conventions, figures and quotes."""

from __future__ import annotations

from sqlalchemy import func, select

from webinars.extensions import db
from webinars.people.models import Person
from webinars.registration.models import Registration, RegistrationState
from webinars.summaries.models import Summary
from webinars.summaries.recap import (
    DraftedArticle,
    RecapConvention,
    RecapFacts,
    RecapKeyFigure,
    RecapPerson,
    RecapQuote,
    RecapSignatory,
    draft_article,
)
from webinars.summaries.signed_agreements import SignedAgreement, signed_agreements
from webinars.timezones import to_local


def recap_facts(summary: Summary) -> RecapFacts:
    webinar = summary.webinar
    moderator = webinar.moderator
    return RecapFacts(
        language=str(webinar.language),
        organizer=webinar.organization.name,
        organizer_article=webinar.organization.name_article,
        partners=tuple(partner.name for partner in webinar.partners),
        title=webinar.title,
        starts_local=webinar.starts_at_local,
        moderator=_person(moderator.person) if moderator is not None else None,
        speakers=tuple(_person(participation.person) for participation in webinar.speakers),
        conventions=tuple(
            _convention(agreement, summary) for agreement in signed_agreements(webinar, conventions_only=True)
        ),
        key_figures=tuple(RecapKeyFigure(figure.value, figure.label) for figure in summary.key_figures),
        quotes=tuple(RecapQuote(quote.text, _person(quote.person), quote.at_second) for quote in summary.quotes),
        attendees=_attendees(summary.webinar_id),
        recording_url=summary.recording_url or None,
        highlights=tuple(highlight.text for highlight in summary.highlights),
    )


def draft_for(summary: Summary) -> DraftedArticle:
    return draft_article(recap_facts(summary))


def _person(person: Person) -> RecapPerson:
    return RecapPerson(full_name=person.full_name, position=person.position, affiliation=person.affiliation)


def _convention(agreement: SignedAgreement, summary: Summary) -> RecapConvention:
    webinar = summary.webinar
    return RecapConvention(
        title=agreement.title,
        signatories=tuple(RecapSignatory(party.full_name, party.party_name) for party in agreement.parties),
        signed_during_event=webinar.starts_at <= agreement.completed_at <= webinar.ends_at,
        signed_on=to_local(agreement.completed_at, webinar.timezone).date(),
    )


def _attendees(webinar_id: int) -> int:
    """Confirmed registrants marked as present, as the summary's figures count them."""
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.webinar_id == webinar_id,
            Registration.state == RegistrationState.CONFIRMED,
            Registration.attended.is_(True),
        )
    )
