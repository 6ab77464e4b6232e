"""No page runs more SQL statements because a webinar has more speakers, agenda items, registrations
or sibling webinars: each test builds a small and a large data set and compares the two counts.

A count that grows is an N+1: a relationship loaded lazily, once per row shown. Loading
what a page shows up front (``selectinload``/``joinedload`` in the query that loads its
objects) keeps the count fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from tests.query_counts.conftest import Measured, growth_report
from webinars import clock
from webinars.accounts.models import Membership, Organization, Role
from webinars.agenda.models import AgendaItem, AgendaKind
from webinars.events.models import Language, Webinar, WebinarPartner, WebinarStatus
from webinars.extensions import db
from webinars.people.models import Participation, ParticipationRole, Person
from webinars.registration import listing, tallies
from webinars.registration.models import Answer, Question, QuestionKind, Registration, RegistrationState
from webinars.summaries.models import Highlight, KeyFigure, Quote, SlideLink, Summary
from webinars.personal_links.models import PersonalLink
from webinars.tokens import hash_token

# --- The data sets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """How much there is of each thing that a page may list."""

    speakers: int = 2
    agenda_items: int = 2
    registrations: int = 10
    webinars: int = 2  # in the organization, the main one included


SMALL = Scale()
LARGE = {"speakers": 20, "agenda_items": 20, "registrations": 1000, "webinars": 20}

# Each dimension is grown alone, so a failure names the one that makes the count grow.
WEBINAR_DIMENSIONS = ["speakers", "agenda_items", "registrations"]
ORGANIZATION_DIMENSIONS = [*WEBINAR_DIMENSIONS, "webinars"]

STATES = [
    RegistrationState.CONFIRMED,
    RegistrationState.CONFIRMED,
    RegistrationState.CONFIRMED,
    RegistrationState.WAITLISTED,
    RegistrationState.PENDING,
    RegistrationState.CANCELLED,
    RegistrationState.REJECTED,
]
COUNTRIES = ["MA", "FR", "SN", "CA", None]
SECTORS = ["Finance", "Industry", "Public sector", "Education"]


@dataclass(frozen=True)
class DataSet:
    """Plain values only: the requests run in their own session, the setup's objects stay behind."""

    label: str
    organization_slug: str
    webinar_id: int
    webinar_slug: str
    webinar_title: str
    last_speaker: str
    last_agenda_item: str
    last_webinar_title: str
    newest_registrant_email: str
    invite_token: str
    registrations: int


_sets = 0


def build(owner_id: int, scale: Scale) -> DataSet:
    """An organization (``owner_id`` one of its owners) with ``scale.webinars`` webinars.

    The main webinar, published and open, has a moderator, ``scale.speakers`` speakers,
    ``scale.agenda_items`` agenda items of one or two speakers each, a partner, a
    question, and ``scale.registrations`` registrations in every state, most with an
    answer, some attended. The other webinars (published, draft, past) share the line-up
    and the agenda's length, for the pages that list several webinars with their people.
    """
    global _sets
    _sets += 1
    label = f"set{_sets}"
    organization = Organization(name=f"Federation {label}", slug=f"federation-{label}", timezone="Africa/Casablanca")
    db.session.add(organization)
    db.session.add(Membership(user_id=owner_id, organization=organization, role=Role.OWNER))
    moderator = Person(
        organization=organization, full_name=f"Moderator {label}", position="Moderator", affiliation="APEBI"
    )
    speakers = [
        Person(
            organization=organization,
            full_name=f"Speaker {label} {number:02d}",
            position="CEO",
            affiliation=f"Company {number}",
        )
        for number in range(scale.speakers)
    ]
    db.session.add_all([moderator, *speakers])

    start = (clock.now() + timedelta(days=14)).replace(minute=0, second=0, microsecond=0)
    webinars = []
    for number in range(scale.webinars):
        if number == 0:
            status, starts_at = WebinarStatus.PUBLISHED, start
        else:
            status = [WebinarStatus.PUBLISHED, WebinarStatus.DRAFT][number % 2]
            starts_at = start + timedelta(days=number * 3 - scale.webinars)  # some past, some to come
        title = f"Webinar {label} {number:02d}"
        webinars.append(_webinar(organization, title, starts_at, status, moderator, speakers, scale))
    db.session.commit()

    main = webinars[0]
    newest_email = _registrations(main, scale.registrations, label)
    return DataSet(
        label=label,
        organization_slug=organization.slug,
        webinar_id=main.id,
        webinar_slug=main.slug,
        webinar_title=main.title,
        last_speaker=speakers[-1].full_name,
        last_agenda_item=main.agenda_items[-1].title,
        last_webinar_title=webinars[-1].title,
        newest_registrant_email=newest_email,
        invite_token=f"invite-token-of-the-{label}-data-set",
        registrations=scale.registrations,
    )


