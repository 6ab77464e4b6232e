"""Partner organizations of a webinar: add, order, remove."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import make_partner, make_webinar
from webinars.events.models import WebinarPartner
from webinars.extensions import db


def partner_names(webinar) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(WebinarPartner.name).where(WebinarPartner.webinar_id == webinar.id).order_by(WebinarPartner.position)
    ))


def test_add_partners_in_order_and_see_them_on_the_overview(client, organizer):
    webinar = make_webinar(organizer.organization)
    url = f"/manage/webinars/{webinar.id}/partners"

    assert client.get(url).status_code == 200
    assert client.post(url, data={"name": "APEBI", "website": "https://apebi.example.ma"}).status_code == 302
    assert client.post(url, data={"name": "CRI Fès-Meknès", "website": ""}).status_code == 302

    assert partner_names(webinar) == ["APEBI", "CRI Fès-Meknès"]
    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    assert '<a href="https://apebi.example.ma" rel="noopener noreferrer">APEBI</a>' in overview
    assert "CRI Fès-Meknès" in overview


def test_partner_needs_a_name_and_a_web_address(client, organizer):
    webinar = make_webinar(organizer.organization)
    url = f"/manage/webinars/{webinar.id}/partners"

    for data, message in [
        ({"name": "", "website": ""}, "Enter the partner"),
        ({"name": "APEBI", "website": "javascript:alert(1)"}, "starting with https:// or http://"),
        ({"name": "APEBI", "website": "apebi.ma"}, "starting with https:// or http://"),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert partner_names(webinar) == []

    assert client.post(url, data={"name": "APEBI", "website": "http://apebi.ma"}).status_code == 302


def test_move_and_remove_partners(client, organizer):
    webinar = make_webinar(organizer.organization)
    first, second, third = (make_partner(webinar, name) for name in ("One", "Two", "Three"))

    client.post(f"/manage/webinars/{webinar.id}/partners/{third.id}/move/up")
    assert partner_names(webinar) == ["One", "Three", "Two"]
    client.post(f"/manage/webinars/{webinar.id}/partners/{first.id}/move/down")
    assert partner_names(webinar) == ["Three", "One", "Two"]
    client.post(f"/manage/webinars/{webinar.id}/partners/{third.id}/move/up")  # already first: nothing moves
    assert partner_names(webinar) == ["Three", "One", "Two"]

    response = client.post(f"/manage/webinars/{webinar.id}/partners/{second.id}/delete", follow_redirects=True)
    assert "Partner removed." in response.get_data(as_text=True)
    assert partner_names(webinar) == ["Three", "One"]


def test_a_partner_of_another_webinar_cannot_be_removed_through_this_one(client, organizer):
    mine, other = make_webinar(organizer.organization), make_webinar(organizer.organization)
    partner = make_partner(other, "Not yours here")

    response = client.post(f"/manage/webinars/{mine.id}/partners/{partner.id}/delete")

    assert response.status_code == 404
    assert partner_names(other) == ["Not yours here"]
