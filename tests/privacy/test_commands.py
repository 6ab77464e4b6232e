"""``webinars privacy retention`` and ``webinars privacy apply-retention``."""

from __future__ import annotations

from tests import factories
from tests.privacy.scenario import AFTER_RETENTION, upcoming_webinar
from webinars.extensions import db
from webinars.privacy.retention import last_run
from webinars.registration.models import Registration


def test_shows_the_period(runner, clock):
    factories.make_organization("APEBI", slug="apebi")

    result = runner.invoke(args=["privacy", "retention", "apebi"])

    assert result.exit_code == 0
    assert "APEBI keeps registrants' data 12 months after each webinar ends" in result.output


def test_sets_the_period(runner, clock):
    organization = factories.make_organization("APEBI", slug="apebi")

    result = runner.invoke(args=["privacy", "retention", "apebi", "--months", "18"])

    assert result.exit_code == 0, result.output
    assert "18 months" in result.output
    db.session.expire_all()
    assert db.session.get(type(organization), organization.id).retention_months == 18


def test_refuses_a_period_out_of_range_or_an_unknown_organization(runner, clock):
    organization = factories.make_organization("APEBI", slug="apebi")

    for months in ("0", "121", "douze"):
        assert runner.invoke(args=["privacy", "retention", "apebi", "--months", months]).exit_code == 2
    result = runner.invoke(args=["privacy", "retention", "nobody"])
    assert result.exit_code == 1 and "No organization has the slug nobody" in result.output
    db.session.expire_all()
    assert db.session.get(type(organization), organization.id).retention_months == 12


def test_applies_the_retention_now_and_says_what_it_did(runner, clock):
    webinar = upcoming_webinar()
    registration = factories.make_registration(webinar, email="someone@example.org")
    clock.set(AFTER_RETENTION)

    result = runner.invoke(args=["privacy", "apply-retention"])

    assert result.exit_code == 0, result.output
    assert "Registrants' data of 1 webinar anonymized." in result.output
    assert "registrations: 1 row" in result.output
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).is_anonymized
    assert last_run().finished_at == AFTER_RETENTION
    assert "Nothing was past its retention period." in runner.invoke(args=["privacy", "apply-retention"]).output
