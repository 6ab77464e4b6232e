"""The registration form's marks and error summary in the page's language, and the confirmation
page that says what happens next without telling who is registered."""

from __future__ import annotations

import pytest

from tests import factories
from tests.registration.attendees import form, open_webinar, register_url, registered


@pytest.fixture
def visit(app, client):
    """Each request in a fresh application context, as a new browser request (the locale is not carried)."""

    def request(method: str, url: str, **kwargs):
        with app.app_context():
            return client.open(url, method=method, **kwargs)

    return request


def done_page(visit, webinar, lang="en") -> str:
    response = visit("GET", f"/webinars/{webinar.slug}/register/done?lang={lang}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_required_fields_and_consent_are_marked(visit, clock):
    html = visit("GET", register_url(open_webinar()) + "?lang=en").get_data(as_text=True)

    consent = html.split('id="consent"')[1].split("</div>")[0]
    assert '<span class="required" aria-hidden="true">*</span>' in consent
    assert "Fields marked with * are required." in html


@pytest.mark.parametrize(
    ("lang", "summary", "label"),
    [("en", "Please correct the errors below.", "E-mail"), ("fr", "Veuillez corriger les erreurs ci-dessous.", "E-mail")],
)
def test_the_error_summary_is_in_the_pages_language_and_links_to_each_field(visit, clock, lang, summary, label):
    webinar = open_webinar()

    response = visit("POST", register_url(webinar) + f"?lang={lang}", data=form(email="not-an-address", consent=None))

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    box = html.split('<div class="form-errors" role="alert">')[1].split("</div>")[0]
    assert summary in box
    assert f'<a href="#email">{label}</a>' in box
    assert '<a href="#consent">' in box
    assert "Please correct" not in box if lang == "fr" else True


def test_after_registering_the_page_says_the_seat_is_confirmed_and_the_mail_on_its_way(visit, clock):
    webinar = open_webinar()

    response = visit("POST", register_url(webinar) + "?lang=en", data=form())

    html = done_page(visit, webinar)
    assert response.status_code == 302
    assert "What happens next" in html
    assert "An e-mail is on its way" in html
    assert "A new registration is confirmed straight away" in html
    assert "Add to your calendar" in html and f"/webinars/{webinar.slug}.ics" in html
    assert "https://www.linkedin.com/sharing/share-offsite/" in html


def test_the_page_says_waitlist_when_full(visit, clock):
    webinar = open_webinar(capacity=1)
    factories.make_registration(webinar)

    html = done_page(visit, webinar, "fr")

    assert "une nouvelle inscription va sur la liste d'attente" in html


def test_the_page_says_approval_when_the_organizers_review(visit, clock):
    webinar = open_webinar(approval_required=True)

    assert "a new registration waits for their approval" in done_page(visit, webinar)


def test_the_page_never_links_to_a_personal_page(visit, clock):
    """Anyone may type anyone's address: the personal link goes only to that address's inbox."""
    webinar = open_webinar()
    registered(webinar, "amina@example.org")

    visit("POST", register_url(webinar) + "?lang=en", data=form(email="amina@example.org"))
    html = done_page(visit, webinar)

    assert "/r/" not in html
