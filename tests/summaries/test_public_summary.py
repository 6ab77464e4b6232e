"""The public summary and its exports: who sees them, what they show, and what they never show."""

from __future__ import annotations

import re
from io import BytesIO

import pypdf
import pytest

from tests import factories
from tests.factories import utc
from webinars.events.models import Language, WebinarStatus
from webinars.extensions import db
from webinars.people.models import ParticipationRole
from webinars.registration.models import RegistrationState
from webinars.summaries import public_choices, service

STARTS = utc(2026, 10, 20, 10, 0)  # the clock fixture says 2 November 2026

# Registrants with names and addresses no public page may ever show.
REGISTRANTS = [
    ("Zéphyrine", "Quintessa", "zephyrine.quintessa@registrant.example"),
    ("Barnabé", "Oxyrhynque", "barnabe.oxyrhynque@registrant.example"),
    ("Hortense", "Vladislava", "hortense@registrant.example"),
    ("Anatole", "Xerxès", "anatole.xerxes@registrant.example"),
    ("Philomène", "Kwabena", "philomene@registrant.example"),
    ("Isidore", "Yggdrasil", "isidore@registrant.example"),
]


@pytest.fixture
def visit(app, client):
    """A GET as a new browser request sees it: in a fresh application context (the locale is not carried over)."""

    def get(url: str, **kwargs):
        with app.app_context():
            return client.get(url, **kwargs)

    return get


@pytest.fixture
def webinar(clock):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring")
    webinar = factories.make_publishable_webinar(
        organization, title="L'offshoring régionalisé", slug="offshoring", status=WebinarStatus.PUBLISHED,
        starts_at=STARTS, language=Language.FR,
    )
    # Six people of one large organization, two of a small one: the small group must stay hidden.
    for index, (first, last, email) in enumerate(REGISTRANTS):
        factories.make_registration(
            webinar, first_name=first, last_name=last, email=email, affiliation="Grande Entreprise SA",
            city="Fès", attended=index < 4, minutes_in_session=30 + index * 10 if index < 4 else None,
        )
    for first, last in (("Théodule", "Petitpas"), ("Gertrude", "Menuet")):
        factories.make_registration(
            webinar, first_name=first, last_name=last, email=f"{first.lower()}@tiny.example", affiliation="Toute Petite SARL",
        )
    factories.make_registration(webinar, first_name="Waitlisted", last_name="Wanda", state=RegistrationState.WAITLISTED)
    return webinar


def speaker_of(webinar):
    return next(p.person for p in webinar.participations if p.role is ParticipationRole.SPEAKER)


def write_summary(webinar, *, publish: bool = True):
    summary = service.summary_for(webinar)
    service.add_highlight(summary, "La région Fès-Meknès est la troisième de l'offshoring.")
    service.add_key_figure(summary, "36", "centres d'appels à Fès")
    service.add_quote(summary, "Les crises nous rendent plus robustes.", speaker_of(webinar).id, 2530)
    service.add_slide_link(summary, "Les slides de Yassine Tazi", "https://slides.example.org/tazi.pdf")
    service.set_recording(summary, "https://video.example.org/offshoring")
    service.save_article(summary, "Retour sur l'offshoring régionalisé", "Un **article** rédigé.")
    if publish:
        service.publish(summary, utc(2026, 11, 1, 9, 0))
    db.session.commit()
    return summary


def assert_no_registrant(text: str) -> None:
    for first, last, email in REGISTRANTS + [("Théodule", "Petitpas", "théodule@tiny.example")]:
        for personal in (first, last, email):
            assert personal not in text, f"{personal!r} is personal data of a registrant"
    assert "@registrant.example" not in text and "@tiny.example" not in text


# --- who sees it -------------------------------------------------------------------


def test_404_until_published_then_200(visit, webinar):
    assert visit("/webinars/offshoring/summary").status_code == 404, "no summary at all"
    summary = write_summary(webinar, publish=False)
    for path in ("/webinars/offshoring/summary", "/webinars/offshoring/summary.md", "/webinars/offshoring/summary.pdf"):
        assert visit(path).status_code == 404, path

    service.publish(summary, utc(2026, 11, 1, 9, 0))
    db.session.commit()

    response = visit("/webinars/offshoring/summary?lang=en")
    assert response.status_code == 200
    assert "Preview" not in response.get_data(as_text=True)
    assert visit("/webinars/offshoring/summary.md").status_code == 200


