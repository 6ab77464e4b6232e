"""The organizer's registrations page: counts, search, filter, sort, pages, and the actions on a registrant."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.registration.fixtures.registrants import (
    add_question,
    answer,
    bulk_registrations,
    mails_to,
    make_registration,
    published_webinar,
    reload,
    states,
)
from tests.statements import recorded_statements
from webinars.extensions import db
from webinars.personal_links import service as personal_links
from webinars.registration.models import QuestionKind, Registration, RegistrationState

CONFIRMED, WAITLISTED, PENDING = RegistrationState.CONFIRMED, RegistrationState.WAITLISTED, RegistrationState.PENDING
REJECTED, CANCELLED = RegistrationState.REJECTED, RegistrationState.CANCELLED


@pytest.fixture
def webinar(organizer, clock):
    return published_webinar(organizer.organization, title="L'offshoring régionalisé", capacity=3)


def list_url(webinar, **args) -> str:
    query = "&".join(f"{name}={value}" for name, value in {"lang": "en", **args}.items())
    return f"/manage/webinars/{webinar.id}/registrations?{query}"


def listed_emails(page: str) -> list[str]:
    """The e-mail column of the list, in order."""
    return re.findall(r"<td class=\"email\">([\w.+-]+@[\w.-]+)</td>", page)


def next_link(page: str) -> str | None:
    match = re.search(r'href="([^"]+)" rel="next"', page)
    return match.group(1).replace("&amp;", "&") if match else None


def previous_link(page: str) -> str | None:
    match = re.search(r'href="([^"]+)" rel="prev"', page)
    return match.group(1).replace("&amp;", "&") if match else None


# --- The list ---------------------------------------------------------------------------


def test_counts_per_state_and_the_registrants_with_their_answers(client, webinar):
    sector = add_question(webinar, "Your sector?")
    topics = add_question(webinar, "Topics", QuestionKind.MULTIPLE_CHOICE, choices=["Cloud", "AI", "Export"], position=1)
    amina = make_registration(webinar, "amina@example.org", first_name="Amina", last_name="Alaoui", affiliation="CRI Fès")
    answer(amina, sector, "Finance")
    answer(amina, topics, "Cloud", "AI")
    make_registration(webinar, "karim@example.org", WAITLISTED)
    make_registration(webinar, "sara@example.org", PENDING)
    make_registration(webinar, "omar@example.org", CANCELLED)

    response = client.get(list_url(webinar))

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    counts = dict(
        (label, number)
        for number, label in re.findall(r'<span class="registration-count">(\d+)(?: / \d+)?</span>\s*([\w ]+?)\s*</li>', page)
    )
    assert counts == {"Confirmed": "1", "Waitlisted": "1", "Pending approval": "1", "Rejected": "0", "Cancelled": "1"}
    assert "1 / 3" in page  # confirmed out of the capacity
    assert "Amina Alaoui" in page and "CRI Fès" in page
    assert "<dt>Your sector?</dt><dd>Finance</dd>" in page
    assert "<dt>Topics</dt><dd>Cloud; AI</dd>" in page
    assert set(listed_emails(page)) == {"amina@example.org", "karim@example.org", "sara@example.org", "omar@example.org"}


def test_search_is_case_insensitive_on_name_email_and_organization(client, webinar):
    make_registration(webinar, "amina@example.org", first_name="Amina", last_name="Alaoui", affiliation="CRI Fès-Meknès")
    make_registration(webinar, "k.bennani@bank.example", first_name="Karim", last_name="Bennani", affiliation="Bank Al-Maghrib")
    make_registration(webinar, "sara@example.org", first_name="Sara", last_name="Idrissi", affiliation=None)

    assert listed_emails(client.get(list_url(webinar, q="ALAOUI")).get_data(as_text=True)) == ["amina@example.org"]
    assert listed_emails(client.get(list_url(webinar, q="bank.EXAMPLE")).get_data(as_text=True)) == ["k.bennani@bank.example"]
    assert listed_emails(client.get(list_url(webinar, q="al-maghrib")).get_data(as_text=True)) == ["k.bennani@bank.example"]
    # every word must match somewhere: first name and last name together
    assert listed_emails(client.get(list_url(webinar, q="sara idrissi")).get_data(as_text=True)) == ["sara@example.org"]
    # LIKE wildcards are searched for literally
    page = client.get(list_url(webinar, q="%25")).get_data(as_text=True)
    assert listed_emails(page) == [] and "No registration matches this search." in page


def test_filter_by_state(client, webinar):
    make_registration(webinar, "amina@example.org")
    make_registration(webinar, "karim@example.org", WAITLISTED)
    make_registration(webinar, "sara@example.org", WAITLISTED)

    page = client.get(list_url(webinar, state="waitlisted")).get_data(as_text=True)

    assert sorted(listed_emails(page)) == ["karim@example.org", "sara@example.org"]


def test_sort_orders(client, webinar, clock):
    make_registration(webinar, "b@example.org", first_name="Zoé", last_name="Berrada", affiliation="Zeta")
    make_registration(webinar, "a@example.org", first_name="Ali", last_name="Amrani", affiliation=None)
    make_registration(webinar, "c@example.org", first_name="Yan", last_name="Chraibi", affiliation="Alpha")

    def order(sort: str) -> list[str]:
        return listed_emails(client.get(list_url(webinar, sort=sort)).get_data(as_text=True))

    assert order("newest") == ["c@example.org", "a@example.org", "b@example.org"]
    assert order("oldest") == ["b@example.org", "a@example.org", "c@example.org"]
    assert order("name") == ["a@example.org", "b@example.org", "c@example.org"]
    # registrants without an organization come last
    assert order("organization") == ["c@example.org", "b@example.org", "a@example.org"]


def test_unknown_filter_values_and_a_tampered_page_link_show_the_first_page(client, webinar):
    make_registration(webinar, "amina@example.org")

    for args in ({"state": "vip"}, {"sort": "salary"}, {"after": "not-a-cursor"}, {"before": "eyJ4IjoxfQ"}):
        response = client.get(list_url(webinar, **args))
        assert response.status_code == 200
        assert listed_emails(response.get_data(as_text=True)) == ["amina@example.org"]


@pytest.mark.parametrize("sort", ["newest", "oldest", "name", "organization"])
def test_pages_cover_every_registrant_once_in_order_and_lead_back(client, webinar, sort):
    webinar.capacity = None
    db.session.commit()
    bulk_registrations(webinar, 120)
    # A few without an organization, so "by organization" crosses to its second run on page 3.
    for number in range(3):
        make_registration(webinar, f"solo{number}@example.org", last_name=f"Solo {number}", affiliation=None)

    first = client.get(list_url(webinar, sort=sort)).get_data(as_text=True)
    second_url = next_link(first)
    second = client.get(second_url).get_data(as_text=True)
    third = client.get(next_link(second)).get_data(as_text=True)

    pages = [listed_emails(first), listed_emails(second), listed_emails(third)]
    assert [len(page) for page in pages] == [50, 50, 23]
    everyone = pages[0] + pages[1] + pages[2]
    assert len(set(everyone)) == 123
    db.session.expire_all()
    rows = db.session.scalars(select(Registration).where(Registration.webinar_id == webinar.id)).all()
    expected = {
        "newest": sorted(rows, key=lambda r: -r.id),
        "oldest": sorted(rows, key=lambda r: r.id),
        "name": sorted(rows, key=lambda r: (r.last_name, r.first_name, r.id)),
        "organization": sorted(rows, key=lambda r: (r.affiliation is None, r.affiliation or "", r.last_name, r.first_name, r.id)),
    }[sort]
    assert everyone == [r.email for r in expected]
    assert next_link(third) is None and previous_link(first) is None
    # "Previous" from page 3 is page 2, and from page 2 is page 1
    assert listed_emails(client.get(previous_link(third)).get_data(as_text=True)) == pages[1]
    assert listed_emails(client.get(previous_link(second)).get_data(as_text=True)) == pages[0]
    assert f"sort={sort}" in second_url


def test_pages_keep_the_search_and_the_filter(client, webinar):
    webinar.capacity = None
    db.session.commit()
    bulk_registrations(webinar, 60)
    make_registration(webinar, "someone@else.example", last_name="Registrant Else")

    first = client.get(list_url(webinar, q="registrant", state="confirmed", sort="name")).get_data(as_text=True)
    second = client.get(next_link(first)).get_data(as_text=True)

    assert len(listed_emails(first)) == 50 and len(listed_emails(second)) == 11
    assert "q=registrant" in next_link(first) and "state=confirmed" in next_link(first)


def test_the_page_runs_as_many_queries_with_1000_registrations_as_with_10(client, webinar):
    webinar.capacity = None
    db.session.commit()
    sector = add_question(webinar, "Your sector?")

    def statements_for_page() -> int:
        db.session.expire_all()
        with recorded_statements() as statements:
            assert client.get(list_url(webinar)).status_code == 200
        return len(statements)

    bulk_registrations(webinar, 10, question=sector)
    with_ten = statements_for_page()
    bulk_registrations(webinar, 990, question=None, start=10)
    with_a_thousand = statements_for_page()

    assert with_ten == with_a_thousand


# --- Actions on a registrant ------------------------------------------------------------------


def act(client, registration, action, webinar, **list_args):
    query = "&".join(f"{k}={v}" for k, v in list_args.items())
    return client.post(f"/manage/registrations/{registration.id}/{action}?{query}")


def test_approve_a_pending_registration_confirms_and_mails_them(client, webinar):
    pending = make_registration(webinar, "sara@example.org", PENDING, first_name="Sara", last_name="Idrissi")

    response = act(client, pending, "approve", webinar, state="pending", q="sara")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/webinars/{webinar.id}/registrations?q=sara&state=pending"
    assert reload(pending).state is CONFIRMED
    assert [mail.kind for mail in mails_to("sara@example.org")] == ["approved"]
    page = client.get(response.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert "Sara Idrissi is approved and confirmed." in page


def test_approving_when_full_puts_on_the_waitlist_or_is_refused_without_one(client, webinar):
    for number in range(3):
        make_registration(webinar, f"seat{number}@example.org")
    pending = make_registration(webinar, "sara@example.org", PENDING)

    act(client, pending, "approve", webinar)
    assert reload(pending).state is WAITLISTED

    webinar.waitlist_enabled = False
    db.session.commit()
    other = make_registration(webinar, "omar@example.org", PENDING)
    response = act(client, other, "approve", webinar)
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "No seat is free. Raise the capacity first." in page
    assert reload(other).state is PENDING
    assert mails_to("omar@example.org") == []


def test_reject_a_pending_or_waitlisted_registration_but_not_a_confirmed_one(client, webinar):
    pending = make_registration(webinar, "sara@example.org", PENDING)
    waitlisted = make_registration(webinar, "karim@example.org", WAITLISTED)
    confirmed = make_registration(webinar, "amina@example.org", CONFIRMED)

    for registration in (pending, waitlisted, confirmed):
        act(client, registration, "reject", webinar)

    assert states(webinar) == {"sara@example.org": "rejected", "karim@example.org": "rejected", "amina@example.org": "confirmed"}
    assert [mail.kind for mail in mails_to("sara@example.org")] == ["rejected"]
    page = client.get(list_url(webinar)).get_data(as_text=True)
    assert "Only pending or waitlisted registrations can be rejected." in page


def test_move_from_the_waitlist_into_a_free_seat_only(client, webinar):
    make_registration(webinar, "seat0@example.org")
    make_registration(webinar, "seat1@example.org")
    first = make_registration(webinar, "karim@example.org", WAITLISTED)
    second = make_registration(webinar, "sara@example.org", WAITLISTED)

    act(client, second, "confirm", webinar)  # the organizer may pick anyone on the waitlist
    assert reload(second).state is CONFIRMED
    assert [mail.kind for mail in mails_to("sara@example.org")] == ["promoted"]

    act(client, first, "confirm", webinar)
    assert reload(first).state is WAITLISTED
    assert "No seat is free. Raise the capacity first." in client.get(list_url(webinar)).get_data(as_text=True)


def test_cancel_asks_first_then_cancels_and_gives_the_seat_to_the_waitlist(client, webinar):
    confirmed = make_registration(webinar, "amina@example.org", first_name="Amina", last_name="Alaoui")
    make_registration(webinar, "seat1@example.org")
    make_registration(webinar, "seat2@example.org")
    waiting = make_registration(webinar, "karim@example.org", WAITLISTED)

    question = client.get(f"/manage/registrations/{confirmed.id}/cancel?lang=en&state=confirmed")
    assert question.status_code == 200
    assert "Cancel the registration of Amina Alaoui?" in question.get_data(as_text=True)
    assert reload(confirmed).state is CONFIRMED

    response = client.post(f"/manage/registrations/{confirmed.id}/cancel?state=confirmed")
    assert response.headers["Location"].endswith("/registrations?state=confirmed")
    assert reload(confirmed).state is CANCELLED
    assert reload(waiting).state is CONFIRMED
    assert [mail.kind for mail in mails_to("amina@example.org")] == ["cancelled"]
    page = client.get(list_url(webinar)).get_data(as_text=True)
    assert "1 person moved from the waitlist into the freed seat." in page

    # cancelling again is refused and changes nothing
    client.post(f"/manage/registrations/{confirmed.id}/cancel")
    assert "already cancelled or rejected" in client.get(list_url(webinar)).get_data(as_text=True)
    assert len(mails_to("amina@example.org")) == 1


def test_resend_the_confirmation_sends_a_new_working_link_and_the_old_one_keeps_working(client, webinar):
    registration = make_registration(webinar, "amina@example.org")
    old_token = personal_links.issue(registration)
    db.session.commit()

    act(client, registration, "resend", webinar)

    assert "A new personal link was sent to amina@example.org." in client.get(list_url(webinar)).get_data(as_text=True)
    assert personal_links.live_link_count(reload(registration)) == 2
    assert client.get(f"/r/{old_token}").status_code == 200
    mails = mails_to("amina@example.org")
    assert [mail.kind for mail in mails] == ["link_again"]
    link = re.search(r"http://localhost(/r/[\w-]+)", mails[0].text_body).group(1)
    assert client.get(link).status_code == 200


def test_nothing_is_resent_to_a_cancelled_registration(client, webinar):
    registration = make_registration(webinar, "amina@example.org", CANCELLED)

    act(client, registration, "resend", webinar)

    assert mails_to("amina@example.org") == []
    assert personal_links.live_link_count(reload(registration)) == 0


# --- Adding a registrant by hand ----------------------------------------------------------------


def manual_form(**changes) -> dict:
    data = {
        "first_name": "Nadia",
        "last_name": "El Fassi",
        "email": "Nadia@Example.org",
        "affiliation": "ANAPEC",
        "job_title": "Directrice",
        "country": "MA",
        "city": "Rabat",
        "language": "en",
        "consent_obtained": "y",
        "send_confirmation": "y",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def add_url(webinar) -> str:
    return f"/manage/webinars/{webinar.id}/registrations/new?lang=en"


def test_add_a_registrant_by_hand(client, webinar):
    sector = add_question(webinar, "Your sector?")

    response = client.post(add_url(webinar), data=manual_form(**{f"question_{sector.id}": "Public sector"}))

    assert response.status_code == 302
    nadia = db.session.scalar(select(Registration).where(Registration.email == "nadia@example.org"))
    assert nadia.state is CONFIRMED and nadia.language == "en" and nadia.city == "Rabat"
    assert nadia.consented_at is not None
    assert [a.value for a in nadia.answers] == ["Public sector"]
    assert [mail.kind for mail in mails_to("nadia@example.org")] == ["received"]
    assert "Nadia El Fassi is registered (Confirmed)." in client.get(list_url(webinar)).get_data(as_text=True)


def test_adding_by_hand_works_after_registration_closed_but_respects_the_seats(client, webinar, clock):
    webinar.registration_closes_at = clock.now() - timedelta(hours=1)
    for number in range(3):
        make_registration(webinar, f"seat{number}@example.org")
    db.session.commit()

    client.post(add_url(webinar), data=manual_form(send_confirmation=None))
    assert states(webinar)["nadia@example.org"] == "waitlisted"
    assert mails_to("nadia@example.org") == []  # the organizer chose not to send it

    webinar.waitlist_enabled = False
    db.session.commit()
    response = client.post(add_url(webinar), data=manual_form(email="omar@example.org"))
    assert response.status_code == 422
    assert "No seat is free. Raise the capacity first." in response.get_data(as_text=True)
    assert "omar@example.org" not in states(webinar)


def test_adding_by_hand_reports_bad_input_and_saves_nothing(client, webinar):
    make_registration(webinar, "amina@example.org")
    required = add_question(webinar, "Your sector?")
    required.required = True
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(Registration))

    cases = [
        (manual_form(email="not-an-address", **{f"question_{required.id}": "x"}), "Enter a valid e-mail address"),
        (manual_form(consent_obtained=None, **{f"question_{required.id}": "x"}), "Register someone only with their consent."),
        (manual_form(first_name="", **{f"question_{required.id}": "x"}), "Please enter your first name."),
        (manual_form(), "Please answer this question."),
        (manual_form(email="AMINA@example.org", **{f"question_{required.id}": "x"}), "amina@example.org is already registered"),
    ]
    for data, message in cases:
        response = client.post(add_url(webinar), data=data)
        assert response.status_code == 422, message
        assert message in response.get_data(as_text=True)

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Registration)) == before


def test_a_draft_takes_no_registrant_by_hand(client, organizer, clock):
    draft = factories.make_publishable_webinar(organizer.organization)

    response = client.post(add_url(draft), data=manual_form())

    assert response.status_code == 422
    assert "Publish the webinar before adding registrants." in response.get_data(as_text=True)
    assert states(draft) == {}


# --- Overview counts ------------------------------------------------------------------------------


def test_dashboard_and_overview_show_registration_counts(client, organizer, webinar):
    other = published_webinar(organizer.organization, title="Cloud souverain")
    make_registration(webinar, "a@example.org")
    make_registration(webinar, "b@example.org")
    make_registration(webinar, "c@example.org", WAITLISTED)
    make_registration(webinar, "d@example.org", PENDING)
    make_registration(other, "e@example.org")

    dashboard = client.get(f"/manage/{organizer.organization.slug}/webinars?lang=en").get_data(as_text=True)
    assert "2 / 3 confirmed · 1 waitlisted · 1 pending" in dashboard
    assert "1 confirmed" in dashboard  # no capacity: no "/ n"

    overview = client.get(f"/manage/webinars/{webinar.id}?lang=en").get_data(as_text=True)
    assert "2 / 3 confirmed · 1 waitlisted · 1 pending" in overview


def test_an_organizer_of_another_organization_cannot_see_or_export_the_list(client, auth, webinar):
    make_registration(webinar, "amina@example.org")
    auth.logout()
    outsider = factories.make_user(factories.make_organization(), email="outsider@example.org")
    auth.login(outsider.email)

    for url in (list_url(webinar), f"/manage/webinars/{webinar.id}/registrations.csv"):
        response = client.get(url)
        assert response.status_code == 404
        assert b"amina@example.org" not in response.data
