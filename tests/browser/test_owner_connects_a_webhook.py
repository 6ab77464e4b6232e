"""An owner connects their CRM in the browser: from the dashboard to a new endpoint and its signing secret."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.test_organizer_publishes_summary import sign_in


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WEBHOOK_ALLOWED_HOSTS": "127.0.0.1"}


def test_owner_adds_an_endpoint_and_copies_its_secret(page: Page, app, tmp_path):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring", timezone="Africa/Casablanca")
    factories.make_user(organization, email="owner@example.org")
    sign_in(page, "owner@example.org")

    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", name="Webhooks", level=1)).to_be_visible()
    page.get_by_label("Address (URL)").fill("http://10.0.0.5/hooks")
    page.get_by_label("registration.created — Someone registered").check()
    page.get_by_role("button", name="Add the endpoint").click()
    expect(page.locator("#url-error").get_by_text("This address cannot receive webhooks: 10.0.0.5 leads to 10.0.0.5")).to_be_visible()

    page.get_by_label("Address (URL)").fill("http://127.0.0.1:9/hooks")
    page.get_by_label("registration.created — Someone registered").check()
    page.get_by_label("Description").fill("CRM")
    page.get_by_role("button", name="Add the endpoint").click()

    expect(page.get_by_role("heading", name="Webhook endpoint")).to_be_visible()
    expect(page.get_by_role("textbox", name="Signing secret")).to_have_value(re.compile(r"^whsec_[A-Za-z0-9+/=]{44}$"))
    page.screenshot(path=str(tmp_path / "endpoint.png"), full_page=True)