def _webinar(organization, title, starts_at, status, moderator, speakers, scale: Scale) -> Webinar:
    slug = title.lower().replace(" ", "-")
    webinar = Webinar(
        organization=organization,
        title=title,
        slug=slug,
        subtitle="Offshoring after Covid",
        description="A **webinar** of the offshoring cluster.",
        timezone=organization.timezone,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2, minutes=scale.agenda_items * 5),
        language=Language.FR,
        join_url="https://meet.example.org/offshoring",
        join_url_is_public=True,
        status=status,
        published_at=clock.now() if status is WebinarStatus.PUBLISHED else None,
        is_past_record=starts_at < clock.now(),
    )
    webinar.participations = [Participation(person=moderator, role=ParticipationRole.MODERATOR, position=0)] + [
        Participation(person=person, role=ParticipationRole.SPEAKER, position=number + 1)
        for number, person in enumerate(speakers)
    ]
    webinar.agenda_items = [
        AgendaItem(
            title=f"Talk {slug} {number:02d}",
            kind=AgendaKind.TALK,
            starts_at=starts_at + timedelta(minutes=5 * number),
            ends_at=starts_at + timedelta(minutes=5 * number + 5),
            # One or two speakers each, so the join table has rows of both shapes.
            speakers=[speakers[(number + shift) % len(speakers)] for shift in range(1 + number % 2)],
        )
        for number in range(scale.agenda_items)
    ]
    webinar.partners = [WebinarPartner(name="CRI Fès-Meknès", website="https://cri.example.org", position=0)]
    db.session.add(webinar)
    return webinar


def _registrations(webinar: Webinar, count: int, label: str) -> str:
    """``count`` registrations in two statements (and answers in two more); the first is confirmed
    and holds the token ``invite-token-of-the-<label>-data-set``. Returns the newest registrant's e-mail."""
    question = Question(
        webinar_id=webinar.id, label="Your sector?", kind=QuestionKind.SINGLE_CHOICE, choices_text="\n".join(SECTORS)
    )
    db.session.add(question)
    db.session.flush()
    now = clock.now()
    rows = [
        {
            "webinar_id": webinar.id,
            "email": f"registrant{number:05d}@{label}.example.org",
            "first_name": "Registrant",
            "last_name": f"{label} {number:05d}",
            "affiliation": f"Company {number % 13}" if number % 5 else None,
            "job_title": "Analyst" if number % 2 else None,
            "country": COUNTRIES[number % len(COUNTRIES)],
            "city": "Fès" if number % 3 else None,
            "language": "fr" if number % 4 else "en",
            "state": STATES[number % len(STATES)],
            "consented_at": now,
            "confirmed_at": now if STATES[number % len(STATES)] is RegistrationState.CONFIRMED else None,
            "attended": number % 3 == 0 and STATES[number % len(STATES)] is RegistrationState.CONFIRMED,
            "minutes_in_session": 45 + number % 60 if number % 3 == 0 else None,
            "created_at": now + timedelta(seconds=number),
            "updated_at": now,
        }
        for number in range(count)
    ]
    db.session.execute(insert(Registration), rows)
    tallies.recount([webinar.id])
    ids = db.session.scalars(select(Registration.id).where(Registration.webinar_id == webinar.id)).all()
    db.session.add(PersonalLink(token_hash=hash_token(f"invite-token-of-the-{label}-data-set"), registration_id=min(ids)))
    db.session.execute(
        insert(Answer),
        [{"registration_id": i, "question_id": question.id, "value": SECTORS[i % len(SECTORS)]} for i in ids if i % 4],
    )
    db.session.commit()
    return rows[-1]["email"]