def test_members_preview_an_unpublished_summary_out_of_caches(visit, auth, webinar):
    write_summary(webinar, publish=False)
    member = factories.make_user(webinar.organization, email="member@example.org")
    auth.login(member.email)

    response = visit("/webinars/offshoring/summary?lang=en")

    assert response.status_code == 200
    assert "Preview — not public" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers
    assert visit("/webinars/offshoring/summary.md").headers["Cache-Control"] == "private, no-store"


def test_another_organizations_member_cannot_preview(visit, auth, webinar):
    write_summary(webinar, publish=False)
    outsider = factories.make_user(factories.make_organization(), email="outsider@example.org")
    auth.login(outsider.email)

    assert visit("/webinars/offshoring/summary").status_code == 404


def test_a_summary_of_a_webinar_back_in_draft_is_not_public(visit, webinar):
    write_summary(webinar)
    webinar.status = WebinarStatus.DRAFT
    db.session.commit()

    assert visit("/webinars/offshoring/summary").status_code == 404


def test_the_webinar_page_links_to_the_summary_once_published(visit, webinar):
    summary = write_summary(webinar, publish=False)
    assert "/webinars/offshoring/summary" not in visit("/webinars/offshoring?lang=en").get_data(as_text=True)

    service.publish(summary, utc(2026, 11, 1, 9, 0))
    db.session.commit()

    html = visit("/webinars/offshoring?lang=en").get_data(as_text=True)
    assert 'href="/webinars/offshoring/summary"' in html
    assert "Read the summary of this webinar" in html


# --- what it shows -------------------------------------------------------------------


def test_the_page_shows_the_summary(visit, webinar):
    factories.make_agenda_item(webinar, title="Ouverture officielle")
    factories.make_partner(webinar, name="CRI Fès-Meknès")
    factories.make_completed_convention(webinar, title="Convention APEBI – CRI")
    write_summary(webinar)

    html = visit("/webinars/offshoring/summary?lang=en").get_data(as_text=True)

    for expected in (
        "L&#39;offshoring régionalisé", "Tuesday, October 20, 2026", "APEBI — Pôle Offshoring", "CRI Fès-Meknès",
        "Mohamed Benabbou", "Yassine Tazi", "La région Fès-Meknès est la troisième", "centres d&#39;appels à Fès",
        "Ouverture officielle", "Convention APEBI – CRI", "Les crises nous rendent plus robustes.", "42:10",
        "Un <strong>article</strong> rédigé.", "https://video.example.org/offshoring", "https://slides.example.org/tazi.pdf",
        'href="/webinars/offshoring/summary.md"', 'href="/webinars/offshoring/summary.pdf"',
    ):
        assert expected in html, expected
    figures = dict(
        (label, value)
        for value, label in re.findall(r'<span class="figure-value">([^<]+)</span> <span class="figure-label">([^<]+)</span>', html)
    )
    assert figures["Confirmed registrations"] == "8"
    assert figures["Attendees"] == "4"
    assert figures["Attendance rate"] == "50%"
    assert "On the waitlist" not in figures, "who waited or was refused is for the organizers"
    assert "<svg" in html


def test_no_registrant_is_named_anywhere(visit, webinar):
    summary = write_summary(webinar)
    public_choices.choose_public_breakdowns(summary, {"affiliation", "country", "no_shows"})  # the organizer's choice
    db.session.commit()

    page = visit("/webinars/offshoring/summary?lang=en").get_data(as_text=True)
    markdown = visit("/webinars/offshoring/summary.md").get_data(as_text=True)
    pdf = visit("/webinars/offshoring/summary.pdf").data
    pdf_text = "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(pdf)).pages)

    assert "Grande Entreprise SA" in page, "aggregates are shown"
    for text in (page, markdown, pdf_text):
        assert_no_registrant(text)


