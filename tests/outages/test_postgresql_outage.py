"""PostgreSQL stopped under a running app server and worker (private cluster, see conftest.py).

Visitors get the 503 page with Retry-After in their language, a form posted meanwhile saves
nothing, and once the server is back the site answers again, on the same connections' pool, and
the form posted again goes through, its mail sent once.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from tests import factories
from tests.outages.conftest import only_on_the_postgresql_pass, wait_for
from tests.registration.attendees import form, open_webinar
from tests.scaleout.test_multiprocess import Visitor
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration.models import Registration

pytestmark = [pytest.mark.multiprocess, only_on_the_postgresql_pass]

@pytest.fixture
def app_config(app_config, private_postgresql, private_redis):
    return {
        **app_config,
        "DATABASE_URL": private_postgresql.url,
        "REDIS_URL": private_redis.url,
        "HUEY_IMMEDIATE": False,
    }


def confirmations(smtp) -> Counter:
    """Mail received per address: registration confirmations, the only mail of this test."""
    return Counter(address for received in list(smtp.received) for address in received.recipients)


def saved_emails(model) -> set[str]:
    column = model.email if model is Registration else model.to_address
    emails = set(db.session.scalars(select(column)))
    db.session.rollback()  # hold no transaction open while the servers work
    return emails


def test_with_postgresql_stopped_pages_answer_503_and_nothing_is_half_saved(
    app, smtp, private_postgresql, private_redis, start_site
):
    organization = factories.make_organization("APEBI")
    owner = factories.make_user(organization, email="owner@apebi.example")
    slug = open_webinar(organization, capacity=50).slug
    owner_email = owner.email
    db.session.remove()  # the test's own connections must not outlive the server they talk to
    db.engine.dispose()
    site = start_site(database_url=private_postgresql.url, redis_url=private_redis.url, SWEEP_SECONDS=2)
    page = f"{site.server}/webinars/{slug}"
    register = f"{page}/register"

    first = Visitor()
    assert first.post(register, form(email="first@example.org", csrf_token=first.csrf_token(register))).status == 302
    wait_for(lambda: confirmations(smtp) == Counter(["first@example.org"]), site, "the first mail")
    latecomer = Visitor(language="fr")
    token = latecomer.csrf_token(register)  # the form is open in the browser when the database stops

    private_postgresql.stop()
    for visitor, url, title, advice in (
        (Visitor(language="fr"), site.server + "/", "Service momentanément indisponible", "Merci de réessayer"),
        (Visitor(language="en"), page, "Temporarily unavailable", "Please try again in a minute."),
    ):
        answer = visitor.get(url)
        assert answer.status == 503, answer.text[:300]
        assert answer.headers["Retry-After"] == "30"
        assert title in answer.text and advice in answer.text
    refused = latecomer.post(register, form(email="latecomer@example.org", csrf_token=token))
    assert refused.status == 503 and "Service momentanément indisponible" in refused.text
    owner_visitor = Visitor()
    owner_token = owner_visitor.csrf_token(site.server + "/login")  # the sign-in form needs no database
    fields = {"email": owner_email, "password": factories.DEFAULT_PASSWORD, "csrf_token": owner_token}
    assert owner_visitor.post(site.server + "/login", fields).status == 503
    wait_for(lambda: "Database unreachable" in site.output("worker"), site, "the worker's sweep meeting the outage")

    private_postgresql.start()
    wait_for(lambda: Visitor().get(page).status == 200, site, "the site back")
    assert saved_emails(Registration) == {"first@example.org"}, "the refused form saved nothing"
    assert saved_emails(OutboxMessage) == {"first@example.org"}

    again = latecomer.post(register, form(email="latecomer@example.org", csrf_token=token))
    assert again.status == 302, again.text[:300]
    assert owner_visitor.post(site.server + "/login", fields).status == 302
    everyone = Counter(["first@example.org", "latecomer@example.org"])
    wait_for(lambda: confirmations(smtp) == everyone, site, "the latecomer's mail")
    wait_for(lambda: "Database reachable again" in site.output("worker"), site, "the worker's next sweep")
    assert confirmations(smtp) == everyone, "each once"

    for name in ("server", "worker"):
        output = site.output(name)
        assert output.count("Database unreachable") == 1, output
        assert "Traceback" not in output, output
