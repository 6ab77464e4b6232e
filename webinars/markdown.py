"""Markdown written by organizers, rendered once when saved (STYLE.md, "Rendered text").

One source, two renderings: sanitized HTML for pages and PDFs, plain text (no ``*``, ``#`` or
link syntax; links written out) for calendar descriptions and e-mails. Models keep both beside
the source, with the renderer's version (``RENDERER_VERSION``), so a page shows the stored HTML
instead of parsing and sanitizing the same text on every request. A row rendered by another
version (after an upgrade of nh3 or markdown-it-py) is rendered again when read, and stored again
at its next save; a change of ``_FORMAT`` comes with a migration that renders every row again,
as ``b15c3d8dd30f`` did when the columns were added.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from sqlalchemy import event

# Raw HTML in the source is not interpreted; the result is sanitized anyway,
# so a bug in either layer is not enough for a script to get through.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

_ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

# Bumped by hand when the rules above or the plain-text writer change; the libraries' versions
# are part of it, so upgrading the sanitizer marks every stored rendering as stale.
_FORMAT = "1"
RENDERER_VERSION = f"{_FORMAT}/nh3-{version('nh3')}/markdown-it-{version('markdown-it-py')}"


@dataclass(frozen=True)
class RenderedMarkdown:
    html: Markup
    text: str


def render(source: str | None) -> RenderedMarkdown:
    tokens = _renderer.parse(source or "")
    return RenderedMarkdown(html=_sanitized_html(tokens), text=_PlainText().write(tokens))


def render_markdown(source: str | None) -> Markup:
    """Sanitized HTML of ``source`` (for text that is not stored, such as a preview)."""
    return _sanitized_html(_renderer.parse(source or ""))


def markdown_to_text(source: str | None) -> str:
    return _PlainText().write(_renderer.parse(source or ""))


def _sanitized_html(tokens: list[Token]) -> Markup:
    html = _renderer.renderer.render(tokens, _renderer.options, {})
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


class _PlainText:
    """Markdown tokens to readable text: paragraphs apart, lists as "- " or "1. ", links as
    "text (address)", quotes after "> ", table cells between " | "."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.lines: list[str] = []  # the block being written (a list, a table, a quote)
        self.lists: list[list[int | None]] = []  # per open list: [next number] or [None] for bullets
        self.item_prefix: str | None = None
        self.quote_depth = 0
        self.row: list[str] | None = None

    def write(self, tokens: list[Token]) -> str:
        for token in tokens:
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token)
        self._end_block()
        return "\n\n".join(block for block in self.blocks if block.strip())

    # Blocks

    def _end_block(self) -> None:
        if self.lines:
            self.blocks.append("\n".join(self.lines))
            self.lines = []

    def _in_container(self) -> bool:
        return bool(self.lists) or self.row is not None

    def _add_lines(self, text: str) -> None:
        quote = "> " * self.quote_depth
        indent = "  " * max(len(self.lists) - 1, 0)
        first_prefix = self.item_prefix or ""
        follow_prefix = indent + " " * (len(first_prefix) - len(indent)) if self.item_prefix else indent if self.lists else ""
        for number, line in enumerate(text.split("\n")):
            prefix = first_prefix if number == 0 and self.item_prefix else follow_prefix
            self.lines.append(f"{quote}{prefix}{line}".rstrip())
        self.item_prefix = None
        if not self._in_container():
            self._end_block()

    def _inline(self, token: Token) -> None:
        text = _inline_text(token.children or [])
        if self.row is not None:
            self.row.append(text.replace("\n", " "))
        else:
            self._add_lines(text)

    def _paragraph_close(self, token: Token) -> None:
        if self.lists and not token.hidden:  # a loose list: a blank line between its paragraphs
            self.lines.append("")

    def _fence(self, token: Token) -> None:
        self._add_lines(token.content.rstrip("\n"))

    _code_block = _fence

    def _bullet_list_open(self, token: Token) -> None:
        self.lists.append([None])

    def _ordered_list_open(self, token: Token) -> None:
        self.lists.append([int(token.attrGet("start") or 1)])

    def _bullet_list_close(self, token: Token) -> None:
        self.lists.pop()
        if not self.lists:
            while self.lines and not self.lines[-1]:
                self.lines.pop()
            self._end_block()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token) -> None:
        counter = self.lists[-1]
        marker = "- " if counter[0] is None else f"{counter[0]}. "
        if counter[0] is not None:
            counter[0] += 1
        self.item_prefix = "  " * (len(self.lists) - 1) + marker

    def _blockquote_open(self, token: Token) -> None:
        self.quote_depth += 1

    def _blockquote_close(self, token: Token) -> None:
        self.quote_depth -= 1

    def _tr_open(self, token: Token) -> None:
        self.row = []

    def _tr_close(self, token: Token) -> None:
        self.lines.append(" | ".join(self.row or []))
        self.row = None

    def _table_close(self, token: Token) -> None:
        self._end_block()


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    link_starts: list[tuple[int, str]] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("\n")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "link_open":
            link_starts.append((len(parts), str(child.attrGet("href") or "")))
        elif child.type == "link_close" and link_starts:
            start, href = link_starts.pop()
            label = "".join(parts[start:]).strip()
            shown = href.removeprefix("mailto:")
            if href and label != shown and label != href:
                parts.append(f" ({shown})")
        elif child.type == "image":
            alt = "".join(grandchild.content for grandchild in child.children or [])
            source = str(child.attrGet("src") or "")
            parts.append(f"{alt} ({source})" if alt else source)
    return "".join(parts)


# --- Stored renderings -----------------------------------------------------------------------


def keep_rendered(model: type, *sources: str) -> None:
    """Render ``model``'s Markdown ``sources`` whenever one of them is set, into ``<source>_html``
    and ``<source>_text``, and stamp ``markdown_version``. Every way of saving goes through it
    (forms, the CLI, the demo, the API), so no page ever renders Markdown for a reader."""

    def render_all(target, value, _old, initiator):
        for source in sources:
            rendered = render(value if source == initiator.key else getattr(target, source))
            setattr(target, f"{source}_html", str(rendered.html))
            setattr(target, f"{source}_text", rendered.text)
        target.markdown_version = RENDERER_VERSION
        return value

    for source in sources:
        event.listen(getattr(model, source), "set", render_all, retval=True)


def rendered(instance: object, source: str) -> RenderedMarkdown:
    """The stored rendering of ``instance.<source>``, or a fresh one if it was stored by another version."""
    if getattr(instance, "markdown_version", None) == RENDERER_VERSION:
        return RenderedMarkdown(
            html=Markup(getattr(instance, f"{source}_html") or ""), text=getattr(instance, f"{source}_text") or ""
        )
    return render(getattr(instance, source))
