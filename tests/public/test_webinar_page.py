"""A webinar's public page: who sees it, and what it shows (and never shows)."""

from __future__ import annotations

from datetime import timedelta

from tests import factories
from tests.factories import utc
from webinars.agenda.models import AgendaKind
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.people.models import ParticipationRole

PUBLISHED, DRAFT, CANCELLED = WebinarStatus.PUBLISHED, WebinarStatus.DRAFT, WebinarStatus.CANCELLED


def page(visit, webinar, **params):
    response = visit(f"/webinars/{webinar.slug}", query_string=params)
    return response, response.get_data(as_text=True)


def announced_then_cancelled(webinar, clock):
    webinar.published_at = clock.current - timedelta(days=2)
    webinar.cancelled_at = clock.current
    db.session.commit()
    return webinar


# --- Who may see it -------------------------------------------------------


def test_unknown_slug_is_404(visit, clock):
    assert visit("/webinars/nothing-here").status_code == 404


def test_draft_is_404_for_anonymous_visitors(visit, clock):
    webinar = factories.make_webinar(factories.make_organization(), "Secret plans", status=DRAFT)

    response, html = page(visit, webinar)

    assert response.status_code == 404
    assert "Secret plans" not in html


def test_draft_is_404_for_another_organizations_organizer(visit, auth, clock):
    webinar = factories.make_webinar(factories.make_organization(), "Secret plans", status=DRAFT)
    outsider = factories.make_user(factories.make_organization(), email="outsider@example.org")
    auth.login(outsider.email)

    response, html = page(visit, webinar)

    assert response.status_code == 404
    assert "Secret plans" not in html


def test_draft_preview_for_members_of_its_organization(visit, organizer, clock):
    webinar = factories.make_webinar(organizer.organization, "Work in progress", status=DRAFT)

    response, html = page(visit, webinar)

    assert response.status_code == 200
    assert "Work in progress" in html
    assert "Draft preview — not public" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response.headers["Cache-Control"]


def test_published_page_has_no_preview_banner(visit, organizer, clock):
    webinar = factories.make_webinar(organizer.organization, status=PUBLISHED)

    response, html = page(visit, webinar)

    assert response.status_code == 200
    assert "preview" not in html.lower()


def test_cancelled_webinar_stays_reachable_with_a_notice(visit, clock):
    webinar = announced_then_cancelled(factories.make_webinar(factories.make_organization(), "Called off",
                                                              status=CANCELLED), clock)

    response, html = page(visit, webinar)

    assert response.status_code == 200
    assert "this webinar will not take place" in html
    assert "This webinar has been cancelled." in html


def test_past_webinar_stays_reachable(visit, clock):
    webinar = factories.make_webinar(factories.make_organization(), "Offshoring 2020",
                                     starts_at=utc(2020, 12, 18, 9, 0), status=PUBLISHED, is_past_record=True)

    response, html = page(visit, webinar)

    assert response.status_code == 200
    assert "Offshoring 2020" in html
    assert "This webinar has ended." in html


# --- What it shows -----------------------------------------------------------


def test_time_element_carries_utc_instant_zone_and_label(visit, clock):
    webinar = factories.make_webinar(factories.make_organization(), starts_at=utc(2020, 12, 18, 9, 0),
                                     status=PUBLISHED)

    _, html = page(visit, webinar, lang="en")

    assert (
        '<time datetime="2020-12-18T09:00:00+00:00" title="Africa/Casablanca" data-visitor-time data-zone="Africa/Casablanca" '
        'data-visitor-label="Your time:">'
    ) in html


def test_people_with_position_affiliation_and_photo_but_never_email(visit, clock):
    organization = factories.make_organization()
    webinar = factories.make_webinar(organization, status=PUBLISHED)
    moderator = factories.make_person(organization, "Mohamed Benabbou", position="Modérateur",
                                      email="mohamed@private.example")
    speaker = factories.make_person(organization, "Yassine Tazi", position="Directeur général",
                                    affiliation="Centre régional d'investissement Fès-Meknès",
                                    email="yassine@private.example",
                                    photo_hash="a1b2c3", photo_content_type="image/jpeg")
    factories.add_participant(webinar, speaker)
    factories.add_participant(webinar, moderator, ParticipationRole.MODERATOR)

    _, html = page(visit, webinar)

    assert "private.example" not in html
    assert html.index("Mohamed Benabbou") < html.index("Yassine Tazi")  # the moderator comes first
    assert "Directeur général" in html
    assert "Centre régional d&#39;investissement Fès-Meknès" in html
    assert f'src="/people/{speaker.id}/photo/a1b2c3"' in html
    assert '<span class="avatar" aria-hidden="true">MB</span>' in html


