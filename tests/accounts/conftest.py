"""Helpers for the accounts tests: invitations created the way an owner does, through the members page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

LINK_PATTERN = re.compile(r'id="invitation-link"[^>]*value="([^"]+)"')


def shown_invitation_link(page: str) -> str | None:
    """The absolute invitation link the members page shows once, or None."""
    match = LINK_PATTERN.search(page)
    return match.group(1) if match else None


@pytest.fixture
def invite_by_page(client):
    """Invite through the members page as the signed-in owner; returns the link's path."""

    def invite(organization, email: str, role: str = "organizer") -> str:
        response = client.post(f"/manage/{organization.slug}/members", data={"email": email, "role": role})
        assert response.status_code == 302, response.get_data(as_text=True)
        link = shown_invitation_link(client.get(response.headers["Location"]).get_data(as_text=True))
        assert link is not None, "the members page did not show the invitation link"
        return urlsplit(link).path

    return invite

