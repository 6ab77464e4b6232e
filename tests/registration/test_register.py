"""Registering for a webinar through its form: each state, bad input, duplicates, closed registration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.registration.attendees import (
    add_question,
    form,
    mails_to,
    open_webinar,
    personal_link,
    register_url,
    registered,
    registrations,
)
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration.models import Answer, QuestionKind, RegistrationState

CHECK_INBOX = "Check your inbox"


def post(client, webinar, **overrides):
    return client.post(register_url(webinar) + "?lang=en", data=form(**overrides))


def done_url(webinar) -> str:
    return f"/webinars/{webinar.slug}/register/done"


# --- The form ----------------------------------------------------------------------


def test_public_page_leads_to_the_form(client, clock):
    webinar = open_webinar()

    html = client.get(f"/webinars/{webinar.slug}?lang=en").get_data(as_text=True)

    assert f'href="{register_url(webinar)}"' in html
    assert ">Register</a>" in html


def test_public_page_has_no_register_button_once_registration_is_closed(client, clock):
    webinar = open_webinar(registration_closes_at=clock.now() - timedelta(hours=1))

    html = client.get(f"/webinars/{webinar.slug}?lang=en").get_data(as_text=True)

    assert register_url(webinar) not in html


def test_form_asks_for_details_questions_consent_and_an_unticked_opt_in(client, clock):
    webinar = open_webinar()
    add_question(webinar, "What do you expect?", QuestionKind.LONG_TEXT, position=2)
    add_question(webinar, "Your sector", QuestionKind.SINGLE_CHOICE, required=True, choices=["IT", "BPO"], position=1)

    response = client.get(register_url(webinar) + "?lang=en")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for label in ("First name", "Last name", "E-mail", "Organization", "Job title", "Country", "City"):
        assert f">{label}</label>" in html
    # questions in the organizer's order, as the right controls
    assert html.index("Your sector") < html.index("What do you expect?")
    assert 'type="radio" value="IT"' in html and "<textarea" in html
    assert 'id="consent" name="consent" required type="checkbox"' in html
    # the opt-in names the organization and is not ticked
    assert "Tell me about future events of APEBI — Pôle Offshoring" in html
    assert 'id="wants_future_events" name="wants_future_events" type="checkbox" value="y">' in html


def test_consent_shows_the_organizations_own_privacy_notice(client, clock):
    organization = factories.make_organization(
        "APEBI", privacy_notice="We keep your data for 6 months. Write to dpo@apebi.example."
    )
    webinar = open_webinar(organization)

    html = client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    assert "We keep your data for 6 months. Write to dpo@apebi.example." in html


def test_without_its_own_notice_a_default_one_names_the_organization(client, clock):
    webinar = open_webinar(factories.make_organization("APEBI", website="https://apebi.example"))

    html = client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    notice = html.split('id="consent-hint">')[1].split("</p>")[0]
    assert "APEBI collects your name, e-mail address" in notice
    assert "12 months" in notice
    assert "contact APEBI" in notice and "https://apebi.example" in notice


@pytest.mark.parametrize(
    ("language", "morocco", "before", "after"),
    [("fr", "Maroc", "Danemark", "Espagne"), ("en", "Morocco", "Denmark", "Spain")],
)
def test_countries_are_named_in_the_visitors_language_and_sorted(client, clock, language, morocco, before, after):
    webinar = open_webinar()

    html = client.get(register_url(webinar), headers={"Accept-Language": language}).get_data(as_text=True)

    assert f'<option value="MA">{morocco}</option>' in html
    egypt = "Égypte" if language == "fr" else "Egypt"
    assert html.index(f">{before}<") < html.index(f">{egypt}<") < html.index(f">{after}<")
    for not_a_country in ('value="EU"', 'value="001"', 'value="ZZ"', 'value="UN"'):
        assert not_a_country not in html


# --- Each state --------------------------------------------------------------------


def test_registration_is_confirmed_and_the_visitor_is_sent_to_check_their_inbox(client, clock):
    webinar = open_webinar(capacity=10)

    response = post(client, webinar, email="Amina@Example.org", wants_future_events="y")

    assert response.status_code == 302
    assert response.headers["Location"] == done_url(webinar)
    [registration] = registrations(webinar)
    assert registration.state is RegistrationState.CONFIRMED
    assert registration.email == "amina@example.org"
    assert (registration.first_name, registration.last_name) == ("Amina", "Alaoui")
    assert (registration.affiliation, registration.job_title) == ("CRI Fès-Meknès", "Chargée d'investissement")
    assert (registration.country, registration.city) == ("MA", "Fès")
    assert registration.language == "en"
    assert registration.consented_at == clock.now()
    assert registration.wants_future_events is True
    [mail] = mails_to("amina@example.org")
    assert mail.kind == "received" and "You are registered" in mail.subject
    assert client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True).count(CHECK_INBOX) >= 1


def test_opt_in_stays_off_unless_ticked(client, clock):
    webinar = open_webinar()

    post(client, webinar)

    assert registrations(webinar)[0].wants_future_events is False


def test_registration_language_is_the_visitors_language(client, clock):
    webinar = open_webinar()

    client.post(register_url(webinar), data=form(), headers={"Accept-Language": "fr-FR,fr;q=0.9"})

    assert registrations(webinar)[0].language == "fr"
    assert mails_to("amina@example.org")[0].language == "fr"


def test_when_full_with_a_waitlist_newcomers_are_waitlisted(client, clock):
    webinar = open_webinar(capacity=1, waitlist_enabled=True)
    registered(webinar, "first@example.org")
    assert "you will be on the waitlist" in client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    response = post(client, webinar)

    assert response.headers["Location"] == done_url(webinar)  # the same page as a confirmation
    newcomer = registrations(webinar)[1]
    assert newcomer.state is RegistrationState.WAITLISTED
    assert "waitlist" in mails_to("amina@example.org")[0].subject


def test_when_full_without_a_waitlist_the_form_says_so_and_saves_nothing(client, clock):
    webinar = open_webinar(capacity=1, waitlist_enabled=False)
    registered(webinar, "first@example.org")
    assert "This webinar is full." in client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    response = post(client, webinar)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This webinar is full." in html
    assert 'value="amina@example.org"' in html  # what they typed is kept
    assert [r.email for r in registrations(webinar)] == ["first@example.org"]
    assert mails_to("amina@example.org") == []


def test_with_approval_registrations_wait_for_the_organizer(client, clock):
    webinar = open_webinar(capacity=1, approval_required=True)

    response = post(client, webinar)

    assert response.headers["Location"] == done_url(webinar)
    assert registrations(webinar)[0].state is RegistrationState.PENDING
    assert "Registration received" in mails_to("amina@example.org")[0].subject


def test_answers_to_the_questions_are_saved(client, clock):
    webinar = open_webinar()
    expectations = add_question(webinar, "Expectations", QuestionKind.LONG_TEXT, position=0)
    sector = add_question(webinar, "Sector", QuestionKind.SINGLE_CHOICE, choices=["IT", "BPO"], position=1)
    topics = add_question(webinar, "Topics", QuestionKind.MULTIPLE_CHOICE, choices=["AI", "Cloud", "Data"], position=2)
    hiring = add_question(webinar, "Hiring?", QuestionKind.YES_NO, position=3)
    city_size = add_question(webinar, "Team size", QuestionKind.SHORT_TEXT, position=4)

    response = client.post(
        register_url(webinar),
        data={
            **form(),
            f"question_{expectations.id}": "Meet investors\nand partners",
            f"question_{sector.id}": "BPO",
            f"question_{topics.id}": ["AI", "Data"],
            f"question_{hiring.id}": "yes",
            f"question_{city_size.id}": "",
        },
    )

    assert response.status_code == 302
    [registration] = registrations(webinar)
    answers = sorted((a.question_id, a.value) for a in registration.answers)
    assert answers == sorted(
        [
            (expectations.id, "Meet investors\nand partners"),
            (sector.id, "BPO"),
            (topics.id, "AI"),
            (topics.id, "Data"),
            (hiring.id, "yes"),
        ]
    )


# --- Bad input -----------------------------------------------------------------------


@pytest.fixture
def webinar_with_questions(clock):
    webinar = open_webinar()
    questions = {
        "sector": add_question(webinar, "Sector", QuestionKind.SINGLE_CHOICE, required=True, choices=["IT", "BPO"]),
        "topics": add_question(webinar, "Topics", QuestionKind.MULTIPLE_CHOICE, choices=["AI", "Cloud"], position=1),
        "hiring": add_question(webinar, "Hiring?", QuestionKind.YES_NO, position=2),
        "why": add_question(webinar, "Why", QuestionKind.SHORT_TEXT, required=True, position=3),
    }
    return webinar, questions


GOOD_ANSWERS = {"sector": "IT", "topics": ["AI"], "hiring": "no", "why": "Curious"}


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        ("first_name", {"first_name": "  "}, "Please enter your first name."),
        ("last_name", {"last_name": None}, "Please enter your last name."),
        ("first_name", {"first_name": "A" * 101}, "Field cannot be longer than 100 characters."),
        ("email", {"email": ""}, "Please enter your e-mail address."),
        ("email", {"email": "amina.example.org"}, "Enter a valid e-mail address"),
        ("email", {"email": "amina@"}, "Enter a valid e-mail address"),
        ("email", {"email": "léa.martin@example.org"}, "Letters with accents or from other alphabets before the @"),
        ("country", {"country": "QQ"}, "Choose a country from the list."),
        ("city", {"city": "F" * 121}, "Field cannot be longer than 120 characters."),
        ("consent", {"consent": None}, "Please give your consent so that we can register you."),
        ("sector", {"sector": None}, "Please answer this question."),
        ("sector", {"sector": "Banking"}, "Choose among the options offered."),
        ("topics", {"topics": ["AI", "Crypto"]}, "Choose among the options offered."),
        ("hiring", {"hiring": "maybe"}, "Choose among the options offered."),
        ("why", {"why": "   "}, "Please answer this question."),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client, webinar_with_questions, field, change, message):
    webinar, questions = webinar_with_questions
    answers = {**GOOD_ANSWERS, **{k: v for k, v in change.items() if k in questions}}
    details = {k: v for k, v in change.items() if k not in questions}
    data = form(**details)
    data.update({f"question_{questions[k].id}": v for k, v in answers.items() if v is not None})

    response = client.post(register_url(webinar) + "?lang=en", data=data)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    field_id = f"question_{questions[field].id}" if field in questions else field
    error_list = html.split(f'id="{field_id}-error">')[1].split("</ul>")[0]
    assert message in error_list
    assert "Please correct the errors below." in html
    assert registrations(webinar) == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_valid_form_with_all_questions_answered_passes(client, webinar_with_questions):
    webinar, questions = webinar_with_questions
    data = form()
    data.update({f"question_{questions[k].id}": v for k, v in GOOD_ANSWERS.items()})

    assert client.post(register_url(webinar), data=data).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 4


def test_an_address_with_an_accented_domain_is_kept_in_the_form_mail_servers_read(client, clock):
    webinar = open_webinar()

    assert post(client, webinar, email="Lea@Exämple.ma").status_code == 302

    [registration] = registrations(webinar)
    assert registration.email == "lea@xn--exmple-cua.ma"
    assert len(mails_to("lea@xn--exmple-cua.ma")) == 1


# --- The same address twice --------------------------------------------------------------


def test_registering_twice_reveals_nothing_and_sends_the_link_again(client, clock):
    webinar = open_webinar()
    first = post(client, webinar, email="amina@example.org")
    old_link = personal_link(mails_to("amina@example.org")[0])

    again = post(client, webinar, email="AMINA@example.ORG", first_name="Someone", last_name="Else")

    assert again.status_code == first.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    [registration] = registrations(webinar)
    assert registration.first_name == "Amina"  # a second form does not overwrite the first
    received, link_again = mails_to("amina@example.org")
    assert link_again.kind == "link_again"
    new_link = personal_link(link_again)
    assert new_link != old_link
    assert client.get(new_link).status_code == 200
    assert client.get(old_link).status_code == 200  # the first e-mail's link keeps working


def test_an_address_typed_with_its_domain_in_unicode_is_known_as_the_one_registered(client, clock):
    # The form's check writes the domain in ASCII: what the page read of the address as typed says it is new;
    # the database's unique index says otherwise, and the second form sends the link again all the same.
    webinar = open_webinar()
    post(client, webinar, email="lea@exämple.ma")

    again = post(client, webinar, email="Lea@Exämple.ma")

    assert again.status_code == 302
    assert [r.email for r in registrations(webinar)] == ["lea@xn--exmple-cua.ma"]
    assert [m.kind for m in mails_to("lea@xn--exmple-cua.ma")] == ["received", "link_again"]


@pytest.mark.parametrize("address", ["amina\x00alaoui@example.org", "a" * 5000 + "@example.org"])
def test_an_address_no_database_takes_gets_the_form_back_with_its_message(client, clock, address):
    webinar = open_webinar()

    answer = post(client, webinar, email=address)

    assert answer.status_code == 422
    assert registrations(webinar) == []


def test_a_waitlisted_address_registering_again_gets_the_same_page(client, clock):
    webinar = open_webinar(capacity=1)
    registered(webinar, "first@example.org")
    first = post(client, webinar)

    again = post(client, webinar)

    assert again.headers["Location"] == first.headers["Location"] == done_url(webinar)
    assert [r.state for r in registrations(webinar)] == [RegistrationState.CONFIRMED, RegistrationState.WAITLISTED]
    assert [m.kind for m in mails_to("amina@example.org")] == ["received", "link_again"]


def test_confirmation_page_does_not_depend_on_who_registered(client, clock):
    webinar = open_webinar()
    registered(webinar, "amina@example.org")

    html = client.get(done_url(webinar) + "?lang=en").get_data(as_text=True)

    assert CHECK_INBOX in html
    assert "amina" not in html.lower()
    assert "already" not in html.lower()


# --- When nobody can register ------------------------------------------------------------


def not_yet_open(clock):
    return {"registration_opens_at": clock.now() + timedelta(days=1)}


def closed(clock):
    return {"registration_closes_at": clock.now() - timedelta(minutes=1)}


def cancelled(clock):
    return {"status": WebinarStatus.CANCELLED, "published_at": clock.now() - timedelta(days=1)}


def ended(clock):
    return {"starts_at": clock.now() - timedelta(hours=3), "duration": timedelta(hours=2)}


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        (not_yet_open, "Registration has not opened yet."),
        (closed, "Registration is closed."),
        (cancelled, "This webinar has been cancelled."),
        (ended, "This webinar has ended."),
    ],
)
def test_registration_is_refused_with_a_clear_message(client, clock, situation, message):
    fields = situation(clock)
    status = fields.pop("status", WebinarStatus.PUBLISHED)
    published_at = fields.pop("published_at", None)
    webinar = factories.make_publishable_webinar(factories.make_organization(), status=status, **fields)
    if published_at:
        webinar.published_at = published_at
        db.session.commit()

    shown = client.get(register_url(webinar) + "?lang=en")
    posted = post(client, webinar)

    assert shown.status_code == 200
    assert message in shown.get_data(as_text=True)
    assert 'name="first_name"' not in shown.get_data(as_text=True)
    assert posted.status_code == 422
    assert message in posted.get_data(as_text=True)
    assert registrations(webinar) == []
    assert mails_to("amina@example.org") == []


def test_registration_opens_at_the_opening_time(client, clock):
    webinar = open_webinar(registration_opens_at=clock.now() + timedelta(hours=1))
    assert post(client, webinar).status_code == 422

    clock.advance(hours=1)

    assert post(client, webinar).status_code == 302
    assert len(registrations(webinar)) == 1


def test_drafts_have_no_registration(client, clock):
    webinar = factories.make_publishable_webinar(factories.make_organization(), status=WebinarStatus.DRAFT)

    assert client.get(register_url(webinar)).status_code == 404
    assert post(client, webinar).status_code == 404
    assert client.get(done_url(webinar)).status_code == 404
    assert registrations(webinar) == []


def test_drafts_have_no_registration_even_for_their_organizers(client, organizer, clock):
    webinar = factories.make_publishable_webinar(organizer.organization, status=WebinarStatus.DRAFT)

    assert client.get(register_url(webinar)).status_code == 404


def test_unknown_webinar_is_404(client, clock):
    assert client.get("/webinars/nothing-here/register").status_code == 404
