"""Only members of the webinar's organization reach its agenda pages; everyone else gets 404."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webinars.agenda.models import AgendaItem
from webinars.extensions import db
from tests import factories


@pytest.fixture
def their_item(app):
    organization = factories.make_organization(name="Their Organization")
    webinar = factories.make_webinar(organization)
    return factories.make_agenda_item(webinar, "Their opening")


def routes(item) -> list[tuple[str, str, dict]]:
    form = {"starts_at": "10:00", "duration": "5", "title": "Intrusion", "kind": "talk"}
    return [
        ("GET", f"/manage/webinars/{item.webinar_id}/agenda", {}),
        ("POST", f"/manage/webinars/{item.webinar_id}/agenda", form),
        ("GET", f"/manage/agenda/{item.id}/edit", {}),
        ("POST", f"/manage/agenda/{item.id}/edit", form),
        ("POST", f"/manage/agenda/{item.id}/delete", {}),
    ]


def assert_untouched() -> None:
    db.session.expire_all()
    assert [i.title for i in db.session.scalars(select(AgendaItem))] == ["Their opening"]


@pytest.mark.parametrize("signed_in", [True, False], ids=["other-organization", "anonymous"])
def test_outsiders_get_404_on_every_agenda_route(request, client, their_item, signed_in):
    if signed_in:
        request.getfixturevalue("organizer")
    for method, url, data in routes(their_item):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 404, (method, url)
    assert_untouched()
