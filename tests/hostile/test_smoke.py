"""The hostile walk over two forms, on every database of the suite (SQLite included): the public
registration form and the organizer's webinar form. The full walk over every route runs on the
PostgreSQL pass (test_every_route.py). And the walker itself: it does catch a 500 and a half-saved row."""

from __future__ import annotations

from flask import render_template_string, request

from tests import factories
from tests.hostile.dataset import Dataset, seed
from tests.hostile.walker import Walker

SMOKE_ENDPOINTS = ("registration.register", "events.edit")


def test_a_few_forms_hold_against_hostile_input(app, clock):
    dataset = seed()
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint in SMOKE_ENDPOINTS]
    walker = Walker(app, dataset)

    walker.walk(rules)

    assert len(rules) == len(SMOKE_ENDPOINTS)
    assert walker.requests > 150, "the forms were not found on their pages"
    assert not walker.refused_baselines, "valid-looking values were refused: the walk did not reach the database"
    assert not walker.failures, walker.report()


BROKEN_FORM = """<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
<input type="text" name="full_name"><button type="submit">Save</button></form>"""


def test_the_walker_catches_a_500_and_a_half_saved_row(app, clock):
    """A route as it must never be: it crashes on a NUL, and saves a row before refusing the form."""
    organization = factories.make_organization()

    def broken():
        if request.method == "POST":
            full_name = request.form.get("full_name", "")
            if "\x00" in full_name:
                raise RuntimeError("a NUL reached the database")
            factories.make_person(organization, full_name[:200] or "Vide")
            return render_template_string(BROKEN_FORM), 422
        return render_template_string(BROKEN_FORM)

    app.add_url_rule("/broken-form", "broken_form", broken, methods=["GET", "POST"])
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == "broken_form")
    walker = Walker(app, Dataset(url_values={}))

    walker.walk([rule])

    crashes = [failure for failure in walker.failures if failure.status is None]
    half_saved = [failure for failure in walker.failures if "rows changed" in failure.details]
    assert crashes and all("\\x00" in failure.what for failure in crashes)
    assert "RuntimeError: a NUL reached the database" in crashes[0].details
    assert half_saved and "people" in half_saved[0].details
