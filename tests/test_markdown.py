"""Organizers write Markdown; visitors must never receive a script from it."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests import factories
from webinars.events.models import WebinarStatus
from webinars.markdown import render_markdown

ATTACKS = {
    "script tag": "<script>alert('pwned')</script>",
    "onerror attribute": '<img src="x" onerror="alert(1)">',
    "onclick attribute": '<p onclick="alert(1)">click me</p>',
    "javascript: link in HTML": '<a href="javascript:alert(1)">free gift</a>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "javascript: Markdown link": "[x](javascript:alert(1))",
    "mixed-case javascript: Markdown link": "[x](JaVaScRiPt:alert(1))",
    "entity-encoded javascript: Markdown link": "[x](javascript&#58;alert(1))",
    "javascript: autolink": "<javascript:alert(1)>",
    "data: link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
}


class ElementCollector(HTMLParser):
    """Every element of a document with its attributes, as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = ElementCollector()
    collector.feed(html)
    collector.close()
    return collector.elements


def dangers_in(html: str) -> list[str]:
    """What in this HTML could run code: script-like elements, event handlers, script URLs."""
    found = []
    for tag, attributes in elements_of(html):
        is_own_script = tag == "script" and (attributes.get("src") or "").startswith("/static/")
        # schema.org data (JSON escaped by |tojson): browsers never run it; text breaking out of it would
        # start another element, which this check would then find.
        is_data_block = tag == "script" and attributes.get("type") == "application/ld+json" and "src" not in attributes
        if tag in {"script", "iframe", "object", "embed", "frame"} and not (is_own_script or is_data_block):
            found.append(f"<{tag}> element")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"{name}= on <{tag}>")
            if name in {"href", "src", "action", "formaction"} and value:
                scheme = value.strip().lower().split(":", 1)[0]
                if scheme in {"javascript", "data", "vbscript"}:
                    found.append(f"{name}={value} on <{tag}>")
    return found


def test_the_checker_itself_spots_each_danger():
    assert dangers_in("<script>x</script>") == ["<script> element"]
    assert dangers_in('<script src="/static/local-time.js"></script>') == []
    assert dangers_in('<img src="x" onerror="y">') == ["onerror= on <img>"]
    assert dangers_in('<a href=" JavaScript:alert(1)">x</a>') == ["href= JavaScript:alert(1) on <a>"]
    assert dangers_in("<iframe></iframe>") == ["<iframe> element"]
    assert dangers_in('<script type="application/ld+json">{}</script>') == []
    assert dangers_in('<script type="application/ld+json" src="https://x.example/a.js"></script>') == ["<script> element"]


@pytest.mark.parametrize("source", ATTACKS.values(), ids=ATTACKS.keys())
def test_render_markdown_neutralizes(source):
    assert dangers_in(render_markdown(source)) == []


def test_script_text_is_shown_escaped_not_dropped_silently():
    html = render_markdown("<script>alert('pwned')</script>")
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_normal_markdown_survives():
    html = render_markdown(
        "Un *webinaire* **important**.\n\n"
        "- Fès-Meknès\n- Casablanca\n\n"
        "1. Ouverture\n2. Clôture\n\n"
        "Voir [le site de l'APEBI](https://www.apebi.org.ma)."
    )
    assert "<em>webinaire</em>" in html
    assert "<strong>important</strong>" in html
    assert "<ul>\n<li>Fès-Meknès</li>\n<li>Casablanca</li>\n</ul>" in html
    assert "<ol>\n<li>Ouverture</li>\n<li>Clôture</li>\n</ol>" in html
    links = [attributes for tag, attributes in elements_of(html) if tag == "a"]
    assert links == [{"href": "https://www.apebi.org.ma", "rel": "noopener noreferrer nofollow"}]


def test_empty_description_renders_nothing():
    assert render_markdown(None) == ""
    assert render_markdown("") == ""


def test_public_page_neutralizes_a_hostile_description(client, clock):
    organization = factories.make_organization()
    description = "Bienvenue *à tous*.\n\n" + "\n\n".join(ATTACKS.values())
    webinar = factories.make_webinar(organization, status=WebinarStatus.PUBLISHED, description=description)

    response = client.get(f"/webinars/{webinar.slug}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<em>à tous</em>" in html
    assert dangers_in(html) == []
    # The only scripts are the page's own files, which the Content-Security-Policy allows, and its
    # schema.org data block.
    scripts = [attributes for tag, attributes in elements_of(html) if tag == "script"]
    assert sorted(scripts, key=repr) == sorted(
        [{"src": "/static/local-time.js", "defer": None}, {"src": "/static/share.js", "defer": None}, {"type": "application/ld+json"}],
        key=repr,
    )
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


# --- Rendered once, when saved ----------------------------------------------------------------


def test_the_webinar_page_shows_the_stored_rendering_without_parsing_markdown(client, monkeypatch, clock):
    from webinars import markdown

    webinar = factories.make_publishable_webinar(
        factories.make_organization(), slug="stored", status=WebinarStatus.PUBLISHED, description="Un **webinaire**."
    )
    assert webinar.description_html == "<p>Un <strong>webinaire</strong>.</p>\n"
    assert webinar.description_text == "Un webinaire."
    assert webinar.markdown_version == markdown.RENDERER_VERSION

    def no_rendering(*args, **kwargs):
        raise AssertionError("Markdown rendered while serving a page")

    monkeypatch.setattr(markdown, "render", no_rendering)
    monkeypatch.setattr(markdown, "_sanitized_html", no_rendering)
    page = client.get("/webinars/stored")
    assert page.status_code == 200
    assert "Un <strong>webinaire</strong>." in page.get_data(as_text=True)


def test_a_rendering_stored_by_another_renderer_version_is_rendered_again_when_read(app, clock):
    webinar = factories.make_publishable_webinar(factories.make_organization(), description="*Bonjour*")
    webinar.markdown_version = "0/old"
    webinar.description_html = "<p>stale</p>"
    assert str(webinar.description_rendered.html) == "<p><em>Bonjour</em></p>\n"


def test_the_plain_text_rendering_has_no_markdown_syntax():
    from webinars.markdown import markdown_to_text

    source = (
        "# Titre\n\nDu **gras**, de l'*italique* et un [lien](https://apebi.org.ma).\n\n"
        "1. un\n2. deux\n\n> Une citation\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert markdown_to_text(source) == (
        "Titre\n\nDu gras, de l'italique et un lien (https://apebi.org.ma).\n\n"
        "1. un\n2. deux\n\n> Une citation\n\na | b\n1 | 2"
    )
