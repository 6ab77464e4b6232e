"""One input-cleaning rule for every form: control characters refused where they were typed, line
ends normalized, numbers within what the database holds; never a 500, nothing half-saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.events.helpers import webinar_count, webinar_form
from tests.registration.attendees import form, open_webinar, register_url, registrations
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import Person

CONTROL = "This text contains an invisible control character"
ONE_LINE = "Write this on one line: line breaks are not allowed here."


def create(client, organizer, **changes):
    return client.post(f"/manage/{organizer.organization.slug}/webinars/new?lang=en", data=webinar_form(**changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "Offshoring\x00"}, CONTROL + " (U+0000)"),
        ({"title": "Offshoring\x1b[31m"}, CONTROL + " (U+001B)"),
        ({"title": "Off\u0085shoring"}, ONE_LINE),
        ({"title": "Offshoring\u2028régionalisé"}, ONE_LINE),
        ({"subtitle": "Ligne 1\nLigne 2"}, ONE_LINE),
        ({"description": "Bonjour\x07"}, CONTROL + " (U+0007)"),
        ({"description": "Bonjour\u2029à tous"}, CONTROL + " (U+2029)"),
        ({"capacity": str(2**31)}, "This number is too large."),
        ({"capacity": str(2**63)}, "This number is too large."),
    ],
)
def test_the_webinar_form_refuses_control_characters_and_huge_numbers(client, organizer, changes, message):
    response = create(client, organizer, **changes)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'class="errors"' in page
    assert webinar_count() == 0


def test_multi_line_text_keeps_tabs_and_new_lines_with_crlf_normalized(client, organizer):
    response = create(client, organizer, description="Premier\tparagraphe   \r\n\r\n- un\r\n- deux\r\n\r\n")

    assert response.status_code == 302
    webinar = db.session.scalar(select(Webinar))
    assert webinar.description == "Premier\tparagraphe\n\n- un\n- deux"


def test_the_same_rule_holds_in_french(client, organizer):
    response = client.post(
        f"/manage/{organizer.organization.slug}/webinars/new?lang=fr", data=webinar_form(title="Offshoring\x00")
    )
    assert "Ce texte contient un caractère de contrôle invisible (U+0000)" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["Amina\x00", "Amina\u2028Alaoui", "Amina\r\nBcc: x@example.org", "Am\u009bina"])
def test_registration_refuses_names_that_would_break_mail_headers_or_the_database(client, clock, name):
    webinar = open_webinar()

    response = client.post(register_url(webinar) + "?lang=en", data=form(first_name=name))

    assert response.status_code == 422
    assert CONTROL in response.get_data(as_text=True) or ONE_LINE in response.get_data(as_text=True)
    assert registrations(webinar) == []


def test_the_people_library_refuses_a_nul_in_a_name(client, organizer):
    response = client.post(
        f"/manage/{organizer.organization.slug}/people/new?lang=en", data={"full_name": "Yassine\x00Tazi"}
    )

    assert response.status_code == 422
    assert CONTROL in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Person.id))) == 0


def test_a_list_of_ids_refuses_an_id_beyond_the_database_range(client, organizer):
    """The line-up's person list does not check its choices (the service does): the id reached a query."""
    from tests import factories
    from webinars.people.models import Participation

    webinar = factories.make_webinar(organizer.organization)

    response = client.post(
        f"/manage/webinars/{webinar.id}/people/add?lang=en", data={"person_id": str(2**63), "role": "speaker"}
    )

    assert response.status_code == 422
    assert "This number is too large." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Participation.id))) == 0


@pytest.mark.parametrize("page", [str(2**63), "99999999999999999999", str(-(2**63) - 1), "x"])
def test_a_page_number_beyond_the_database_range_is_no_error(client, organizer, page):
    from tests import factories

    webinar = factories.make_webinar(organizer.organization)

    assert client.get(f"/manage/webinars/{webinar.id}/certificates?page={page}").status_code == 200
    assert client.get(f"/manage/webinars/{webinar.id}/emails?page={page}").status_code in (200, 404)


def test_page_numbers_start_at_one_and_stop_at_the_database_range():
    from webinars.cleaning import INTEGER_MAX, page_number

    assert [page_number("3"), page_number("0"), page_number("-5"), page_number(str(2**70))] == [3, 1, 1, INTEGER_MAX]
    with pytest.raises(ValueError):
        page_number("1e3")


@pytest.mark.parametrize("segment", ["a%00b", "%1b", "a%E2%80%A8b"])
def test_a_control_character_in_a_url_parameter_matches_no_page(client, organizer, segment):
    """A NUL in a slug reached the database's query: a 500 on PostgreSQL."""
    assert client.get(f"/webinars/{segment}").status_code == 404
    assert client.get(f"/webinars/{segment}/register").status_code == 404
    assert client.get(f"/organizations/{segment}/calendar.ics").status_code == 404
    assert client.get(f"/manage/{segment}/webinars").status_code == 404


def test_slugs_and_codes_in_urls_still_take_any_printable_text(client, organizer):
    from tests import factories
    from webinars.events.models import WebinarStatus

    webinar = factories.make_publishable_webinar(organizer.organization, slug="fès-2026", status=WebinarStatus.PUBLISHED)

    assert client.get(f"/webinars/{webinar.slug}").status_code == 200
    assert client.get(f"/manage/{organizer.organization.slug}/webinars").status_code == 200
