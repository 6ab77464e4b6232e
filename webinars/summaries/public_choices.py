"""What a webinar's public summary shows: the breakdowns (and the no-shows) the organizer chose
to show, and whether the article already tells a quote, a highlight or a figure."""

from __future__ import annotations

import json
from collections.abc import Iterable

from webinars.extensions import db
from webinars.summaries.breakdowns import Breakdown, breakdowns
from webinars.summaries.models import Summary

NO_SHOWS = "no_shows"
# Until the organizer chooses: who came from which organization, and who did not come, stay private.
HIDDEN_BY_DEFAULT = frozenset({"affiliation", NO_SHOWS})


def _chosen(summary: Summary) -> set[str] | None:
    if summary.public_breakdowns is None:
        return None
    try:
        keys = json.loads(summary.public_breakdowns)
    except ValueError:
        return None
    return {str(key) for key in keys} if isinstance(keys, list) else None


def shows_publicly(summary: Summary, key: str) -> bool:
    """Whether the public summary shows a breakdown (its key) or the no-shows (``NO_SHOWS``)."""
    chosen = _chosen(summary)
    return key in chosen if chosen is not None else key not in HIDDEN_BY_DEFAULT


def public_breakdowns_of(summary: Summary) -> list[Breakdown]:
    """The public breakdowns (small groups under "Others") the organizer chose to show."""
    return [b for b in breakdowns(summary.webinar, public=True) if shows_publicly(summary, b.key)]


def choose_public_breakdowns(summary: Summary, keys: Iterable[str]) -> None:
    summary.public_breakdowns = json.dumps(sorted(set(keys)))
    db.session.flush()


def _words(text: str) -> str:
    """Text as compared with the article: letters and digits only, lower case."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def told_in_article(summary: Summary, text: str) -> bool:
    """Whether the article already says ``text`` (a quote, a highlight, a figure): the page shows it once."""
    words = _words(text)
    return bool(summary.article) and bool(words) and words in _words(summary.article_text or summary.article or "")
