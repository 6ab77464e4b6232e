"""Every page an organizer or a visitor reaches, in French, says nothing in English that the catalog
translates (and the reverse in English).

The demo is loaded, then each page is crawled from the organizer's dashboard and from the public
list of webinars by following links, in each language. Visible text is compared with the catalog:
a text node that is exactly a msgid whose French differs (or a msgid of three words or more that a
text node contains) is English left untranslated; the same with the French texts on English pages.
Content written by users carries its own ``lang`` (the webinar's language) and is skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[1] / "webinars" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
PAGE_LIMIT = 160
# Links that are not pages to read, or that change something.
SKIPPED = re.compile(
    r"\.(pdf|ics|csv|xlsx|md|json|png|jpg|jpeg|webp|svg|zip|txt)$|/static/|/logout|/sign-out|/delete|/photo|/slides/"
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
# Words the same in both languages, or names, that a catalog entry may consist of; and the languages,
# which language pickers name in themselves ("English", "Français") whatever the page's language.
NEUTRAL = {"PDF", "Markdown", "CSV", "Excel", "Zoom", "Teams", "E-mail", "E-mails", "Webinars", "OK", "English", "French"}


class VisibleText(HTMLParser):
    """The text a reader sees in the page's own language (not scripts, styles, or content with another lang)."""

    SILENT = {"script", "style", "template", "noscript", "svg", "title", "head"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its text)
        self.texts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in self.VOID:
            return
        lang = attributes.get("lang")
        hidden = tag in self.SILENT or (lang is not None and not lang.startswith(self.language))
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if any(hidden for _tag, hidden in self.stack):
            return
        text = " ".join(data.split())
        if text:
            self.texts.append(text)


def catalog_texts() -> tuple[set[str], set[str]]:
    """The English msgids whose French differs, and those French texts, without placeholders."""
    with CATALOG.open("rb") as source:
        catalog = read_po(source, locale="fr")
    english, french, every_msgid = set(), set(), set()
    for message in catalog:
        if message.id and not isinstance(message.id, tuple):
            every_msgid.add(" ".join(message.id.split()))
        if not message.id or isinstance(message.id, tuple) or not message.string:
            continue
        msgid, msgstr = " ".join(message.id.split()), " ".join(message.string.split())
        if msgid == msgstr or PLACEHOLDER.search(msgid) or msgid in NEUTRAL or len(msgid) < 3:
            continue
        english.add(msgid)
        french.add(msgstr)
    # A French text that is also an English msgid ("Date", "Position") is no proof of French.
    return english, french - every_msgid - {"Français", "français"}


def leaks(texts: list[str], foreign: set[str]) -> set[str]:
    """Texts of the other language: a text node that is one, or that contains one of three words or more."""
    long_ones = [text for text in foreign if len(text.split()) >= 3]
    found = set()
    for text in texts:
        if text in foreign:
            found.add(text)
            continue
        found.update(candidate for candidate in long_ones if candidate in text)
    return found


def crawl(client, starts: list[str], language: str) -> dict[str, list[str]]:
    """Each page reached from ``starts``, with its visible text in ``language``."""
    client.get(f"{starts[0]}?lang={language}")  # the language is remembered from here on
    seen: dict[str, list[str]] = {}
    queue = list(starts)
    while queue and len(seen) < PAGE_LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        if response.status_code != 200 or not response.mimetype == "text/html":
            seen[path] = []
            continue
        parser = VisibleText(language)
        parser.feed(response.get_data(as_text=True))
        seen[path] = parser.texts
        for href in parser.links:
            parts = urlsplit(urljoin(path, href))
            if parts.netloc not in ("", "localhost") or SKIPPED.search(parts.path) or parts.query:
                continue
            if parts.path not in seen:
                queue.append(parts.path)
    return seen


@pytest.fixture
def demo(runner, clock):
    assert runner.invoke(args=["demo"]).exit_code == 0


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_page_speaks_the_other_language(app, demo, client, auth, language):
    from webinars.demo import data

    english, french = catalog_texts()
    foreign = english if language == "fr" else french
    # A visitor first, then the organizer (whose dashboard leads to every webinar's pages).
    pages = crawl(client, ["/", "/webinars"], language)
    auth.login(data.ORGANIZER.email, data.ORGANIZER.password)
    pages.update(crawl(client, [f"/manage/{data.ORGANIZATION.slug}/webinars", "/manage/"], language))

    assert len([path for path, texts in pages.items() if texts]) > 20, "the crawl reached the pages"
    problems = {path: sorted(found) for path, texts in pages.items() if (found := leaks(texts, foreign))}
    assert problems == {}, f"{len(problems)} {language} pages with text of the other language: {problems}"
