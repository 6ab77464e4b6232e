"""The organization's dashboard: upcoming, drafts, past."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.factories import make_agenda_item, make_organization, make_registration, make_webinar, utc
from tests.statements import recorded_statements
from webinars.events.models import WebinarStatus
from webinars.extensions import db


def section(page: str, heading_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    assert match, heading_id
    return match.group(1)


def test_dashboard_groups_webinars(client, organizer, clock):
    org = organizer.organization
    make_webinar(org, title="Next week", starts_at=clock.current + timedelta(days=7), status=WebinarStatus.PUBLISHED)
    make_webinar(org, title="Tomorrow", starts_at=clock.current + timedelta(days=1), status=WebinarStatus.PUBLISHED)
    make_webinar(org, title="Called off", starts_at=clock.current + timedelta(days=3), status=WebinarStatus.CANCELLED)
    make_webinar(org, title="Running now", starts_at=clock.current - timedelta(hours=1), status=WebinarStatus.PUBLISHED)
    make_webinar(org, title="Work in progress", starts_at=clock.current + timedelta(days=30))
    make_webinar(org, title="Old draft", starts_at=clock.current - timedelta(days=30))
    make_webinar(org, title="Last year", starts_at=clock.current - timedelta(days=365), status=WebinarStatus.PUBLISHED)
    make_webinar(org, title="Last month", starts_at=clock.current - timedelta(days=30), status=WebinarStatus.CANCELLED)
    make_webinar(make_organization(), title="Someone else's", status=WebinarStatus.PUBLISHED)

    response = client.get(f"/manage/{org.slug}/webinars?lang=en")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    titles = lambda html: re.findall(r'<a href="/manage/webinars/\d+">([^<]+)</a>', html)  # noqa: E731
    assert titles(section(page, "upcoming-heading")) == ["Running now", "Tomorrow", "Called off", "Next week"]
    assert titles(section(page, "drafts-heading")) == ["Old draft", "Work in progress"]
    assert titles(section(page, "past-heading")) == ["Last month", "Last year"]
    assert "Someone else" not in page
    assert "badge-cancelled" in section(page, "upcoming-heading")
    assert f'href="/manage/{org.slug}/webinars/new"' in page
    assert f'href="/manage/{org.slug}/people"' in page
    assert "Members" in page


def test_dashboard_shows_each_date_in_its_own_zone(client, organizer, clock):
    make_webinar(organizer.organization, title="Casablanca", starts_at=utc(2026, 12, 10, 18, 0))
    make_webinar(organizer.organization, title="Montreal", starts_at=utc(2026, 12, 10, 18, 0), timezone="America/Toronto")

    page = client.get(f"/manage/{organizer.organization.slug}/webinars?lang=en").get_data(as_text=True)

    assert "6:00\u202fPM–8:00\u202fPM (Morocco time, UTC+0)" in page
    assert "1:00\u202fPM–3:00\u202fPM (Toronto time, UTC-5)" in page


@pytest.fixture
def count_queries(app):
    with recorded_statements() as statements:
        yield statements


def test_dashboard_queries_do_not_grow_with_the_number_of_webinars(client, organizer, clock, count_queries):
    org = organizer.organization
    url = f"/manage/{org.slug}/webinars"
    make_webinar(org, status=WebinarStatus.PUBLISHED)
    # Same starting point for both measurements: nothing fresh in the session.
    db.session.expire_all()
    count_queries.clear()
    client.get(url)
    with_one = len(count_queries)

    for days in range(-20, 40, 6):
        status = WebinarStatus.PUBLISHED if days % 4 else WebinarStatus.DRAFT
        make_webinar(org, starts_at=clock.current + timedelta(days=days), status=status)
    db.session.expire_all()
    count_queries.clear()
    client.get(url)

    assert len(count_queries) == with_one


def test_a_long_history_shows_the_latest_on_the_dashboard_and_the_rest_on_its_own_pages(client, organizer, clock, monkeypatch):
    from webinars.events import dashboard

    org = organizer.organization
    for number in range(1, 26):  # "Past 01" the oldest, "Past 25" the latest
        make_webinar(org, title=f"Past {number:02d}", starts_at=clock.current - timedelta(days=100 - number),
                     status=WebinarStatus.PUBLISHED)
    make_webinar(org, title="Next week", starts_at=clock.current + timedelta(days=7), status=WebinarStatus.PUBLISHED)
    titles = lambda html: re.findall(r'<a href="/manage/webinars/\d+">([^<]+)</a>', html)  # noqa: E731

    page = client.get(f"/manage/{org.slug}/webinars?lang=en").get_data(as_text=True)

    past = section(page, "past-heading")
    assert titles(past) == [f"Past {number:02d}" for number in range(25, 5, -1)]  # the latest 20
    assert f'<a href="/manage/{org.slug}/webinars/past">See all 25 past webinars</a>' in past
    assert "See all" not in section(page, "upcoming-heading")  # everything is shown already

    monkeypatch.setattr(dashboard, "GROUP_PAGE_ROWS", 10)
    first = client.get(f"/manage/{org.slug}/webinars/past").get_data(as_text=True)
    assert titles(first) == [f"Past {number:02d}" for number in range(25, 15, -1)]
    assert "25 webinars · page 1 of 3" in first
    assert f'href="/manage/{org.slug}/webinars/past?page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    last = client.get(f"/manage/{org.slug}/webinars/past?page=3").get_data(as_text=True)
    assert titles(last) == [f"Past {number:02d}" for number in range(5, 0, -1)]
    assert 'rel="next"' not in last
    # A bookmark of a page that no longer exists shows the last one; a huge number never reaches the database.
    assert titles(client.get(f"/manage/{org.slug}/webinars/past?page=999999999999999999999").get_data(as_text=True)) == titles(last)

    french = client.get(f"/manage/{org.slug}/webinars?lang=fr").get_data(as_text=True)
    assert "Voir les 25 webinaires passés" in french
    assert "25 webinaires · page 1 sur 3" in client.get(f"/manage/{org.slug}/webinars/past?lang=fr").get_data(as_text=True)


def test_a_group_page_is_for_members_only(client, organizer, clock):
    other = make_organization()
    make_webinar(other, title="Someone else's", starts_at=clock.current - timedelta(days=3), status=WebinarStatus.PUBLISHED)

    assert client.get(f"/manage/{other.slug}/webinars/past").status_code == 404
    assert client.get(f"/manage/{organizer.organization.slug}/webinars/archive").status_code == 404


def test_a_webinar_listed_on_the_dashboard_opens_in_full_afterwards(client, organizer, clock):
    """The dashboard loads a few columns of each webinar; a later page of the same session (the hostile
    walker's requests share one application context) must read the rest, not fail on what was left out."""
    webinar = make_webinar(organizer.organization, title="Listed first", starts_at=clock.current + timedelta(days=2))
    item = make_agenda_item(webinar, title="Opening words")
    webinar_id, item_id, slug = webinar.id, item.id, organizer.organization.slug
    db.session.commit()
    db.session.expunge_all()  # what the dashboard loads is all the session knows of the webinar

    assert client.get(f"/manage/{slug}/webinars?lang=en").status_code == 200
    for page in (f"/manage/agenda/{item_id}/edit", f"/manage/webinars/{webinar_id}", f"/manage/webinars/{webinar_id}/edit"):
        response = client.get(page + "?lang=en")
        assert response.status_code == 200, page
        assert "Listed first" in response.get_data(as_text=True)


def test_the_lists_are_rendered_once_and_follow_every_change(client, organizer, clock, rendered_templates):
    """The tables are kept per content (webinars/events/list_parts.py): the same rows and counts give the same
    table without rendering it again; a new registration, a new title or a cancellation show at once."""
    org = organizer.organization
    webinar = make_webinar(org, title="Cybersecurity day", starts_at=clock.current + timedelta(days=5),
                           status=WebinarStatus.PUBLISHED, capacity=50)
    db.session.commit()
    url = f"/manage/{org.slug}/webinars?lang=en"
    renders = lambda: rendered_templates.count("events/_webinar_list.html")  # noqa: E731

    first = client.get(url).get_data(as_text=True)
    assert "0 / 50 confirmed" in first
    again = client.get(url).get_data(as_text=True)
    assert renders() == 3  # three groups, rendered for the first visit only
    assert section(again, "upcoming-heading") == section(first, "upcoming-heading")

    make_registration(webinar)
    db.session.commit()
    assert "1 / 50 confirmed" in section(client.get(url).get_data(as_text=True), "upcoming-heading")

    webinar.title = "Cybersecurity morning"
    webinar.status = WebinarStatus.CANCELLED
    db.session.commit()
    upcoming = section(client.get(url).get_data(as_text=True), "upcoming-heading")
    assert "Cybersecurity morning" in upcoming and "badge-cancelled" in upcoming
    assert renders() == 5  # the upcoming table twice more; the empty groups' tables did not change
