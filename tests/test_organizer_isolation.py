"""An organizer of one organization can neither see nor change anything of another's.

Walks every organizer URL of the app (every rule under /manage/) as a member of
another organization, with GET and POST, and expects 404 (or 403), never a
page and never a change. New organizer routes are covered automatically: a
route whose parameters this test cannot fill makes it fail, so it must be
taught about them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories
from webinars.accounts.models import Invitation, Role
from webinars.accounts.service import invite
from webinars.agenda.models import AgendaItem
from webinars.events.models import Webinar, WebinarPartner
from webinars.extensions import db
from webinars.people.models import Participation, Person


@pytest.fixture
def victim(app):
    """Another organization with one of everything."""
    organization = factories.make_organization(name="Victim Federation")
    owner = factories.make_user(organization, email="victim-owner@example.org")
    invitation, _token = invite(organization, "colleague@example.org", Role.ORGANIZER, owner)
    db.session.commit()
    webinar = factories.make_publishable_webinar(organization)
    item = factories.make_agenda_item(webinar, title="Opening address")
    partner = factories.make_partner(webinar)
    participation = webinar.participations[0]
    return factories.Namespace(
        organization=organization, webinar=webinar, invitation=invitation, item=item, partner=partner, participation=participation,
        person=participation.person,
    )


def organizer_urls(app, victim) -> list[tuple[str, str]]:
    values = {
        "org_slug": victim.organization.slug,
        "webinar_id": victim.webinar.id,
        "person_id": victim.person.id,
        "participation_id": victim.participation.id,
        "item_id": victim.item.id,
        "partner_id": victim.partner.id,
        "invitation_id": victim.invitation.id,
        "direction": "up",
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/manage/") or rule.rule == "/manage/":
            continue
        missing = set(rule.arguments) - set(values)
        assert not missing, f"teach this test the parameters {missing} of {rule.rule}"
        path = rule.build({name: values[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            urls.append((method, path))
    assert len(urls) > 10, "the organizer routes were not found"
    return urls


def snapshot() -> tuple:
    """Everything an outsider could try to change."""
    webinar_rows = db.session.execute(
        select(Webinar.id, Webinar.title, Webinar.status, Webinar.starts_at, Webinar.slug).order_by(Webinar.id)
    ).all()
    counts = tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Webinar, Person, Participation, AgendaItem, WebinarPartner, Invitation)
    )
    return tuple(webinar_rows), counts


def test_outsider_gets_404_everywhere_and_changes_nothing(app, client, auth, victim):
    outsider_org = factories.make_organization(name="Outsider Org")
    outsider = factories.make_user(outsider_org, email="outsider@example.org")
    assert auth.login(outsider.email).status_code == 302
    before = snapshot()

    for method, path in organizer_urls(app, victim):
        response = client.open(path, method=method, data={"title": "Hacked", "full_name": "Hacked"})
        assert response.status_code in (403, 404), f"{method} {path} answered {response.status_code}"
        assert b"Victim Federation" not in response.data, f"{method} {path} leaked the organization's name"

    db.session.expire_all()
    assert snapshot() == before


def test_anonymous_visitor_is_sent_to_sign_in_or_gets_404(app, client, victim):
    for method, path in organizer_urls(app, victim):
        response = client.open(path, method=method)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], f"{method} {path}"
        else:
            assert response.status_code in (401, 403, 404), f"{method} {path} answered {response.status_code}"
