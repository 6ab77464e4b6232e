"""An organization with API tokens, and a client that sends them."""

from __future__ import annotations

from dataclasses import dataclass

from webinars.api_tokens import service as api_tokens
from webinars.api_tokens.models import ApiScope
from webinars.extensions import db


def new_token(organization, scope: ApiScope = ApiScope.WRITE, **fields) -> str:
    secret = api_tokens.create_token(organization, "Test script", scope, **fields).secret
    db.session.commit()
    return secret


@dataclass
class Api:
    client: object
    token: str

    def headers(self, extra: dict | None = None) -> dict:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path: str, **kwargs):
        return self.client.get("/api/v1" + path, headers=self.headers(kwargs.pop("headers", None)), **kwargs)

    def post(self, path: str, json=None, **kwargs):
        return self.client.post("/api/v1" + path, json=json, headers=self.headers(kwargs.pop("headers", None)), **kwargs)

    def patch(self, path: str, json=None, **kwargs):
        return self.client.patch("/api/v1" + path, json=json, headers=self.headers(kwargs.pop("headers", None)), **kwargs)


def webinar_body(**overrides) -> dict:
    body = {
        "title": "L'offshoring régionalisé",
        "timezone": "Africa/Casablanca",
        "starts_at": "2026-12-18T10:00:00+01:00",
        "ends_at": "2026-12-18T12:00:00+01:00",
        "join_url": "https://meet.example.org/offshoring",
        "capacity": 100,
    }
    body.update(overrides)
    return {name: value for name, value in body.items() if value is not None}
