"""Sessions end everywhere at once (sign-out, a new password, removal from the team) and expire
when idle or old (webinars/accounts/sessions.py)."""

from __future__ import annotations

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import select

from tests import factories
from tests.conftest import FreshGlobalsClient, base_config
from tests.statements import recorded_statements
from webinars import create_app
from webinars.accounts.models import Membership, Role
from webinars.extensions import db

NEW_PASSWORD = "a brand new long secret"


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """The real session limits (the suite's other tests lift them to move the clock freely)."""
    config = base_config(database_url, tmp_path / "instance")
    del config["SESSION_IDLE_HOURS"], config["SESSION_LIFETIME_DAYS"]
    return config


@pytest.fixture
def team(app, clock):
    """Amina owns "Sign-in Org"; Karim is an organizer in it."""
    organization = factories.make_organization(name="Sign-in Org")
    amina = factories.make_user(organization, email="amina@example.org", full_name="Amina Alaoui")
    karim = factories.make_user(organization, email="karim@example.org", role=Role.ORGANIZER, full_name="Karim Bennani")
    return factories.Namespace(organization=organization, amina=amina, karim=karim)


def signed_in(app, email: str, password: str = factories.DEFAULT_PASSWORD):
    """A new browser, signed in."""
    browser = app.test_client()
    assert browser.post("/login", data={"email": email, "password": password}).status_code == 302
    return browser


def copy_of(app, browser):
    """Another browser holding a copy of ``browser``'s session cookie (a stolen or shared one)."""
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def can_manage(browser, organization) -> bool:
    response = browser.get(f"/manage/{organization.slug}/members")
    return response.status_code == 200


# --- Ending sessions ---------------------------------------------------------------------


def test_a_copied_cookie_replayed_after_sign_out_is_refused(app, team):
    browser = signed_in(app, "amina@example.org")
    copy = copy_of(app, browser)
    assert can_manage(copy, team.organization), "the copy works while the session lasts"

    browser.post("/logout")

    assert not can_manage(copy, team.organization)
    assert "/login" in copy.get("/manage/").headers["Location"]


def test_signing_out_ends_the_session_on_every_app_server(app, app_config, team):
    """Two app servers share only the database and the secret key: a cookie opened on one is
    refused by the other once its owner signed out on the first."""
    members_page = f"/manage/{team.organization.slug}/members"  # read here, in this server's session
    other_server = create_app(app_config)
    other_server.test_client_class = FreshGlobalsClient
    browser = signed_in(app, "amina@example.org")
    on_the_other = other_server.test_client()
    on_the_other.set_cookie("session", browser.get_cookie("session").value)
    with other_server.app_context():
        assert on_the_other.get(members_page).status_code == 200

    browser.post("/logout")

    with other_server.app_context():
        assert on_the_other.get(members_page).status_code == 404, "as to anyone not signed in"
        db.session.remove()
        db.engine.dispose()