def test_small_groups_are_not_named_publicly(visit, client, webinar, auth):
    summary = write_summary(webinar)
    public_choices.choose_public_breakdowns(summary, {"affiliation", "country", "no_shows"})  # the organizer's choice
    db.session.commit()

    public = visit("/webinars/offshoring/summary?lang=en").get_data(as_text=True)

    assert "Grande Entreprise SA" in public
    assert "Toute Petite SARL" not in public, "a group of two people could single them out"
    assert "Others" in public
    assert "Toute Petite SARL" not in visit("/webinars/offshoring/summary.md").get_data(as_text=True)
    # The organizers see every group.
    member = factories.make_user(webinar.organization, email="member@example.org")
    auth.login(member.email)
    assert "Toute Petite SARL" in client.get(f"/manage/webinars/{webinar.id}/summary?lang=en").get_data(as_text=True)


def test_speaker_releases_are_not_listed_publicly(visit, webinar):
    from webinars.agreements.models import AgreementKind

    convention = factories.make_completed_convention(webinar, title="Convention APEBI – CRI")
    # Signed like a convention, then marked as a release: only its kind matters here.
    release = factories.make_completed_convention(webinar, title="Autorisation de Yassine Tazi")
    release.kind = AgreementKind.RELEASE
    db.session.commit()
    write_summary(webinar)

    html = visit("/webinars/offshoring/summary?lang=en").get_data(as_text=True)

    assert convention.title in html
    assert "Autorisation de Yassine Tazi" not in html


def test_the_chrome_follows_the_visitor_and_the_article_the_webinar(visit, webinar):
    write_summary(webinar)

    english = visit("/webinars/offshoring/summary?lang=en").get_data(as_text=True)
    french = visit("/webinars/offshoring/summary?lang=fr").get_data(as_text=True)

    assert '<html lang="en">' in english and "Tuesday, October 20, 2026" in english
    assert '<html lang="fr">' in french and "mardi 20 octobre 2026" in french
    assert re.search(r'<div class="prose summary-article" lang="fr">', english)


def test_the_page_answers_a_conditional_request_with_304(visit, webinar):
    summary = write_summary(webinar)
    first = visit("/webinars/offshoring/summary?lang=en")
    assert first.status_code == 200 and first.headers["ETag"]

    again = visit("/webinars/offshoring/summary?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""

    service.add_highlight(summary, "A new highlight")
    db.session.commit()
    changed = visit("/webinars/offshoring/summary?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "A new highlight" in changed.get_data(as_text=True)


# --- the exports ---------------------------------------------------------------------


def test_the_markdown_export_is_a_named_attachment_in_the_webinars_language(visit, webinar):
    write_summary(webinar)

    response = visit("/webinars/offshoring/summary.md?lang=en")

    assert response.headers["Content-Disposition"] == "attachment; filename=offshoring-summary.md"
    assert response.mimetype == "text/markdown"
    text = response.get_data(as_text=True)
    assert text.startswith("# L'offshoring régionalisé\n")
    assert "Organisé par APEBI — Pôle Offshoring" in text, "headings in the webinar's language, whatever the visitor's"
    assert "## Modérateur et intervenants" in text
    assert "- **36** centres d'appels à Fès" in text
    assert "> Les crises nous rendent plus robustes." in text
    assert "Un **article** rédigé." in text
    assert "http://localhost/webinars/offshoring/summary" in text


def test_the_pdf_contains_the_title_the_figures_and_the_quotes(visit, webinar):
    write_summary(webinar)

    response = visit("/webinars/offshoring/summary.pdf")

    assert response.headers["Content-Disposition"] == "attachment; filename=offshoring-summary.pdf"
    assert response.data.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(response.data)).pages).split())
    for expected in ("L'offshoring régionalisé", "Les crises nous rendent plus robustes.", "Yassine Tazi", "36", "centres d'appels à Fès", "50"):
        assert expected in text, expected


def test_the_summary_has_link_preview_tags(visit, webinar):
    write_summary(webinar)

    html = visit("/webinars/offshoring/summary?lang=en").get_data(as_text=True)

    assert '<meta property="og:title" content="Retour sur l&#39;offshoring régionalisé">' in html
    assert '<meta property="og:url" content="http://localhost/webinars/offshoring/summary">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="http://localhost/webinars/offshoring/share/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
