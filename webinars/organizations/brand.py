"""The organization's brand as every page, e-mail and PDF sees it: one helper, ``brand_for``.

Templates of an organization's public pages set ``brand`` (``{% set brand = organization_brand(org) %}``);
``base.html`` then shows its logo, name and colour in the header and links the brand's stylesheet,
which sets the CSS custom properties (``--brand``, ``--brand-dark``, ``--brand-soft``) that
``static/app.css`` uses for the header, buttons and links. E-mails (``webinars/mail/service.py``)
and PDFs get the same object, with absolute addresses.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

from webinars.organizations.colours import DEFAULT_BRAND, darker, tint
from webinars.urls import absolute_url


@dataclass(frozen=True)
class Brand:
    name: str
    short_name: str
    colour: str  # white text on it passes WCAG AA
    colour_dark: str
    colour_soft: str
    logo_url: str | None  # the site's path
    page_url: str  # the organization's public page
    stylesheet_url: str
    website: str | None
    postal_address: str | None
    contact_email: str | None
    privacy_url: str
    sender_name: str

    @property
    def absolute_logo_url(self) -> str | None:
        return absolute_url(self.logo_url) if self.logo_url else None

    @property
    def absolute_page_url(self) -> str:
        return absolute_url(self.page_url)

    @property
    def absolute_privacy_url(self) -> str:
        return absolute_url(self.privacy_url)

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in (self.postal_address or "").splitlines() if line.strip()]


# What a brand is made of: a change of any of these is a new brand.
_BRAND_FIELDS = (
    "slug", "name", "short_name", "logo_url", "brand_color", "website", "postal_address", "contact_email",
    "sender_name",
)


def brand_colour(organization) -> str:
    return organization.brand_color or DEFAULT_BRAND


def brand_for(organization) -> Brand:
    """The brand of ``organization``, built once per process and set of values (every page and e-mail asks).

    Its addresses are written out rather than built with url_for, because e-mails are written by
    the worker outside any request (routes in webinars/organizations/routes.py; a test checks
    that they agree)."""
    return _brand_of(*(getattr(organization, name) for name in _BRAND_FIELDS))


@lru_cache(maxsize=256)
def _brand_of(
    slug, name, short_name, logo_url, brand_color, website, postal_address, contact_email, sender_name
) -> Brand:
    """A pure function of ``_BRAND_FIELDS``' values, so kept for the process (a frozen value, shared)."""
    colour = brand_color or DEFAULT_BRAND
    return Brand(
        name=name,
        short_name=short_name or name,
        colour=colour,
        colour_dark=darker(colour),
        colour_soft=tint(colour),
        logo_url=logo_url,
        page_url=f"/organizations/{slug}",
        stylesheet_url=f"/brand/{colour.lstrip('#')}.css",
        website=website,
        postal_address=postal_address,
        contact_email=contact_email,
        privacy_url=f"/organizations/{slug}/privacy",
        sender_name=sender_name or name,
    )


def brand_stylesheet(colour: str) -> str:
    """The custom properties of one brand colour (served as a file: the CSP allows no inline style)."""
    return (
        f":root {{ --brand: {colour}; --brand-dark: {darker(colour)}; --brand-soft: {tint(colour)}; }}\n"
    )




@dataclass(frozen=True)
class Letterhead:
    """The top of an organization's PDFs (agreements, summaries): its logo, name and address.

    The logo is a ``data:`` URL: WeasyPrint fetches nothing else."""

    name: str
    logo_data_url: str | None
    address_lines: tuple[str, ...]
    contact_lines: tuple[str, ...]  # website, e-mail
    colour: str


def letterhead_for(organization) -> Letterhead:
    logo = organization.logo if organization.logo_hash else None
    return Letterhead(
        name=organization.name,
        logo_data_url=(
            f"data:{organization.logo_content_type};base64," + base64.b64encode(logo).decode("ascii") if logo else None
        ),
        address_lines=tuple(line.strip() for line in (organization.postal_address or "").splitlines() if line.strip()),
        contact_lines=tuple(value for value in (organization.website, organization.contact_email) if value),
        colour=brand_colour(organization),
    )
