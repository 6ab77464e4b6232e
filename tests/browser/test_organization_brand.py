"""The organization's brand as a visitor sees it, on a desktop and on a 390 px phone."""

from __future__ import annotations

import os

import pytest

from tests import factories
from tests.organizations.helpers import png_logo
from tests.registration.attendees import open_webinar
from webinars.extensions import db
from webinars.organizations.service import set_logo

SCREENSHOTS = os.environ.get("WEBINARS_BRAND_SCREENSHOTS")  # a folder, to look at the result


@pytest.mark.parametrize("width, name_shown", [(1280, "APEBI — Pôle Offshoring"), (390, "APEBI")])
def test_the_header_carries_the_organizations_logo_name_and_colour(page, clock, width, name_shown):
    organization = factories.make_organization(
        "APEBI — Pôle Offshoring", short_name="APEBI", brand_color="#0b6e4f", country="MA"
    )
    set_logo(organization, png_logo(), "image/png")
    db.session.commit()
    webinar = open_webinar(organization)

    page.set_viewport_size({"width": width, "height": 800})
    for path in (f"/webinars/{webinar.slug}", f"/organizations/{organization.slug}", f"/webinars/{webinar.slug}/register"):
        page.goto(path)
        header = page.locator("header.site-header")
        assert header.evaluate("element => getComputedStyle(element).borderTopColor") == "rgb(11, 110, 79)"
        brand = page.locator("a.brand-organization")
        assert brand.locator("img.brand-logo").is_visible()
        assert brand.inner_text().strip() == name_shown
        # Links and primary buttons take the brand's colour.
        assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()") == "#0b6e4f"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{path} scrolls sideways"
        if SCREENSHOTS:
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{width}-{path.strip('/').replace('/', '-')}.png"), full_page=True)