def test_signing_out_ends_the_accounts_other_sessions_too(app, team):
    laptop = signed_in(app, "amina@example.org")
    phone = signed_in(app, "amina@example.org")

    phone.post("/logout")

    assert not can_manage(laptop, team.organization)
    assert can_manage(signed_in(app, "amina@example.org"), team.organization), "signing in again works"


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, team):
    browser = signed_in(app, "amina@example.org")
    other = signed_in(app, "amina@example.org")
    copy = copy_of(app, browser)

    response = browser.post(
        "/account",
        data={"current_password": factories.DEFAULT_PASSWORD, "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )

    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your password is changed. You are signed out everywhere else." in page
    assert can_manage(browser, team.organization), "the browser that changed it stays signed in"
    assert not can_manage(other, team.organization)
    assert not can_manage(copy, team.organization), "the old cookie of this browser is void too"
    assert signed_in(app, "amina@example.org", NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing(app, team):
    browser = signed_in(app, "amina@example.org")
    other = signed_in(app, "amina@example.org")

    response = browser.post(
        "/account",
        data={"current_password": "not my password", "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )

    assert response.status_code == 422
    assert "This is not your current password." in response.get_data(as_text=True)
    assert can_manage(other, team.organization)
    assert signed_in(app, "amina@example.org")


def test_sign_out_everywhere_ends_every_session_including_this_one(app, team):
    browser = signed_in(app, "amina@example.org")
    other = signed_in(app, "amina@example.org")

    response = browser.post("/account/sign-out-everywhere")

    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "You are signed out on every device and browser." in browser.get("/login").get_data(as_text=True)
    assert not can_manage(browser, team.organization)
    assert not can_manage(other, team.organization)


def test_a_password_reset_ends_every_other_session(app, team, mail_via_smtp):
    browser = signed_in(app, "amina@example.org")
    stranger = app.test_client()
    stranger.post("/password/forgot", data={"email": "amina@example.org"})
    [message] = mail_via_smtp.messages_to("amina@example.org")
    path = "/password/reset/" + message.get_body(("plain",)).get_content().split("/password/reset/")[1].split()[0]

    stranger.post(path, data={"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})

    assert can_manage(stranger, team.organization), "whoever set the password is signed in"
    assert not can_manage(browser, team.organization)


def test_an_owner_removing_a_member_signs_them_out_at_once(app, team):
    owner = signed_in(app, "amina@example.org")
    karim = signed_in(app, "karim@example.org")
    elsewhere = factories.make_organization(name="Elsewhere")
    db.session.add(Membership(user=team.karim, organization=elsewhere, role=Role.OWNER))
    db.session.commit()
    membership_id = db.session.scalar(
        select(Membership.id).where(Membership.user_id == team.karim.id, Membership.organization_id == team.organization.id)
    )

    response = owner.post(f"/manage/{team.organization.slug}/members/{membership_id}/remove")

    assert response.status_code == 302
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "Karim Bennani is no longer a member of Sign-in Org." in page
    assert "karim@example.org" not in page
    assert not can_manage(karim, elsewhere), "signed out everywhere, not only from this team"
    again = signed_in(app, "karim@example.org")
    assert can_manage(again, elsewhere) and not can_manage(again, team.organization)


def membership_id_of(user) -> int:
    return db.session.scalar(select(Membership.id).where(Membership.user_id == user.id))


def test_only_owners_remove_members_and_not_themselves(app, team):
    outsider = factories.make_user(factories.make_organization(name="Outside"), email="outsider@example.org")
    amina_membership, outsider_membership = membership_id_of(team.amina), membership_id_of(outsider)
    karim = signed_in(app, "karim@example.org")
    owner = signed_in(app, "amina@example.org")
    members = f"/manage/{team.organization.slug}/members"

    assert karim.post(f"{members}/{amina_membership}/remove").status_code == 403
    refused = owner.post(f"{members}/{amina_membership}/remove")
    assert "You cannot remove yourself from the team." in owner.get(refused.headers["Location"]).get_data(as_text=True)
    assert owner.post(f"{members}/{outsider_membership}/remove").status_code == 404, "another organization's member"

    db.session.expire_all()
    assert db.session.get(Membership, amina_membership) is not None
    assert db.session.get(Membership, outsider_membership) is not None
    assert can_manage(owner, team.organization) and can_manage(karim, team.organization)


def test_owners_see_a_remove_button_for_others_only(app, team):
    page = signed_in(app, "amina@example.org").get(f"/manage/{team.organization.slug}/members").get_data(as_text=True)
    assert f"/members/{membership_id_of(team.karim)}/remove" in page
    assert f"/members/{membership_id_of(team.amina)}/remove" not in page
    karims_view = signed_in(app, "karim@example.org").get(f"/manage/{team.organization.slug}/members").get_data(as_text=True)
    assert "/remove" not in karims_view


# --- Expiry ------------------------------------------------------------------------------


def test_a_session_ends_after_twelve_hours_without_a_request(app, team, clock):
    browser = signed_in(app, "amina@example.org")

    clock.advance(hours=11, minutes=59)
    assert can_manage(browser, team.organization)
    clock.advance(hours=12)

    assert not can_manage(browser, team.organization)
    assert not can_manage(browser, team.organization), "and it stays ended"


def test_a_session_in_use_ends_thirty_days_after_signing_in(app, team, clock):
    browser = signed_in(app, "amina@example.org")

    for _ in range(71):  # a request every 10 hours: never idle for 12
        clock.advance(hours=10)
        assert can_manage(browser, team.organization)
    clock.advance(hours=10)

    assert not can_manage(browser, team.organization), "720 hours after signing in"


def test_a_copied_cookie_expires_like_the_original(app, team, clock):
    browser = signed_in(app, "amina@example.org")
    copy = copy_of(app, browser)

    clock.advance(hours=6)
    assert can_manage(browser, team.organization)  # the original is used; the copy is not
    clock.advance(hours=7)

    assert not can_manage(copy, team.organization), "the copy's own cookie says it was last used 13 hours ago"


class TestShorterLimits:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "SESSION_IDLE_HOURS": 1, "SESSION_LIFETIME_DAYS": 0.5}

    def test_the_limits_are_settings(self, app, team, clock):
        idle = signed_in(app, "amina@example.org")
        clock.advance(minutes=61)
        assert not can_manage(idle, team.organization)

        busy = signed_in(app, "amina@example.org")
        for _ in range(13):  # 715 minutes, a request every 55
            clock.advance(minutes=55)
            assert can_manage(busy, team.organization)
        clock.advance(minutes=55)
        assert not can_manage(busy, team.organization), "12 hours after signing in"

    def test_the_account_page_says_when_sessions_end(self, app, team):
        page = signed_in(app, "amina@example.org").get("/account?lang=en").get_data(as_text=True)

        assert "A session ends after 1 hour without activity, and at the latest 0.5 days after signing in." in page


def test_a_remember_me_cookie_opens_no_session(app, team):
    """None is issued; one forged with the secret key (or kept from an older version) is ignored."""
    browser = app.test_client()
    browser.set_cookie("remember_token", encode_cookie(team.amina.get_id()))

    assert not can_manage(browser, team.organization)
    assert "/login" in browser.get("/manage/").headers["Location"]


def test_checking_the_session_costs_the_one_query_loading_the_user_costs(app, team):
    browser = signed_in(app, "amina@example.org")

    with app.app_context(), recorded_statements() as statements:  # a request's own session, as in production
        assert browser.get("/account").status_code == 200

    reads_of_users = [statement for statement in statements if "FROM users" in statement]
    assert len(reads_of_users) == 1
    assert "WHERE users.id = " in reads_of_users[0]


def test_the_header_links_to_the_account_page(app, team):
    browser = signed_in(app, "amina@example.org")

    header = browser.get(f"/manage/{team.organization.slug}/members?lang=en").get_data(as_text=True)
    page = browser.get("/account?lang=en").get_data(as_text=True)

    assert 'href="/account"' in header
    assert "Amina Alaoui" in page and "amina@example.org" in page
    assert "A session ends after 12 hours without activity, and at the latest 30 days after signing in." in page
    assert "Sign out everywhere" in page and "Change my password" in page
    assert app.test_client().get("/account").headers["Location"] == "/login?next=%2Faccount"


# --- Session protection ------------------------------------------------------------------


def test_a_signed_in_cookie_taken_to_another_browser_is_refused(app, team):
    """Flask-Login's "strong" protection: a session used from another browser (its user agent) signs nobody in."""
    browser = signed_in(app, "amina@example.org")
    copy = copy_of(app, browser)
    copy.environ_base["HTTP_USER_AGENT"] = "Another browser/1.0"

    assert can_manage(browser, team.organization)
    assert not can_manage(copy, team.organization)


def test_a_visitors_form_session_is_not_written_again_on_every_page(app, app_config, team):
    """A session that signs nobody in (one holding a form's CSRF token) is left alone: before, every page
    after the form wrote it again and sent an expired "remember me" cookie with it."""
    with_csrf = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    with_csrf.test_client_class = FreshGlobalsClient
    visitor = with_csrf.test_client()
    with with_csrf.app_context():
        try:
            assert visitor.get("/login").headers.getlist("Set-Cookie"), "the form's CSRF token starts a session"
            for page in ("/", "/login", "/password/forgot"):
                response = visitor.get(page)
                assert response.status_code == 200
                assert response.headers.getlist("Set-Cookie") == [], page
        finally:
            db.session.remove()
            db.engine.dispose()  # this app's connections closed now, not when the collector finds them
