"""What the follow-up e-mails say: the same content for every registrant of a webinar (recording,
slides, the summary's link), their personal links for attendees, and the previews the organizer
reads before sending, in each language the e-mails go out in.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date
from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from webinars.certificates import service as certificates
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.feedback import service as feedback
from webinars.i18n import current_language
from webinars.registration.models import Registration, RegistrationState
from webinars.summaries.models import FollowUpKind, SlideLink, Summary
from webinars.timezones import to_local
from webinars.urls import absolute_url


def local_date(webinar: Webinar, language: str) -> str:
    """'10 décembre 2026' or 'December 10, 2026': the day in the webinar's zone."""
    return format_date(to_local(webinar.starts_at, webinar.timezone), format="long", locale=language)


@dataclass(frozen=True)
class FollowUpContent:
    """What every follow-up of a webinar says, whoever it goes to."""

    webinar: Webinar
    recording_url: str | None
    slide_links: list[SlideLink]
    summary_url: str

    @classmethod
    def of(cls, webinar: Webinar, summary: Summary | None) -> FollowUpContent:
        return cls(
            webinar=webinar,
            recording_url=summary.recording_url if summary else None,
            slide_links=list(summary.slide_links) if summary else [],
            # Not url_for: the worker has no request to take the host from.
            summary_url=absolute_url(f"/webinars/{webinar.slug}/summary"),
        )

    def template(self, kind: FollowUpKind) -> str:
        return f"summaries/follow_up_{kind.value}"

    def context(
        self, first_name: str, language: str, *, feedback_url: str | None = None, certificate_url: str | None = None
    ) -> dict:
        """``feedback_url``, ``certificate_url``: the attendee's survey and certificate, behind their personal link."""
        return {
            "first_name": first_name,
            "webinar": self.webinar,
            "date": local_date(self.webinar, language),
            "recording_url": self.recording_url,
            "slide_links": self.slide_links,
            "summary_url": self.summary_url,
            "feedback_url": feedback_url,
            "certificate_url": certificate_url,
        }


@dataclass(frozen=True)
class EmailPreview:
    kind: FollowUpKind
    language_name: str
    subject: str
    text: str
    language: str = ""  # the e-mail's own language, for the page to mark it


def audience_languages(webinar: Webinar) -> list[str]:
    """The languages the follow-ups go out in: the webinar's, then any other its confirmed registrants chose."""
    chosen = set(
        db.session.scalars(
            select(Registration.language)
            .distinct()
            .where(Registration.webinar_id == webinar.id, Registration.state == RegistrationState.CONFIRMED)
        )
    )
    others = sorted(chosen & set(current_app.config["LANGUAGES"]) - {webinar.language.value})
    return [webinar.language.value, *others]


def previews(webinar: Webinar, summary: Summary | None, sample_first_name: str) -> list[EmailPreview]:
    """Each follow-up as it would read, addressed to ``sample_first_name``, in each language it goes out in."""
    content = FollowUpContent.of(webinar, summary)
    page_language = current_language()
    # What an attendee's personal links look like (each thank-you carries its own).
    sample_links = {
        "feedback_url": absolute_url("/r/…/feedback") if feedback.is_enabled(webinar) else None,
        "certificate_url": absolute_url("/r/…/certificate") if _certificates_on(webinar) else None,
    }
    shown = []
    for language in audience_languages(webinar):
        name = Locale.parse(language).get_display_name(page_language) or language
        language_name = name[:1].upper() + name[1:]  # "français" as a heading
        for kind in FollowUpKind:
            template = content.template(kind)
            with force_locale(language):
                context = content.context(
                    sample_first_name, language, **(sample_links if kind is FollowUpKind.THANKS else {})
                )
                subject = " ".join(render_template(f"emails/{template}.subject.txt", **context).split())
                text = render_template(f"emails/{template}.txt", **context)
            shown.append(EmailPreview(kind=kind, language_name=language_name, subject=subject, text=text, language=language))
    return shown


def _certificates_on(webinar: Webinar) -> bool:
    settings = certificates.settings_of(webinar.id)
    return settings is not None and settings.enabled
