"""The public summary: the recording embedded near the top, quotes linked to their moment, each quote and
figure shown once, and the breakdowns the organizer chose (organizations and no-shows stay private by default)."""

from __future__ import annotations

import pytest

from tests.summaries import test_public_summary
from tests.summaries.test_public_summary import speaker_of, write_summary
from webinars.extensions import db
from webinars.summaries import public_choices, service
from webinars.summaries.recordings import at_moment, player_for

# The public summary's fixtures: a published webinar with registrants, and a visitor's client.
visit = test_public_summary.visit
webinar = test_public_summary.webinar


@pytest.mark.parametrize(
    ("url", "kind", "src"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=x", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://media.example.org/webinar.mp4", "video", "https://media.example.org/webinar.mp4"),
    ],
)
def test_players(url, kind, src):
    player = player_for(url)
    assert (player.kind, player.src) == (kind, src)


def test_what_is_only_linked_to():
    assert player_for("https://video.example.org/offshoring") is None
    assert player_for("javascript:alert(1)") is None
    assert player_for("https://www.youtube.com/watch?v=short") is None


def test_moments():
    assert at_moment("https://youtu.be/dQw4w9WgXcQ", 754) == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=754s"
    assert at_moment("https://vimeo.com/76979871", 61) == "https://vimeo.com/76979871#t=61s"
    assert at_moment("https://media.example.org/w.mp4", 5) == "https://media.example.org/w.mp4#t=5"
    assert player_for("https://youtu.be/dQw4w9WgXcQ").src_at(754).endswith("/embed/dQw4w9WgXcQ?start=754&autoplay=1")


def test_a_youtube_recording_is_embedded_near_the_top_and_quotes_play_their_moment(visit, webinar):
    summary = write_summary(webinar)
    service.set_recording(summary, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    db.session.commit()

    response = visit("/webinars/offshoring/summary?lang=en")
    html = response.get_data(as_text=True)
    assert '<iframe name="recording" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert html.index("<iframe") < html.index('id="quotes-title"')
    assert 'href="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=2530&amp;autoplay=1" target="recording"' in html
    policy = response.headers["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in policy
    # Only that page may frame them.
    assert "frame-src" not in visit("/webinars/offshoring?lang=en").headers["Content-Security-Policy"]


def test_a_video_file_plays_in_a_video_element(visit, webinar):
    summary = write_summary(webinar)
    service.set_recording(summary, "https://media.example.org/offshoring.mp4")
    db.session.commit()
    response = visit("/webinars/offshoring/summary?lang=en")
    assert '<video class="video-file" controls preload="metadata" src="https://media.example.org/offshoring.mp4">' in response.get_data(as_text=True)
    assert "media-src 'self' https://media.example.org" in response.headers["Content-Security-Policy"]


def test_each_quote_and_figure_appears_once(visit, webinar):
    summary = write_summary(webinar)
    service.save_article(
        summary,
        "Retour",
        "« Les crises nous rendent plus robustes », a souligné Yassine Tazi.\n\n- **36** centres d'appels à Fès\n",
    )
    service.add_quote(summary, "Une autre phrase, dite seulement ici.", speaker_of(webinar).id, None)
    db.session.commit()
    html = visit("/webinars/offshoring/summary?lang=en").get_data(as_text=True)
    assert html.count("Les crises nous rendent plus robustes") == 1
    assert html.count("appels à Fès") == 1
    assert html.count("Une autre phrase, dite seulement ici.") == 1  # not in the article: in its block


def test_the_organizer_chooses_the_public_breakdowns(visit, client, auth, webinar):
    from tests import factories

    summary = write_summary(webinar)
    public = visit("/webinars/offshoring/summary?lang=en").get_data(as_text=True)
    assert "Grande Entreprise SA" not in public  # organizations: private until chosen
    assert "No-shows" not in public

    member = factories.make_user(webinar.organization, email="member@example.org")
    auth.login(member.email)
    page = client.get(f"/manage/webinars/{webinar.id}/summary?lang=en").get_data(as_text=True)
    assert "What the public summary shows" in page and "Preview the public summary" in page
    response = client.post(
        f"/manage/webinars/{webinar.id}/summary/public-figures?lang=en",
        data={"shown": ["affiliation", "no_shows"]},
        follow_redirects=True,
    )
    assert "Saved." in response.get_data(as_text=True)
    db.session.expire_all()
    assert public_choices.shows_publicly(summary, "affiliation") and not public_choices.shows_publicly(summary, "country")
    public = visit("/webinars/offshoring/summary?lang=en").get_data(as_text=True)
    assert "Grande Entreprise SA" in public
    assert "No-shows" in public


def test_the_page_writes_every_date_one_way(visit, webinar):
    import re

    from tests import factories

    factories.make_completed_convention(webinar, "Convention APEBI – CRI")
    write_summary(webinar)
    html = visit("/webinars/offshoring/summary?lang=fr").get_data(as_text=True)
    assert "mardi 20 octobre 2026, 10:00" in html  # the webinar's date
    assert re.search(r"signature le \w+ \d{1,2}(er)? \w+ \d{4}", html), "the convention's date, written the same way"
    assert not re.search(r"\b\d{1,2} [a-zéû]{3,5}\. \d{4}", html), "no abbreviated date beside the full ones"
