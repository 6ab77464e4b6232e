"""API tokens: made by owners (page and command), shown once, stored hashed; every way a token
stops working is refused with 401, a read-only token cannot write, and another organization's
webinars do not exist for it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests import factories
from tests.api.helpers import Api, new_token, webinar_body
from webinars.accounts.models import Role
from webinars.api_tokens.models import ApiScope, ApiToken
from webinars.extensions import db
from webinars.tokens import hash_token


def test_without_a_token_the_api_answers_401_problem(client, organization):
    response = client.get("/api/v1/webinars")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 401
    assert "Bearer" in response.headers["WWW-Authenticate"]


def test_unknown_expired_and_revoked_tokens_are_refused(client, organization, clock):
    assert Api(client, "wbn_not-a-real-token").get("/webinars").status_code == 401
    expiring = new_token(organization, expires_at=clock.now() + timedelta(days=1))
    assert Api(client, expiring).get("/webinars").status_code == 200
    clock.advance(days=1)
    assert Api(client, expiring).get("/webinars").status_code == 401

    revoked = new_token(organization)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(revoked)))
    token.revoked_at = clock.now()
    db.session.commit()
    assert Api(client, revoked).get("/webinars").status_code == 401


def test_a_read_only_token_reads_but_cannot_write(client, organization):
    reader = Api(client, new_token(organization, ApiScope.READ))
    assert reader.get("/webinars").status_code == 200
    response = reader.post("/webinars", json=webinar_body())
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert "read" in response.json["detail"]


def test_another_organizations_webinar_is_404(client, organization, api):
    other = factories.make_organization("Another organization")
    theirs = factories.make_webinar(other)
    assert api.get(f"/webinars/{theirs.id}").status_code == 404
    assert api.patch(f"/webinars/{theirs.id}", json={"title": "Mine now"}).status_code == 404
    assert api.get(f"/webinars/{theirs.id}/registrations").status_code == 404
    assert [webinar["id"] for webinar in api.get("/webinars").json["items"]] == []


def test_use_is_recorded_to_the_minute(client, organization, clock):
    secret = new_token(organization)
    Api(client, secret).get("/webinars")
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    assert token.last_used_at == clock.now()


def test_owners_create_see_once_and_revoke_tokens_on_their_page(client, organizer):
    page = client.get(f"/manage/{organizer.organization.slug}/api-tokens")
    assert page.status_code == 200
    response = client.post(
        f"/manage/{organizer.organization.slug}/api-tokens",
        data={"name": "CRM synchronization", "scope": "write", "expires_in": "90"},
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    token = db.session.scalar(select(ApiToken))
    secret = next(word for word in text.replace('"', " ").split() if word.startswith("wbn_") and len(word) > 20)
    assert hash_token(secret) == token.token_hash and token.scope is ApiScope.WRITE
    assert token.created_by_id == organizer.user.id and token.expires_at is not None
    assert secret not in client.get(f"/manage/{organizer.organization.slug}/api-tokens").get_data(as_text=True)
    assert Api(client, secret).get("/webinars").status_code == 200

    revoked = client.post(f"/manage/{organizer.organization.slug}/api-tokens/{token.id}/revoke")
    assert revoked.status_code == 302
    assert Api(client, secret).get("/webinars").status_code == 401


def test_organizers_who_are_not_owners_cannot_manage_tokens(client, auth):
    organization = factories.make_organization()
    user = factories.make_user(organization, role=Role.ORGANIZER)
    auth.login(user.email)
    assert client.get(f"/manage/{organization.slug}/api-tokens").status_code == 403


def test_the_command_prints_a_working_token_once(app, client, runner, organization):
    result = runner.invoke(args=["api-tokens", "create", "--organization", organization.slug, "--name", "Tests", "--scope", "read"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert secret.startswith("wbn_")
    token = db.session.scalar(select(ApiToken))
    assert token.token_hash == hash_token(secret) and token.scope is ApiScope.READ
    assert Api(client, secret).get("/webinars").status_code == 200

    unknown = runner.invoke(args=["api-tokens", "create", "--organization", "nope", "--name", "Tests"])
    assert unknown.exit_code != 0


def test_the_dashboard_links_the_page_for_owners_only(client, organizer, auth):
    page = client.get(f"/manage/{organizer.organization.slug}/webinars").get_data(as_text=True)
    assert f"/manage/{organizer.organization.slug}/api-tokens" in page
    auth.logout()
    colleague = factories.make_user(organizer.organization, role=Role.ORGANIZER)
    auth.login(colleague.email)
    page = client.get(f"/manage/{organizer.organization.slug}/webinars").get_data(as_text=True)
    assert "/api-tokens" not in page
