"""The organizer's Summary: when it opens, editing highlights, quotes, key figures and links, the article, publication."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.factories import utc
from webinars.events.models import Language, WebinarStatus
from webinars.extensions import db
from webinars.people.models import ParticipationRole
from webinars.summaries import service
from webinars.summaries.models import Highlight, KeyFigure, Quote, SlideLink, Summary

STARTS = utc(2026, 10, 20, 10, 0)  # the clock fixture says 2 November 2026


def ended_webinar(organization, **fields):
    """A published webinar that took place on 20 October 2026, with a moderator and a speaker."""
    fields.setdefault("status", WebinarStatus.PUBLISHED)
    fields.setdefault("starts_at", STARTS)
    return factories.make_publishable_webinar(organization, **fields)


@pytest.fixture
def webinar(organizer, clock):
    return ended_webinar(organizer.organization, title="L'offshoring régionalisé", slug="offshoring")


def base(webinar) -> str:
    return f"/manage/webinars/{webinar.id}/summary"


def summary_of(webinar) -> Summary:
    db.session.expire_all()
    return db.session.scalar(select(Summary).where(Summary.webinar_id == webinar.id))


def texts(entries) -> list[str]:
    return [entry.text for entry in entries]


def error_next_to(html: str, field_id: str) -> str:
    """The error list the form macro puts right after the field with this id."""
    match = re.search(rf'<ul class="errors" id="{re.escape(field_id)}-error">(.*?)</ul>', html, re.S)
    assert match, f"no error shown next to {field_id}"
    return match.group(1)


# --- when the summary opens --------------------------------------------------------


def test_before_the_end_the_summary_sends_the_organizer_to_the_overview(client, organizer, clock):
    webinar = ended_webinar(organizer.organization, starts_at=utc(2026, 11, 20, 10, 0))

    response = client.get(f"{base(webinar)}?lang=en")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/webinars/{webinar.id}")
    overview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The summary opens when the webinar ends, on Friday, November 20, 2026" in overview
    assert f'href="{base(webinar)}"' not in overview, "the Summary tab is hidden before the end"
    assert summary_of(webinar) is None


def test_after_the_end_the_tab_shows_and_the_summary_opens(client, webinar):
    overview = client.get(f"/manage/webinars/{webinar.id}?lang=en").get_data(as_text=True)
    assert f'href="{base(webinar)}"' in overview

    response = client.get(f"{base(webinar)}?lang=en")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Summary of “L&#39;offshoring régionalisé”" in html
    assert summary_of(webinar) is not None


def test_a_cancelled_webinar_has_no_summary(client, organizer, clock):
    webinar = ended_webinar(organizer.organization, status=WebinarStatus.CANCELLED)

    response = client.get(f"{base(webinar)}/content?lang=en", follow_redirects=True)

    assert "A cancelled webinar has no summary." in response.get_data(as_text=True)
    assert summary_of(webinar) is None


def test_the_figures_page_shows_counts_agreements_and_agenda(client, webinar):
    for attended in (True, True, False):
        factories.make_registration(webinar, attended=attended, minutes_in_session=40 if attended else None)
    factories.make_registration(webinar, state="waitlisted")
    factories.make_agenda_item(webinar, title="Ouverture officielle")
    factories.make_completed_convention(webinar, title="Convention APEBI – CRI")

    html = client.get(f"{base(webinar)}?lang=en").get_data(as_text=True)

    by_label = {
        label: value
        for value, label in re.findall(r'<span class="figure-value">([^<]+)</span> <span class="figure-label">([^<]+)</span>', html)
    }
    assert by_label["Confirmed registrations"] == "3"
    assert by_label["Attendees"] == "2"
    assert by_label["Attendance rate"] == "67%"
    assert by_label["On the waitlist"] == "1"
    assert by_label["Average time in the session"] == "40 min"
    assert html.count("<svg") >= 2, "registrations per day and attendance charts"
    assert "Convention APEBI – CRI" in html and "Karim Alaoui" in html
    assert "Ouverture officielle" in html


# --- highlights ------------------------------------------------------------------


def test_highlights_are_added_edited_moved_and_deleted(client, webinar):
    for text in ("First highlight", "Second highlight", "Third highlight"):
        response = client.post(f"{base(webinar)}/highlights", data={"highlight-text": text})
        assert response.status_code == 302
    summary = summary_of(webinar)
    assert texts(summary.highlights) == ["First highlight", "Second highlight", "Third highlight"]
    first, second, third = summary.highlights

    client.post(f"{base(webinar)}/highlights/{third.id}/move/up")
    assert texts(summary_of(webinar).highlights) == ["First highlight", "Third highlight", "Second highlight"]

    client.post(f"{base(webinar)}/highlights/{first.id}/edit", data={"highlight-text": "First, reworded"})
    client.post(f"{base(webinar)}/highlights/{third.id}/delete")

    summary = summary_of(webinar)
    assert texts(summary.highlights) == ["First, reworded", "Second highlight"]
    assert [h.position for h in summary.highlights] == [0, 1], "positions stay dense"
    page = client.get(f"{base(webinar)}/content?lang=en").get_data(as_text=True)
    assert page.index("First, reworded") < page.index("Second highlight")


def test_an_empty_highlight_is_refused_next_to_the_field(client, webinar):
    response = client.post(f"{base(webinar)}/highlights?lang=en", data={"highlight-text": "   "})

    assert response.status_code == 422
    assert "Write the highlight." in error_next_to(response.get_data(as_text=True), "highlight-text")
    assert db.session.scalar(select(func.count()).select_from(Highlight)) == 0


def test_moving_the_first_entry_up_changes_nothing(client, webinar):
    for text in ("One", "Two"):
        client.post(f"{base(webinar)}/highlights", data={"highlight-text": text})
    first = summary_of(webinar).highlights[0]

    client.post(f"{base(webinar)}/highlights/{first.id}/move/up")

    assert texts(summary_of(webinar).highlights) == ["One", "Two"]


# --- quotes ----------------------------------------------------------------------


def lineup(webinar):
    moderator = next(p.person for p in webinar.participations if p.role is ParticipationRole.MODERATOR)
    speaker = next(p.person for p in webinar.participations if p.role is ParticipationRole.SPEAKER)
    return moderator, speaker


@pytest.mark.parametrize(("typed", "seconds"), [("1:02:03", 3723), ("42:10", 2530), ("", None)])
def test_a_quote_is_attributed_to_a_speaker_at_a_moment(client, webinar, typed, seconds):
    _moderator, speaker = lineup(webinar)

    response = client.post(
        f"{base(webinar)}/quotes",
        data={"quote-text": "Les crises nous rendent plus robustes.", "quote-person_id": speaker.id, "quote-timestamp": typed},
    )

    assert response.status_code == 302
    (quote,) = summary_of(webinar).quotes
    assert (quote.text, quote.person_id, quote.at_second) == ("Les crises nous rendent plus robustes.", speaker.id, seconds)
    page = client.get(f"{base(webinar)}/content").get_data(as_text=True)
    assert speaker.full_name in page
    if typed:
        assert f"({typed})" in page


def test_the_speaker_is_chosen_in_a_list_of_the_lineup(client, webinar):
    moderator, speaker = lineup(webinar)
    outsider = factories.make_person(webinar.organization, "Someone Else")

    html = client.get(f"{base(webinar)}/content?lang=en").get_data(as_text=True)

    select_html = re.search(r'<select[^>]*name="quote-person_id".*?</select>', html, re.S).group(0)
    assert moderator.full_name in select_html and speaker.full_name in select_html
    assert outsider.full_name not in select_html


def test_a_quote_by_someone_outside_the_lineup_is_refused(client, webinar):
    outsider = factories.make_person(webinar.organization, "Not A Speaker")

    response = client.post(
        f"{base(webinar)}/quotes?lang=en",
        data={"quote-text": "Words", "quote-person_id": outsider.id, "quote-timestamp": ""},
    )

    assert response.status_code == 422
    message = error_next_to(response.get_data(as_text=True), "quote-person_id")
    assert "Choose the moderator or one of the speakers of this webinar." in message
    assert db.session.scalar(select(func.count()).select_from(Quote)) == 0


def test_a_timestamp_that_is_not_one_is_refused(client, webinar):
    _moderator, speaker = lineup(webinar)

    response = client.post(
        f"{base(webinar)}/quotes?lang=en",
        data={"quote-text": "Words", "quote-person_id": speaker.id, "quote-timestamp": "abc"},
    )

    assert response.status_code == 422
    assert "1:02:03 or 42:10" in error_next_to(response.get_data(as_text=True), "quote-timestamp")
    assert db.session.scalar(select(func.count()).select_from(Quote)) == 0


def test_editing_a_quote_can_change_its_speaker_but_not_to_an_outsider(client, webinar):
    moderator, speaker = lineup(webinar)
    outsider = factories.make_person(webinar.organization, "Not A Speaker")
    client.post(f"{base(webinar)}/quotes", data={"quote-text": "Words", "quote-person_id": speaker.id})
    quote = summary_of(webinar).quotes[0]
    url = f"{base(webinar)}/quotes/{quote.id}/edit?lang=en"

    form = client.get(url).get_data(as_text=True)
    assert "Words" in form

    refused = client.post(url, data={"quote-text": "Other words", "quote-person_id": outsider.id})
    assert refused.status_code == 422
    assert "Choose the moderator" in error_next_to(refused.get_data(as_text=True), "quote-person_id")
    assert (summary_of(webinar).quotes[0].text, summary_of(webinar).quotes[0].person_id) == ("Words", speaker.id)

    client.post(url, data={"quote-text": "Other words", "quote-person_id": moderator.id, "quote-timestamp": "5:00"})
    quote = summary_of(webinar).quotes[0]
    assert (quote.text, quote.person_id, quote.at_second) == ("Other words", moderator.id, 300)


# --- key figures, recording, slides ---------------------------------------------------


def test_key_figures_are_added_and_reordered(client, webinar):
    client.post(f"{base(webinar)}/key-figures", data={"key-figure-value": "36", "key-figure-label": "centres d'appels à Fès"})
    client.post(f"{base(webinar)}/key-figures", data={"key-figure-value": "11 %", "key-figure-label": "des emplois du secteur"})
    second = summary_of(webinar).key_figures[1]

    client.post(f"{base(webinar)}/key-figures/{second.id}/move/up")

    figures = summary_of(webinar).key_figures
    assert [(f.value, f.label, f.position) for f in figures] == [
        ("11 %", "des emplois du secteur", 0),
        ("36", "centres d'appels à Fès", 1),
    ]
    # Every list of the page, filled, renders with its move buttons (the first cannot move up).
    client.post(f"{base(webinar)}/highlights", data={"highlight-text": "Une convention signée en direct."})
    client.post(f"{base(webinar)}/slides", data={"slides-title": "Présentation", "slides-url": "https://x.example.org/a.pdf"})
    page = client.get(f"{base(webinar)}/content?lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.index("11 %") < text.index("centres d&#39;appels à Fès")
    assert text.count("Move up") == 1 and text.count("Move down") == 1


def test_an_over_long_key_figure_is_refused(client, webinar):
    response = client.post(
        f"{base(webinar)}/key-figures?lang=en", data={"key-figure-value": "9" * 41, "key-figure-label": "too long"}
    )

    assert response.status_code == 422
    assert "under 40 characters" in error_next_to(response.get_data(as_text=True), "key-figure-value")
    assert db.session.scalar(select(func.count()).select_from(KeyFigure)) == 0


def test_the_recording_link_must_be_https(client, webinar):
    refused = client.post(f"{base(webinar)}/recording?lang=en", data={"recording_url": "http://video.example.org/1"})
    assert refused.status_code == 422
    assert "https://" in error_next_to(refused.get_data(as_text=True), "recording_url")
    assert summary_of(webinar).recording_url is None

    client.post(f"{base(webinar)}/recording", data={"recording_url": "https://video.example.org/1"})
    assert summary_of(webinar).recording_url == "https://video.example.org/1"

    client.post(f"{base(webinar)}/recording", data={"recording_url": ""})
    assert summary_of(webinar).recording_url is None


def test_slide_links_need_a_title_and_an_https_address(client, webinar):
    refused = client.post(f"{base(webinar)}/slides?lang=en", data={"slides-title": "Slides", "slides-url": "http://x.example.org/a.pdf"})
    assert refused.status_code == 422
    assert "https://" in error_next_to(refused.get_data(as_text=True), "slides-url")
    untitled = client.post(f"{base(webinar)}/slides?lang=en", data={"slides-title": "", "slides-url": "https://x.example.org/a.pdf"})
    assert "Give the slides a title." in error_next_to(untitled.get_data(as_text=True), "slides-title")
    assert db.session.scalar(select(func.count()).select_from(SlideLink)) == 0

    client.post(f"{base(webinar)}/slides", data={"slides-title": "Les slides de Yassine Tazi", "slides-url": "https://x.example.org/a.pdf"})
    (link,) = summary_of(webinar).slide_links
    assert (link.title, link.url) == ("Les slides de Yassine Tazi", "https://x.example.org/a.pdf")

    client.post(f"{base(webinar)}/slides/{link.id}/delete")
    assert summary_of(webinar).slide_links == []


def test_another_summarys_entry_is_not_found(client, webinar, organizer):
    other = ended_webinar(organizer.organization, title="Another one")
    client.post(f"{base(other)}/highlights", data={"highlight-text": "Theirs"})
    theirs = summary_of(other).highlights[0]

    assert client.post(f"{base(webinar)}/highlights/{theirs.id}/delete").status_code == 404
    assert client.get(f"{base(webinar)}/highlights/{theirs.id}/edit").status_code == 404
    assert texts(summary_of(other).highlights) == ["Theirs"]


# --- the article -------------------------------------------------------------------


def test_the_article_is_drafted_edited_and_drafted_again_only_when_confirmed(client, webinar):
    first = client.post(f"{base(webinar)}/article/draft")
    assert first.status_code == 302, "a first draft replaces nothing: no confirmation needed"
    summary = summary_of(webinar)
    assert "L'offshoring régionalisé" in summary.article_title
    assert "Yassine Tazi" in summary.article
    assert summary.article_drafted_at is not None

    client.post(f"{base(webinar)}/article", data={"title": "Mon titre", "body": "Mon **texte** à moi."})
    assert (summary_of(webinar).article_title, summary_of(webinar).article) == ("Mon titre", "Mon **texte** à moi.")
    page = client.get(f"{base(webinar)}/article").get_data(as_text=True)
    assert "Mon <strong>texte</strong> à moi." in page, "the rendered article is shown beside the editor"

    unconfirmed = client.post(f"{base(webinar)}/article/draft?lang=en", data={})
    assert unconfirmed.status_code == 422
    assert "Tick the box to confirm" in error_next_to(unconfirmed.get_data(as_text=True), "redraft-confirm")
    assert summary_of(webinar).article == "Mon **texte** à moi."

    confirmed = client.post(f"{base(webinar)}/article/draft", data={"redraft-confirm": "y"})
    assert confirmed.status_code == 302
    assert "Yassine Tazi" in summary_of(webinar).article


def test_the_article_is_drafted_in_the_webinars_language(client, organizer, clock):
    webinar = ended_webinar(organizer.organization, title="Nearshoring after Covid", language=Language.EN)

    client.post(f"{base(webinar)}/article/draft?lang=fr")

    summary = summary_of(webinar)
    assert "Nearshoring after Covid" in summary.article_title
    assert "webinaire" not in summary.article.lower()


def test_preview_shows_the_text_being_edited_without_saving_it(client, webinar):
    client.post(f"{base(webinar)}/article", data={"title": "Saved", "body": "Saved text."})

    response = client.post(f"{base(webinar)}/article?lang=en", data={"title": "Draft", "body": "A *new* text.", "preview": "1"})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "A <em>new</em> text." in html
    assert summary_of(webinar).article == "Saved text."


def test_the_article_title_has_a_limit(client, webinar):
    response = client.post(f"{base(webinar)}/article?lang=en", data={"title": "x" * 301, "body": "Text"})

    assert response.status_code == 422
    assert "under 300 characters" in error_next_to(response.get_data(as_text=True), "title")
    assert summary_of(webinar).article is None


# --- publication -----------------------------------------------------------------


def test_publishing_needs_an_article(client, webinar):
    client.get(base(webinar))

    response = client.post(f"{base(webinar)}/publish?lang=en", follow_redirects=True)

    assert "The summary cannot be published yet: Write the article first" in response.get_data(as_text=True)
    assert summary_of(webinar).published_at is None


def test_publishing_needs_a_public_webinar(client, organizer, clock):
    webinar = ended_webinar(organizer.organization, status=WebinarStatus.DRAFT)
    client.post(f"{base(webinar)}/article", data={"title": "T", "body": "Text"})

    response = client.post(f"{base(webinar)}/publish?lang=en", follow_redirects=True)

    assert "publish the webinar first" in response.get_data(as_text=True)
    assert summary_of(webinar).published_at is None


def test_publish_then_unpublish(client, webinar, clock):
    client.post(f"{base(webinar)}/article", data={"title": "T", "body": "Text"})

    response = client.post(f"{base(webinar)}/publish?lang=en", follow_redirects=True)

    assert "The summary is published" in response.get_data(as_text=True)
    assert summary_of(webinar).published_at == clock.now()
    client.post(f"{base(webinar)}/unpublish")
    assert summary_of(webinar).published_at is None


def test_publishing_is_refused_before_the_end(client, webinar, clock):
    client.post(f"{base(webinar)}/article", data={"title": "T", "body": "Text"})
    clock.set(webinar.starts_at + timedelta(minutes=30))  # the webinar was moved: it is under way again

    response = client.post(f"{base(webinar)}/publish?lang=en")

    assert response.status_code == 302 and response.headers["Location"].endswith(f"/manage/webinars/{webinar.id}")
    assert summary_of(webinar).published_at is None
    with pytest.raises(service.NotPublishable):
        service.publish(summary_of(webinar), webinar.starts_at)


# --- languages and access ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Tuesday, October 20, 2026"), ("fr", "mardi 20 octobre 2026")],
)
def test_every_page_renders_in_french_and_english(client, webinar, lang, expected):
    client.post(f"{base(webinar)}/highlights", data={"highlight-text": "Un point fort"})
    highlight = summary_of(webinar).highlights[0]
    for path in ("", "/content", "/article", f"/highlights/{highlight.id}/edit"):
        response = client.get(f"{base(webinar)}{path}", query_string={"lang": lang})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert f'<html lang="{lang}">' in html
        assert expected in html, path


def test_another_organizations_member_gets_404_on_every_summary_url(client, auth, webinar):
    client.post(f"{base(webinar)}/highlights", data={"highlight-text": "Ours"})
    highlight = summary_of(webinar).highlights[0]
    auth.logout()
    outsider = factories.make_user(factories.make_organization(), email="outsider@example.org")
    auth.login(outsider.email)

    for method, path in [
        ("GET", ""), ("GET", "/content"), ("GET", "/article"), ("POST", "/article"), ("POST", "/article/draft"),
        ("POST", "/publish"), ("POST", "/unpublish"), ("POST", "/recording"), ("POST", "/highlights"),
        ("GET", f"/highlights/{highlight.id}/edit"), ("POST", f"/highlights/{highlight.id}/edit"),
        ("POST", f"/highlights/{highlight.id}/delete"), ("POST", f"/highlights/{highlight.id}/move/down"),
    ]:
        response = client.open(f"{base(webinar)}{path}", method=method, data={"highlight-text": "Hacked"})
        assert response.status_code == 404, f"{method} {path}"

    assert texts(summary_of(webinar).highlights) == ["Ours"]


def test_the_forms_carry_their_csrf_token(app, client, webinar):
    app.config["WTF_CSRF_ENABLED"] = True  # as in production
    page = client.get(f"{base(webinar)}/content").get_data(as_text=True)
    token = re.search(r'name="highlight-csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    refused = client.post(f"{base(webinar)}/highlights", data={"highlight-text": "Without a token"})
    accepted = client.post(f"{base(webinar)}/highlights", data={"highlight-text": "With its token", "highlight-csrf_token": token})

    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert texts(summary_of(webinar).highlights) == ["With its token"]
