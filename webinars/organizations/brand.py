"""The organization's brand as every page, e-mail and PDF sees it: one helper, ``brand_for``.

Templates of an organization's public pages set ``brand`` (``{% set brand = organization_brand(org) %}``);
``base.html`` then shows its logo, name and colour in the header and links the brand's stylesheet,
which sets the CSS custom properties (``--brand``, ``--brand-dark``, ``--brand-soft``) that
``static/app.css`` uses for the header, buttons and links. E-mails (``webinars/mail/service.py``)
and PDFs get the same object, with absolute addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, url_for
from markupsafe import Markup

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


def brand_colour(organization) -> str:
    return organization.brand_color or DEFAULT_BRAND


def brand_for(organization) -> Brand:
    """The brand of ``organization``, built once per request."""
    cache = g.setdefault("organization_brands", {}) if _has_g() else {}
    key = (organization.id, organization.logo_hash, organization.brand_color, organization.name)
    brand = cache.get(key)
    if brand is None:
        colour = brand_colour(organization)
        brand = cache[key] = Brand(
            name=organization.name,
            short_name=organization.short_name or organization.name,
            colour=colour,
            colour_dark=darker(colour),
            colour_soft=tint(colour),
            logo_url=organization.logo_url,
            page_url=url_for("organizations.page", slug=organization.slug),
            stylesheet_url=url_for("organizations.brand_stylesheet_file", colour=colour.lstrip("#")),
            website=organization.website,
            postal_address=organization.postal_address,
            contact_email=organization.contact_email,
            privacy_url=url_for("organizations.privacy_notice", slug=organization.slug),
            sender_name=organization.sender_name or organization.name,
        )
    return brand


def _has_g() -> bool:
    from flask import has_app_context

    return has_app_context()


def brand_stylesheet(colour: str) -> str:
    """The custom properties of one brand colour (served as a file: the CSP allows no inline style)."""
    return (
        f":root {{ --brand: {colour}; --brand-dark: {darker(colour)}; --brand-soft: {tint(colour)}; }}\n"
    )