@pytest.fixture
def data_sets(organizer, clock):
    """``pair(dimension)``: the small data set and one where only ``dimension`` is large."""

    def pair(dimension: str) -> tuple[DataSet, DataSet]:
        large = replace(SMALL, **{dimension: LARGE[dimension]})
        return build(organizer.user.id, SMALL), build(organizer.user.id, large)

    return pair


def assert_same_count(small: Measured, large: Measured) -> None:
    assert small.count == large.count, growth_report(small, large)


def assert_rendered(measured: Measured, *texts: str) -> None:
    """A count of an error page or an empty one proves nothing."""
    assert measured.response.status_code == 200, measured.response.status_code
    for text in texts:
        assert text in measured.text, f"{text!r} is not in the response"


# --- Public pages and calendar files ---------------------------------------------------------


def summary_line(data_set: DataSet) -> str:
    """The main webinar's title in a calendar file (its events are in French)."""
    return f"SUMMARY;LANGUAGE=fr:{data_set.webinar_title}"


@pytest.mark.parametrize("dimension", WEBINAR_DIMENSIONS)
def test_public_webinar_page(measure, data_sets, dimension):
    small, large = data_sets(dimension)

    pages = [measure(f"/webinars/{each.webinar_slug}", as_visitor=True) for each in (small, large)]

    for each, page in zip((small, large), pages):
        assert_rendered(page, f">{each.webinar_title}</h1>", each.last_speaker, each.last_agenda_item)
    assert_same_count(*pages)


@pytest.mark.parametrize("dimension", WEBINAR_DIMENSIONS)
def test_public_calendar_file(measure, data_sets, dimension):
    small, large = data_sets(dimension)

    files = [measure(f"/webinars/{each.webinar_slug}.ics", as_visitor=True) for each in (small, large)]

    for each, file in zip((small, large), files):
        assert_rendered(file, "METHOD:PUBLISH", summary_line(each), each.last_speaker, each.last_agenda_item)
    assert_same_count(*files)


@pytest.mark.parametrize("dimension", WEBINAR_DIMENSIONS)
def test_personal_invite(measure, data_sets, dimension):
    small, large = data_sets(dimension)

    invites = [measure(f"/r/{each.invite_token}/invite.ics", as_visitor=True) for each in (small, large)]

    for each, invite in zip((small, large), invites):
        attendee = f"registrant00000@{each.label}"
        assert_rendered(invite, "METHOD:REQUEST", summary_line(each), each.last_speaker, attendee)
    assert_same_count(*invites)


@pytest.mark.parametrize("dimension", ORGANIZATION_DIMENSIONS)
def test_organization_feed(measure, data_sets, dimension):
    small, large = data_sets(dimension)

    feeds = [
        measure(f"/organizations/{each.organization_slug}/calendar.ics", as_visitor=True) for each in (small, large)
    ]

    for each, feed in zip((small, large), feeds):
        assert_rendered(feed, "BEGIN:VCALENDAR", summary_line(each), each.last_speaker, each.last_agenda_item)
    assert_same_count(*feeds)


# --- Organizer pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("dimension", ORGANIZATION_DIMENSIONS)
def test_organizer_webinar_list(measure, data_sets, dimension):
    small, large = data_sets(dimension)

    dashboards = [measure(f"/manage/{each.organization_slug}/webinars") for each in (small, large)]

    for each, dashboard in zip((small, large), dashboards):
        assert_rendered(dashboard, each.webinar_title, each.last_webinar_title)
    assert_same_count(*dashboards)


