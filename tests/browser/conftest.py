"""Browser tests: the app served on a loopback port, driven by Debian's Chromium through Playwright.

Without Chromium on PATH the tests are skipped with a visible reason, unless
``WEBINARS_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Without these, Chromium tries to reach Google's services, which this
# closed network refuses, slowly.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if CHROMIUM:
        return CHROMIUM
    if os.environ.get("WEBINARS_REQUIRE_BROWSER") == "1":
        pytest.fail("Chromium is required (WEBINARS_REQUIRE_BROWSER=1) but not on PATH: apt-get install chromium")
    pytest.skip("browser tests skipped: no Chromium on PATH (apt-get install chromium)")


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="en-GB", timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