def test_join_link_hidden_unless_public(visit, clock):
    webinar = factories.make_webinar(factories.make_organization(), status=PUBLISHED,
                                     join_url="https://zoom.us/j/81234567890")

    _, html = page(visit, webinar)
    assert "zoom.us" not in html

    webinar.join_url_is_public = True
    db.session.commit()
    _, html = page(visit, webinar)
    assert 'href="https://zoom.us/j/81234567890" rel="noopener"' in html


def test_public_join_link_disappears_when_cancelled(visit, clock):
    webinar = announced_then_cancelled(
        factories.make_webinar(factories.make_organization(), status=CANCELLED,
                               join_url="https://zoom.us/j/81234567890", join_url_is_public=True),
        clock,
    )

    _, html = page(visit, webinar)

    assert "zoom.us" not in html


def test_agenda_in_time_order_in_the_event_zone(visit, clock):
    organization = factories.make_organization(timezone="Africa/Casablanca")
    webinar = factories.make_webinar(organization, starts_at=utc(2020, 12, 18, 9, 0), status=PUBLISHED)
    speaker = factories.make_person(organization, "Idriss Elasri")
    # Entered out of order on purpose.
    factories.make_agenda_item(webinar, "Questions des participants", offset=timedelta(minutes=75),
                               kind=AgendaKind.QA)
    factories.make_agenda_item(webinar, "Ouverture", kind=AgendaKind.OPENING)
    factories.make_agenda_item(webinar, "Signature de la convention", offset=timedelta(minutes=60),
                               kind=AgendaKind.SIGNING)
    factories.make_agenda_item(webinar, "Le digital en première ligne", offset=timedelta(minutes=35),
                               speakers=[speaker])

    _, html = page(visit, webinar, lang="fr")

    agenda = html.split('id="agenda-title"')[1]
    titles = ["Ouverture", "Le digital en première ligne", "Signature de la convention", "Questions des participants"]
    positions = [agenda.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "heure du Maroc (UTC+1)" in agenda and 'title="Africa/Casablanca"' in agenda
    assert ">10:35</time>–<time" in agenda  # 09:35 UTC shown in Casablanca time
    assert "Idriss Elasri" in agenda

    _, html = page(visit, webinar, lang="en")
    agenda = html.split('id="agenda-title"')[1]
    assert ">10:35\u202fAM</time>" in agenda
    assert "Signing ceremony" in agenda


def test_page_queries_do_not_grow_with_the_lineup_and_agenda(count_queries, clock):
    organization = factories.make_organization()
    webinar = factories.make_webinar(organization, status=PUBLISHED)
    factories.make_partner(webinar)

    def add_speaker_and_item(number: int) -> None:
        speaker = factories.make_person(organization, f"Speaker {number}")
        factories.add_participant(webinar, speaker)
        factories.make_agenda_item(webinar, f"Talk {number}", offset=timedelta(minutes=15 * number),
                                   speakers=[speaker])

    add_speaker_and_item(0)
    with_one = count_queries(f"/webinars/{webinar.slug}")
    for number in range(1, 5):
        add_speaker_and_item(number)
    with_five = count_queries(f"/webinars/{webinar.slug}")

    assert with_five == with_one


def test_partners_and_organizer(visit, clock):
    organization = factories.make_organization("APEBI — Pôle Offshoring", website="https://www.apebi.org.ma")
    webinar = factories.make_webinar(organization, status=PUBLISHED)
    factories.make_partner(webinar, "CRI Fès-Meknès", website="https://cri.example.ma")
    factories.make_partner(webinar, "Sans site")
    factories.make_partner(webinar, "Hostile", website="javascript:alert(1)")

    _, html = page(visit, webinar)

    assert '<a href="https://cri.example.ma" rel="noopener">CRI Fès-Meknès</a>' in html
    assert "<li>Sans site</li>" in html
    assert "<li>Hostile</li>" in html and "javascript:" not in html
    # The organizer's name goes to its page; its website is linked beside it.
    organizer_section = html.split('id="organizer-title"')[1]
    assert f'<a href="/organizations/{organization.slug}">APEBI — Pôle Offshoring</a>' in organizer_section
    assert '<a href="https://www.apebi.org.ma" rel="noopener">' in organizer_section


def test_event_language_marks_the_content(visit, clock):
    webinar = factories.make_webinar(factories.make_organization(), "Offshoring", status=PUBLISHED,
                                     description="Un *webinaire*.")

    _, html = page(visit, webinar, lang="en")

    assert '<html lang="en">' in html
    assert '<h1 lang="fr">Offshoring</h1>' in html
    assert '<div class="prose" lang="fr"><p>Un <em>webinaire</em>.</p>' in html


# --- The registration block ------------------------------------------------
# UI sentences are checked in English (the French catalog is compiled later);
# the dates inside them are formatted by Babel in the visitor's language.


def plain(html: str) -> str:
    """CLDR's English times use a narrow no-break space before AM/PM."""
    return html.replace("\u202f", " ")


def test_registration_block_states_the_window_and_capacity(visit, clock):
    webinar = factories.make_webinar(
        factories.make_organization(), status=PUBLISHED, starts_at=utc(2026, 11, 20, 10, 0), capacity=300,
        registration_opens_at=utc(2026, 11, 5, 8, 0), registration_closes_at=utc(2026, 11, 19, 18, 0),
    )

    _, html = page(visit, webinar, lang="en")
    assert "Registration opens on Thursday, November 5, 2026, 8:00 AM (Morocco time, UTC+0)." in plain(html)
    assert "Limited to 300 participants." in html

    clock.set(utc(2026, 11, 10, 9, 0))
    _, html = page(visit, webinar, lang="en")
    assert "Registration is open until Thursday, November 19, 2026, 6:00 PM (Morocco time, UTC+0)." in plain(html)

    clock.set(utc(2026, 11, 19, 20, 0))
    _, html = page(visit, webinar, lang="en")
    assert "Registration closed on Thursday, November 19, 2026, 6:00 PM" in plain(html)

    clock.set(utc(2026, 11, 20, 10, 30))
    _, html = page(visit, webinar, lang="en")
    assert "This webinar is taking place now." in html

    clock.set(utc(2026, 11, 20, 12, 0))
    _, html = page(visit, webinar, lang="en")
    assert "This webinar has ended." in html
    assert "Registration closed" not in html
    assert "Limited to 300" not in html


def test_registration_dates_follow_the_visitors_language(visit, clock):
    webinar = factories.make_webinar(factories.make_organization(), status=PUBLISHED,
                                     starts_at=utc(2026, 11, 20, 10, 0),
                                     registration_closes_at=utc(2026, 11, 20, 10, 0))

    _, html = page(visit, webinar, lang="fr")

    assert "vendredi 20 novembre 2026, 10:00 (heure du Maroc, UTC+0)" in html.split('id="registration-title"')[1]


def test_without_a_window_registration_stays_open_until_the_end(visit, clock):
    # The same rule as the registration form's (webinars.registration.service).
    webinar = factories.make_webinar(factories.make_organization(), status=PUBLISHED,
                                     starts_at=utc(2026, 11, 20, 10, 0))

    _, html = page(visit, webinar, lang="en")
    assert "Registration is open until the end of the webinar." in html
    assert "Limited to" not in html

    clock.set(utc(2026, 11, 20, 10, 30))
    _, html = page(visit, webinar, lang="en")
    assert "This webinar is taking place now." in html
    assert "Registration is open until the end of the webinar." in html


def test_the_page_answers_a_conditional_request_with_304(client, app):
    from tests import factories
    from webinars.events.models import WebinarStatus

    webinar = factories.make_publishable_webinar(factories.make_organization(), status=WebinarStatus.PUBLISHED)
    first = client.get(f"/webinars/{webinar.slug}?lang=en")
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(f"/webinars/{webinar.slug}?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    webinar.title = "A new title"
    from webinars.extensions import db

    db.session.commit()
    changed = client.get(f"/webinars/{webinar.slug}?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and b"A new title" in changed.data
