"""Saving an organization's settings, and what its public page lists."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars.accounts.models import Organization
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.organizations.colours import CheckedColour, accessible_brand_colour
from webinars.organizations.countries import default_hidden, hidden_countries, store_codes
from webinars.images import ProcessedImage
from webinars.organizations.forms import OrganizationSettings
from webinars.public.service import _announced

PAST_WEBINARS_LISTED = 20


@dataclass(frozen=True)
class SavedSettings:
    colour: CheckedColour | None  # None: no brand colour chosen


def update_settings(
    organization: Organization, settings: OrganizationSettings, logo: ProcessedImage | None = None, remove_logo: bool = False
) -> SavedSettings:
    """Apply the settings form; a brand colour white text cannot be read on is darkened (the
    caller tells the organizer). Flushes, never commits."""
    previous_country, previous_hidden = organization.country, hidden_countries(organization)
    organization.name = settings.name
    organization.short_name = settings.short_name
    organization.description = settings.description
    organization.website = settings.website
    organization.contact_email = settings.contact_email
    organization.postal_address = settings.postal_address
    organization.country = settings.country
    organization.default_language = settings.default_language
    organization.timezone = settings.timezone
    organization.sender_name = settings.sender_name
    organization.privacy_notice_fr = settings.privacy_notice_fr
    organization.privacy_notice_en = settings.privacy_notice_en
    organization.retention_months = settings.retention_months

    chosen_hidden = settings.hidden_countries - {settings.country}
    if settings.country != previous_country and chosen_hidden == previous_hidden:
        # A new country and an untouched list: the new country's default list.
        organization.hidden_countries = None
    elif organization.hidden_countries is None and chosen_hidden == default_hidden(settings.country):
        pass  # still the default
    else:
        organization.hidden_countries = store_codes(chosen_hidden)

    checked = None
    if settings.brand_color:
        checked = accessible_brand_colour(settings.brand_color)
        organization.brand_color = checked.used
    else:
        organization.brand_color = None

    if logo is not None:
        set_logo(organization, logo.content, logo.content_type)
    elif remove_logo:
        organization.logo = None
        organization.logo_content_type = None
        organization.logo_hash = None
    db.session.flush()
    return SavedSettings(colour=checked)


def set_logo(organization: Organization, content: bytes, content_type: str) -> None:
    organization.logo = content
    organization.logo_content_type = content_type
    organization.logo_hash = hashlib.sha256(content).hexdigest()


def organization_for_visitor_or_404(slug: str) -> Organization:
    """Any organization's public page: what it shows is public already (announced webinars only)."""
    organization = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        abort(404)
    return organization


def upcoming_webinars_of(organization: Organization, now: datetime) -> list[Webinar]:
    return list(
        db.session.scalars(
            select(Webinar)
            .where(Webinar.organization_id == organization.id, _announced(), Webinar.ends_at > now)
            .order_by(Webinar.starts_at, Webinar.id)
        )
    )


def past_webinars_of(organization: Organization, now: datetime, limit: int = PAST_WEBINARS_LISTED) -> list[Webinar]:
    """Webinars that took place (cancelled ones did not), the most recent first."""
    return list(
        db.session.scalars(
            select(Webinar)
            .where(
                Webinar.organization_id == organization.id,
                Webinar.status == WebinarStatus.PUBLISHED,
                Webinar.ends_at <= now,
            )
            .options(selectinload(Webinar.organization))
            .order_by(Webinar.starts_at.desc(), Webinar.id.desc())
            .limit(limit)
        )
    )
