"""After the webinar, the organizer writes its summary in the browser and publishes it; the public page shows it."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from tests import factories
from webinars import clock
from webinars.events.models import WebinarStatus


def sign_in(page: Page, email: str) -> None:
    page.goto("/login?lang=en")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(factories.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_organizer_publishes_the_summary_of_an_ended_webinar(page: Page, app):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring", timezone="Africa/Casablanca")
    factories.make_user(organization, email="organizer@example.org")
    starts_at = (clock.now() - timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    webinar = factories.make_publishable_webinar(
        organization, title="L'offshoring régionalisé", status=WebinarStatus.PUBLISHED, starts_at=starts_at
    )
    factories.make_registration(webinar, first_name="Zéphyrine", last_name="Quintessa", attended=True)

    sign_in(page, "organizer@example.org")
    page.goto(f"/manage/webinars/{webinar.id}")
    page.locator(".tabs").get_by_role("link", name="Summary").click()
    expect(page.get_by_role("heading", name="Summary of “L'offshoring régionalisé”")).to_be_visible()
    expect(page.locator(".figure-cards")).to_contain_text("Attendees")

    page.get_by_role("link", name="Highlights, quotes and links").click()
    page.get_by_label("Highlight", exact=True).fill("La région Fès-Meknès est la troisième de l'offshoring au Maroc.")
    page.get_by_role("button", name="Add the highlight").click()
    expect(page.locator("#highlights .summary-entries")).to_contain_text("la troisième de l'offshoring")

    quote_form = page.locator("form", has=page.get_by_role("button", name="Add the quote"))
    quote_form.get_by_label("Quote", exact=True).fill("Derrière chaque crise se cache une opportunité.")
    quote_form.get_by_label("Said by", exact=True).select_option(label="Mohamed Benabbou")
    quote_form.get_by_label("Moment in the recording", exact=True).fill("42:10")
    quote_form.get_by_role("button", name="Add the quote").click()
    expect(page.locator("#quotes .summary-entries")).to_contain_text("Mohamed Benabbou (42:10)")

    page.get_by_role("link", name="Article", exact=True).click()
    page.get_by_role("button", name="Draft the article").click()
    preview = page.locator(".article-preview")
    expect(preview).to_contain_text("Yassine Tazi")
    expect(preview).to_contain_text("Derrière chaque crise se cache une opportunité")

    page.get_by_role("button", name="Publish the summary").click()
    expect(page.locator(".flash-success")).to_contain_text("The summary is published")

    page.get_by_role("link", name="See the public summary").click()
    main = page.locator("main")
    expect(main.get_by_role("heading", name="L'offshoring régionalisé", exact=True)).to_be_visible()
    # The drafted article tells the highlights and the quotes: the page shows each of them once, there.
    article = main.locator(".summary-article")
    expect(article).to_contain_text("la troisième de l'offshoring au Maroc")
    expect(article).to_contain_text("Derrière chaque crise se cache une opportunité")
    expect(article).to_contain_text("Mohamed Benabbou")
    expect(article).to_contain_text("Yassine Tazi")
    expect(main.locator(".summary-quote")).to_have_count(0)
    expect(main.locator(".summary-highlights")).to_have_count(0)
    expect(article).not_to_contain_text("/summary")
    assert "Quintessa" not in page.content(), "no registrant's name on the public summary"

    page.goto(f"/webinars/{webinar.slug}?lang=en")
    page.get_by_role("link", name="Read the summary of this webinar").click()
    expect(page.locator(".summary-article")).to_be_visible()
