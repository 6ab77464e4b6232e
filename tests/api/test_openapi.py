"""The OpenAPI document is valid OpenAPI 3.1 and describes every operation; the documentation page
is served by the app itself, with the strict CSP relaxed on that page only; rate limits per token."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from tests.api.helpers import Api, new_token
from webinars.api.docs import DOCS_CONTENT_SECURITY_POLICY
from webinars.security import CONTENT_SECURITY_POLICY


def test_the_document_validates_and_lists_the_operations(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert {"/api/v1/webinars", "/api/v1/webinars/{webinar_id}/registrations"} <= set(document["paths"])
    assert document["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    create = document["paths"]["/api/v1/webinars"]["post"]
    assert "application/problem+json" in create["responses"]["422"]["content"]
    assert any(parameter["name"] == "Idempotency-Key" for parameter in create["parameters"])
    # Only the API: no organizer or public page is in it.
    assert all(path.startswith("/api/v1/") for path in document["paths"])


def test_the_documentation_page_and_its_assets_are_served_by_the_app(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"] == DOCS_CONTENT_SECURITY_POLICY
    assert "cdn" not in page.get_data(as_text=True).lower()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        with client.get(f"/api/v1/docs/assets/{asset}") as response:
            assert response.status_code == 200
    assert client.get("/api/v1/docs/assets/index.html").status_code == 404
    assert client.get("/login").headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}


def test_rate_limits_count_per_token_with_headers(client, organization):
    first, second = Api(client, new_token(organization)), Api(client, new_token(organization))
    answers = [first.get("/webinars") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert answers[-1].headers["X-RateLimit-Limit"] == "3"
    assert answers[-1].headers["X-RateLimit-Remaining"] == "0"
    limited = first.get("/webinars")
    assert limited.status_code == 429
    assert limited.mimetype == "application/problem+json"
    assert "Retry-After" in limited.headers
    assert second.get("/webinars").status_code == 200
