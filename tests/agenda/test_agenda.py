"""A webinar's agenda: items in time order, inside the webinar, never overlapping."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

from sqlalchemy import func, select

from webinars.agenda.models import AgendaItem, AgendaKind
from webinars.extensions import db
from tests import factories
from tests.factories import utc


def casablanca_webinar(organization, **fields):
    """10:00–12:00 in Casablanca (UTC+0 on that date)."""
    return factories.make_webinar(organization, starts_at=utc(2026, 11, 16, 10, 0), timezone="Africa/Casablanca", **fields)


def agenda_url(webinar) -> str:
    return f"/manage/webinars/{webinar.id}/agenda"


def item_form(**overrides) -> dict:
    data = {"starts_at": "10:00", "duration": "15", "title": "Opening address", "kind": "opening", "description": ""}
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def items_in_db(webinar) -> list[tuple[str, object, object]]:
    db.session.expire_all()
    return [
        (item.title, item.starts_at, item.ends_at)
        for item in db.session.scalars(
            select(AgendaItem).where(AgendaItem.webinar_id == webinar.id).order_by(AgendaItem.starts_at)
        )
    ]


def page_text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_items_are_listed_in_time_order_whatever_the_order_they_were_added(client, organizer):
    webinar = casablanca_webinar(organizer.organization)

    for data in (
        item_form(starts_at="11:30", duration="30", title="Signing of the agreement", kind="signing"),
        item_form(starts_at="10:00", duration="15", title="Opening address", kind="opening"),
        item_form(starts_at="10:15", ends_at="11:30", duration="", title="Round table", kind="panel"),
    ):
        assert client.post(agenda_url(webinar), data=data).status_code == 302

    page = page_text(client.get(agenda_url(webinar)))
    listing = page[page.index('<ol class="agenda') : page.index("</ol>")]
    assert listing.index("Opening address") < listing.index("Round table") < listing.index("Signing of the agreement")
    assert "10:00–10:15" in page and "10:15–11:30" in page and "11:30–12:00" in page
    assert "Signing ceremony" in page and "Panel discussion" in page  # kinds with their labels
    assert "Africa/Casablanca" in page


def test_times_are_read_in_the_webinars_zone_and_stored_in_utc(client, organizer):
    # 10:00–12:00 in Paris in November is 09:00–11:00 UTC.
    webinar = factories.make_webinar(organizer.organization, starts_at=utc(2026, 11, 16, 9, 0), timezone="Europe/Paris")

    response = client.post(agenda_url(webinar), data=item_form(starts_at="10:30", duration="45"))

    assert response.status_code == 302
    assert items_in_db(webinar) == [("Opening address", utc(2026, 11, 16, 9, 30), utc(2026, 11, 16, 10, 15))]


def test_an_item_ending_after_the_webinar_is_refused_with_the_window(client, organizer):
    webinar = casablanca_webinar(organizer.organization)

    response = client.post(agenda_url(webinar), data=item_form(starts_at="11:45", duration="30"))

    assert response.status_code == 422
    assert "The webinar runs from 10:00 to 12:00 (Africa/Casablanca); this item ends at 12:15." in page_text(response)
    assert items_in_db(webinar) == []


def test_an_item_starting_before_the_webinar_is_refused(client, organizer):
    webinar = casablanca_webinar(organizer.organization)

    response = client.post(agenda_url(webinar), data=item_form(starts_at="09:30", duration="60"))

    assert response.status_code == 422
    assert "The webinar runs from 10:00 to 12:00 (Africa/Casablanca); this item starts at 09:30." in page_text(response)
    assert items_in_db(webinar) == []


def test_an_overlapping_item_is_refused_naming_the_other_item(client, organizer):
    webinar = casablanca_webinar(organizer.organization)
    client.post(agenda_url(webinar), data=item_form(starts_at="10:00", duration="15", title="Opening address"))

    response = client.post(agenda_url(webinar), data=item_form(starts_at="10:10", duration="20", title="Keynote"))

    assert response.status_code == 422
    assert "Overlaps with 'Opening address' (10:00–10:15)." in page_text(response)
    assert [title for title, _, _ in items_in_db(webinar)] == ["Opening address"]


def test_an_item_containing_another_one_is_refused(client, organizer):
    webinar = casablanca_webinar(organizer.organization)
    client.post(agenda_url(webinar), data=item_form(starts_at="10:30", duration="10", title="Short talk"))

    response = client.post(agenda_url(webinar), data=item_form(starts_at="10:15", duration="60", title="Long panel"))

    assert response.status_code == 422
    assert "Overlaps with 'Short talk' (10:30–10:40)." in page_text(response)


def test_touching_items_are_fine(client, organizer):
    webinar = casablanca_webinar(organizer.organization)
    client.post(agenda_url(webinar), data=item_form(starts_at="10:15", duration="15", title="Second"))

    before = client.post(agenda_url(webinar), data=item_form(starts_at="10:00", ends_at="10:15", duration="", title="First"))
    after = client.post(agenda_url(webinar), data=item_form(starts_at="10:30", duration="90", title="Third"))

    assert before.status_code == 302 and after.status_code == 302
    assert [title for title, _, _ in items_in_db(webinar)] == ["First", "Second", "Third"]


def test_a_duration_or_an_end_time_is_required(client, organizer):
    webinar = casablanca_webinar(organizer.organization)

    response = client.post(agenda_url(webinar), data=item_form(duration="", ends_at=""))

    assert response.status_code == 422
    assert "Give a duration or an end time." in page_text(response)
    assert items_in_db(webinar) == []


def test_a_duration_and_an_end_time_that_disagree_are_refused(client, organizer):
    webinar = casablanca_webinar(organizer.organization)

    agreeing = client.post(agenda_url(webinar), data=item_form(starts_at="10:00", duration="15", ends_at="10:15"))
    disagreeing = client.post(agenda_url(webinar), data=item_form(starts_at="10:30", duration="15", ends_at="11:00"))

    assert agreeing.status_code == 302
    assert disagreeing.status_code == 422
    assert "The end time does not match the duration. Give only one of them." in page_text(disagreeing)
    assert len(items_in_db(webinar)) == 1


def test_zero_duration_and_end_before_start_are_refused(client, organizer):
    webinar = casablanca_webinar(organizer.organization)

    zero = client.post(agenda_url(webinar), data=item_form(duration="0"))
    backwards = client.post(agenda_url(webinar), data=item_form(starts_at="10:30", duration="", ends_at="10:00"))

    assert zero.status_code == 422 and "Enter a duration of at least 1 minute." in page_text(zero)
    assert backwards.status_code == 422 and "An item must end after it starts." in page_text(backwards)
    assert items_in_db(webinar) == []


def test_title_is_required_and_time_must_be_a_time(client, organizer):
    webinar = casablanca_webinar(organizer.organization)

    response = client.post(agenda_url(webinar), data=item_form(title=" ", starts_at="ten"))

    assert response.status_code == 422
    text = page_text(response)
    assert 'id="title-error"' in text and "Enter a time such as 10:30." in text
    assert items_in_db(webinar) == []


def test_edit_keeps_the_item_from_colliding_with_itself(client, organizer):
    webinar = casablanca_webinar(organizer.organization)
    item = factories.make_agenda_item(webinar, "Opening address", duration=timedelta(minutes=15))

    form = client.get(f"/manage/agenda/{item.id}/edit").get_data(as_text=True)
    assert 'value="10:00"' in form and 'value="15"' in form

    response = client.post(
        f"/manage/agenda/{item.id}/edit",
        data=item_form(starts_at="10:05", duration="10", title="Welcome", kind="opening"),
    )

    assert response.status_code == 302
    assert items_in_db(webinar) == [("Welcome", utc(2026, 11, 16, 10, 5), utc(2026, 11, 16, 10, 15))]


def test_edit_onto_another_item_is_refused_and_changes_nothing(client, organizer):
    webinar = casablanca_webinar(organizer.organization)
    first = factories.make_agenda_item(webinar, "Opening address", duration=timedelta(minutes=15))
    factories.make_agenda_item(webinar, "Keynote", offset=timedelta(minutes=30), duration=timedelta(minutes=30))

    response = client.post(
        f"/manage/agenda/{first.id}/edit", data=item_form(starts_at="10:20", duration="20", title="Moved")
    )

    assert response.status_code == 422
    assert "Overlaps with 'Keynote' (10:30–11:00)." in page_text(response)
    assert [title for title, _, _ in items_in_db(webinar)] == ["Opening address", "Keynote"]


def test_delete_an_item(client, organizer):
    webinar = casablanca_webinar(organizer.organization)
    item = factories.make_agenda_item(webinar, "Opening address")

    response = client.post(f"/manage/agenda/{item.id}/delete")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(agenda_url(webinar))
    assert items_in_db(webinar) == []
    page = page_text(client.get(agenda_url(webinar)))
    assert "'Opening address' was removed from the agenda." in page
    assert "No agenda items yet." in page


def test_speakers_can_be_linked_only_among_the_webinars_people(client, organizer):
    webinar = casablanca_webinar(organizer.organization)
    speaker = factories.make_person(organizer.organization, "Yassine Tazi")
    factories.add_participant(webinar, speaker)
    not_in_webinar = factories.make_person(organizer.organization, "Nadia Berrada")

    page = client.get(agenda_url(webinar)).get_data(as_text=True)
    assert "Yassine Tazi" in page and "Nadia Berrada" not in page

    refused = client.post(agenda_url(webinar), data=item_form(speakers=[str(speaker.id), str(not_in_webinar.id)]))
    accepted = client.post(agenda_url(webinar), data=item_form(speakers=[str(speaker.id)]))

    assert refused.status_code == 422
    assert accepted.status_code == 302
    item = db.session.scalar(select(AgendaItem))
    assert [person.full_name for person in item.speakers] == ["Yassine Tazi"]
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 1
    assert "Yassine Tazi" in client.get(agenda_url(webinar)).get_data(as_text=True)


def test_kind_must_be_one_of_the_list(client, organizer):
    webinar = casablanca_webinar(organizer.organization)

    response = client.post(agenda_url(webinar), data=item_form(kind="party"))

    assert response.status_code == 422
    assert items_in_db(webinar) == []
    assert {kind.value for kind in AgendaKind} >= {"opening", "qa", "break", "signing", "closing"}


def test_on_the_night_clocks_go_forward_a_skipped_time_is_refused_and_durations_stay_true(client, organizer):
    # Paris, 29 March 2026: 02:00 becomes 03:00. The webinar runs 01:00–04:00 local (00:00–02:00 UTC).
    webinar = factories.make_webinar(
        organizer.organization, starts_at=utc(2026, 3, 29, 0, 0), duration=timedelta(hours=2), timezone="Europe/Paris"
    )

    skipped = client.post(agenda_url(webinar), data=item_form(starts_at="02:30", duration="15"))
    spanning = client.post(agenda_url(webinar), data=item_form(starts_at="01:30", duration="60", title="Night talk"))

    assert skipped.status_code == 422
    assert "There is no 02:30 on that day (France time): the clocks are put forward." in page_text(skipped)
    assert spanning.status_code == 302
    # 60 real minutes after 01:30 CET is 03:30 CEST.
    assert items_in_db(webinar) == [("Night talk", utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30))]
    # Each time carries the offset in force then: the webinar spans the change of clocks.
    assert "01:30 UTC+1 – 03:30 UTC+2" in page_text(client.get(agenda_url(webinar)))


def test_the_form_proposes_the_next_slot(client, organizer):
    webinar = casablanca_webinar(organizer.organization)

    assert 'name="starts_at" required type="time" value="10:00"' in _start_input(client, webinar)
    client.post(agenda_url(webinar), data=item_form(starts_at="10:00", duration="20"))
    assert 'value="10:20"' in _start_input(client, webinar)
    client.post(agenda_url(webinar), data=item_form(starts_at="10:20", ends_at="12:00", duration="", title="Panel"))
    assert _start_input(client, webinar).endswith('value=""')  # the agenda fills the webinar: nothing to propose


def _start_input(client, webinar) -> str:
    page = page_text(client.get(agenda_url(webinar)))
    start = page.index('id="starts_at"')
    return page[page.rindex("<input", 0, start) : page.index(">", start)]
