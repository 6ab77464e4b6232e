"""A webinar's own wording of its confirmations, reminders and follow-ups.

The organizer changes the subject and the opening of each (in French, in English, or both), with
the placeholders of messages to registrants; the details the e-mail gives below the opening (the
state of the registration, the date, the links, the recording...) are the built-in ones, so that
no edit loses a registrant's link or the calendar invite. "Reset to default" removes the webinar's
text: the e-mail is the built-in one again, translated.

The default texts shown in the editor are the built-in sentences from the translation catalog,
with placeholders where the e-mail has names (the same msgids as the e-mail templates).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from webinars.extensions import db
from webinars.markdown import render as render_markdown
from webinars.messages import placeholders
from webinars.messages.models import LANGUAGES, TextKind, WebinarEmailText

KIND_LABELS = {
    TextKind.CONFIRMATION: _l("Registration confirmation"),
    TextKind.REMINDER: _l("Reminder"),
    TextKind.FOLLOW_UP_THANKS: _l("Follow-up: thank you for attending"),
    TextKind.FOLLOW_UP_MISSED: _l("Follow-up: sorry we missed you"),
}
KIND_HINTS = {
    TextKind.CONFIRMATION: _l(
        "Sent to a registrant whose seat is confirmed. The date, the webinar's page and their personal page follow your text;"
        " the waitlisted and those waiting for approval get the standard message."
    ),
    TextKind.REMINDER: _l("Sent before the webinar at the times you chose. The date and the join link follow your text."),
    TextKind.FOLLOW_UP_THANKS: _l(
        "Sent to attendees after the webinar. The recording, the slides, the summary, the survey and the certificate follow your text."
    ),
    TextKind.FOLLOW_UP_MISSED: _l(
        "Sent to confirmed registrants who did not attend. The recording and the summary follow your text."
    ),
}


def _labels(language: str) -> dict[str, str]:
    return {placeholder.key: placeholder.written(language) for placeholder in placeholders.PLACEHOLDERS}


def default_text(kind: TextKind, language: str) -> tuple[str, str]:
    """The built-in subject and opening in ``language``, with placeholders (as the editor shows them)."""
    label = _labels(language)
    with force_locale(language):
        name, title, date = label["first_name"], label["webinar_title"], label["webinar_date"]
        hello = _("Hello %(name)s,", name=name)
        if kind is TextKind.CONFIRMATION:
            subject = _("You are registered: %(title)s", title=title)
            line = _("Thank you for registering for “%(title)s”.", title=title)
        elif kind is TextKind.REMINDER:
            subject = _("Reminder: %(title)s", title=title)
            line = _("This is a reminder: “%(title)s” starts soon.", title=title)
        elif kind is TextKind.FOLLOW_UP_THANKS:
            subject = _("Thank you for attending “%(title)s”", title=title)
            line = _("Thank you for attending “%(title)s” on %(date)s.", title=title, date=date)
        else:
            subject = _("Sorry we missed you at “%(title)s”", title=title)
            line = _("We are sorry we missed you at “%(title)s” on %(date)s.", title=title, date=date)
    return subject, f"{hello}\n\n{line}"


_CACHE_KEY = "webinar_email_texts"


@dataclass(frozen=True)
class OwnText:
    subject: str
    body: str


def texts_of(webinar_id: int, kind: TextKind) -> dict[str, OwnText]:
    """The webinar's own texts of this kind, by language (empty: the built-in ones).

    Read once per webinar and kind in a session (a worker's batch, a request): a batch of 500
    reminders reads them once; ``preload`` reads a whole batch's webinars in one query. ``save``
    and ``reset`` forget what the session had read.
    """
    cache = db.session.info.setdefault(_CACHE_KEY, {})
    if (webinar_id, kind) not in cache:
        preload([webinar_id], kind)
    return cache[(webinar_id, kind)]


def preload(webinar_ids, kind: TextKind) -> None:
    """Read the texts of these webinars (one query, without flushing what the session holds)."""
    cache = db.session.info.setdefault(_CACHE_KEY, {})
    found: dict[int, dict[str, OwnText]] = {webinar_id: {} for webinar_id in webinar_ids}
    with db.session.no_autoflush:
        rows = db.session.execute(
            select(WebinarEmailText.webinar_id, WebinarEmailText.language, WebinarEmailText.subject, WebinarEmailText.body)
            .where(WebinarEmailText.webinar_id.in_(list(found)), WebinarEmailText.kind == kind)
        )
        for webinar_id, language, subject, body in rows:
            found[webinar_id][language] = OwnText(subject, body)
    cache.update({(webinar_id, kind): texts for webinar_id, texts in found.items()})


def _forget() -> None:
    db.session.info.pop(_CACHE_KEY, None)


def customized_kinds(webinar_id: int) -> set[TextKind]:
    return set(db.session.scalars(select(WebinarEmailText.kind).where(WebinarEmailText.webinar_id == webinar_id)))


def save(webinar_id: int, kind: TextKind, versions: dict[str, tuple[str, str]]) -> None:
    """Store the versions that differ from the built-in text; a version back to the default is removed."""
    existing = {
        row.language: row
        for row in db.session.scalars(
            select(WebinarEmailText).where(WebinarEmailText.webinar_id == webinar_id, WebinarEmailText.kind == kind)
        )
    }
    for language in LANGUAGES:
        subject, body = versions[language]
        default_subject, default_body = (placeholders.canonical(part) for part in default_text(kind, language))
        subject, body = placeholders.canonical(subject.strip()), placeholders.canonical(body.strip())
        row = existing.get(language)
        if not subject or (subject, body) == (default_subject, default_body):
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            db.session.add(WebinarEmailText(webinar_id=webinar_id, kind=kind, language=language, subject=subject, body=body))
        else:
            row.subject, row.body = subject, body
    db.session.flush()
    _forget()


def reset(webinar_id: int, kind: TextKind) -> None:
    _forget()
    db.session.execute(
        delete(WebinarEmailText).where(WebinarEmailText.webinar_id == webinar_id, WebinarEmailText.kind == kind)
    )


@dataclass(frozen=True)
class Opening:
    """A webinar's own subject and opening, filled in for one registrant."""

    subject: str
    html: object  # Markup
    text: str

    def context(self) -> dict:
        return {"custom_subject": self.subject, "custom_html": self.html, "custom_text": self.text}


def opening(text: OwnText | None, values: dict[str, str]) -> Opening | None:
    if text is None:
        return None
    rendered = render_markdown(placeholders.fill(text.body, values, markdown=True))
    subject = " ".join(placeholders.fill(text.subject, values, markdown=False).split())
    return Opening(subject, rendered.html, rendered.text)
