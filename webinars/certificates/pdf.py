"""The certificate of attendance as a PDF (WeasyPrint), in the holder's language.

``certificate_content`` gathers the facts; ``render_certificate`` turns them into bytes and
depends on nothing else. WeasyPrint may read ``data:`` URLs (the QR code) and the certificate's
font files, nothing more: no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from webinars.templating import organization_words
from webinars.certificates.fonts import FontSet, font_set, warn_about_uncovered
from webinars.certificates.models import Certificate
from webinars.i18n import format_event_span, format_event_date
from webinars.people.models import ParticipationRole
from webinars.urls import absolute_url


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    url: str  # file:// URL of the font file


@dataclass(frozen=True)
class CertificateContent:
    language: str
    organization_name: str
    organization_words: dict  # the name as sentences use it, in the certificate's language (webinars/french.py)
    holder_name: str
    webinar_title: str
    webinar_language: str
    when: str  # the date and times, in the webinar's zone, with its name
    presence: str  # "95 minutes in the session", or "Present" when the time is not known
    moderator: str | None
    speakers: list[str]
    code: str
    verify_url: str
    qr_data_uri: str
    issued_on: str
    font_faces: list[FontFace]
    font_families: list[str]


def verify_url(certificate: Certificate) -> str:
    return absolute_url(f"/verify/{certificate.code}")


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI, black on white with its quiet zone, for print and cameras."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4, dark="#000000", light="#ffffff")


def certificate_content(certificate: Certificate, fonts: FontSet | None = None) -> CertificateContent:
    registration = certificate.registration
    webinar = certificate.webinar
    language = registration.language if registration.language in current_app.config["LANGUAGES"] else webinar.language.value
    fonts = fonts or font_set(current_app.config["CERTIFICATE_FONT_FILES"])
    url = verify_url(certificate)
    people = sorted(webinar.participations, key=lambda participation: participation.position)
    with force_locale(language):
        if certificate.minutes_attended is not None:
            presence = ngettext(
                "%(num)d minute in the session", "%(num)d minutes in the session", certificate.minutes_attended
            )
        else:
            presence = _("Present at the webinar")
        content = CertificateContent(
            language=language,
            organization_name=webinar.organization.name,
            organization_words=organization_words(webinar.organization, language),
            holder_name=certificate.holder_name,
            webinar_title=webinar.title,
            webinar_language=webinar.language.value,
            when=format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, language),
            presence=presence,
            moderator=next(
                (p.person.full_name for p in people if p.role is ParticipationRole.MODERATOR), None
            ),
            speakers=[p.person.full_name for p in people if p.role is ParticipationRole.SPEAKER],
            code=certificate.code,
            verify_url=url,
            qr_data_uri=qr_data_uri(url),
            issued_on=format_event_date(certificate.issued_at, webinar.timezone, language),
            font_faces=[FontFace(font.family, font.weight, Path(font.path).as_uri()) for font in fonts.files],
            font_families=fonts.families,
        )
    printed = " ".join(
        [content.holder_name, content.webinar_title, content.organization_name, content.moderator or "", *content.speakers]
    )
    warn_about_uncovered(fonts, printed, f"Certificate {certificate.code}")
    return content


class _CertificateFetcher(URLFetcher):
    """``data:`` URLs, and the font files the certificate names; anything else is refused."""

    def __init__(self, font_urls: set[str]):
        super().__init__(allowed_protocols={"data", "file"})
        self._font_paths = {unquote(urlsplit(url).path) for url in font_urls}

    def fetch(self, url, headers=None):
        if url.startswith("file:") and unquote(urlsplit(url).path) not in self._font_paths:
            raise ValueError(f"not a certificate font: {url}")
        return super().fetch(url, headers)


def render_certificate(content: CertificateContent) -> bytes:
    with force_locale(content.language):
        html = render_template("certificates/pdf.html", pdf=content)
    fetcher = _CertificateFetcher({face.url for face in content.font_faces})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def certificate_filename(certificate: Certificate) -> str:
    return f"certificate-{certificate.webinar.slug}-{certificate.code}.pdf"


def certificate_pdf(certificate: Certificate) -> bytes:
    return render_certificate(certificate_content(certificate))