def registrations_url(data_set: DataSet) -> str:
    return f"/manage/webinars/{data_set.webinar_id}/registrations"


def next_page_url(page: Measured) -> str:
    match = re.search(r'href="([^"]+)" rel="next"', page.text)
    assert match, "the list has no next page"
    return match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("dimension", WEBINAR_DIMENSIONS)
def test_registration_list_first_page(measure, data_sets, dimension):
    small, large = data_sets(dimension)

    pages = [measure(registrations_url(each)) for each in (small, large)]

    for each, page in zip((small, large), pages):
        assert_rendered(page, each.newest_registrant_email, "Your sector?")
    assert_same_count(*pages)


@pytest.mark.parametrize("dimension", WEBINAR_DIMENSIONS)
def test_registration_list_later_page(measure, data_sets, dimension, monkeypatch):
    # Pages of 4 rows, so that the small set (10 registrations) has a third page as the large one does.
    monkeypatch.setattr(listing, "PAGE_SIZE", 4)
    small, large = data_sets(dimension)

    pages = []
    for each in (small, large):
        second = measure(next_page_url(measure(registrations_url(each))))
        pages.append(measure(next_page_url(second)))

    for each, page in zip((small, large), pages):
        # Newest first: the third page starts at the ninth newest registrant.
        ninth_newest = f"registrant{each.registrations - 9:05d}@{each.label}.example.org"
        assert_rendered(page, ninth_newest, 'rel="prev"')
    assert_same_count(*pages)


# --- Summaries ---------------------------------------------------------------------------------


def add_summary(data_set: DataSet, *, published: bool) -> None:
    """A summary with a few highlights, quotes (one per speaker of the line-up), key figures and slides."""
    webinar = db.session.get(Webinar, data_set.webinar_id)
    people = [participation.person for participation in webinar.participations]
    summary = Summary(
        webinar=webinar,
        recording_url="https://video.example.org/recording",
        article_title=f"Recap of {webinar.title}",
        article="What was said, in **Markdown**.",
        published_at=clock.now() if published else None,
        highlights=[Highlight(position=n, text=f"Highlight {n}") for n in range(3)],
        quotes=[
            Quote(position=n, text=f"Quote {n}", person=person, at_second=60 * n) for n, person in enumerate(people)
        ],
        key_figures=[KeyFigure(position=n, value=str(36 + n), label=f"call centres {n}") for n in range(3)],
        slide_links=[
            SlideLink(position=n, title=f"Slides {person.full_name}", url=f"https://slides.example.org/{n}")
            for n, person in enumerate(people)
        ],
    )
    db.session.add(summary)
    db.session.commit()


@pytest.mark.parametrize("dimension", WEBINAR_DIMENSIONS)
def test_organizer_summary_page(measure, data_sets, clock, dimension):
    small, large = data_sets(dimension)
    for each in (small, large):
        add_summary(each, published=False)
    clock.advance(days=20)  # the webinars took place

    pages = [measure(f"/manage/webinars/{each.webinar_id}/summary") for each in (small, large)]

    for each, page in zip((small, large), pages):
        assert_rendered(page, each.webinar_title, 'id="figures-heading"', each.last_agenda_item)
    assert_same_count(*pages)


@pytest.mark.parametrize("dimension", WEBINAR_DIMENSIONS)
def test_public_summary_page(measure, data_sets, clock, dimension):
    small, large = data_sets(dimension)
    for each in (small, large):
        add_summary(each, published=True)
    clock.advance(days=20)

    pages = [measure(f"/webinars/{each.webinar_slug}/summary", as_visitor=True) for each in (small, large)]

    for each, page in zip((small, large), pages):
        assert_rendered(page, each.webinar_title, "Highlight 2", f"Slides {each.last_speaker}")
    assert_same_count(*pages)
