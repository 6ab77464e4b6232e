"""Every route of the app, from its URL map, holds against hostile input: no 5xx, nothing half-saved.

The full walk (every GET page with hostile query strings, every form field by field, about
5,000 requests) runs once, on the PostgreSQL pass of the suite (``WEBINARS_TEST_DATABASE_URL``),
where a NUL or an out-of-range number reaches a database that refuses it. SQLite is covered by
test_smoke.py. A new route fails ``test_every_rule_is_walked_or_skipped`` until
tests/hostile/dataset.py can fill its URL or lists it as skipped with a reason.
"""

from __future__ import annotations

import os
import time

import pytest

from tests.hostile.dataset import SKIPPED, WALKED_LAST, Dataset, seed
from tests.hostile.walker import Walker

POSTGRESQL_PASS = os.environ.get("WEBINARS_TEST_DATABASE_URL", "").startswith(("postgresql", "postgres:"))
only_on_the_postgresql_pass = pytest.mark.skipif(
    not POSTGRESQL_PASS, reason="the full walk runs once, on the PostgreSQL pass (WEBINARS_TEST_DATABASE_URL)"
)
# The walk's budget, in requests rather than seconds (tests count, they do not time): about
# 3,900 requests (API, webhooks, messages and brand pages included), about 2 minutes on PostgreSQL on the
# project's 2-core machine even while it is shared.
REQUEST_BUDGET = 4_500


def rules_in_walk_order(app, dataset) -> tuple[list, list[str]]:
    """The rules to walk (those that end or change what others stand on last), and those it cannot fill."""
    walked, unwalked = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        try:
            dataset.paths(rule)
        except KeyError as error:
            unwalked.append(f"{rule.rule} ({rule.endpoint}): {error.args[0]}")
            continue
        walked.append(rule)
    last = {endpoint: position for position, endpoint in enumerate(WALKED_LAST)}
    walked.sort(key=lambda rule: (last.get(rule.endpoint, -1), rule.rule))
    return walked, unwalked


def test_every_rule_is_walked_or_skipped(app, clock):
    dataset = seed()

    walked, unwalked = rules_in_walk_order(app, dataset)

    assert not unwalked, (
        "These rules are neither walked nor skipped: give their URL parameters a value in "
        "tests/hostile/dataset.py (url_values or endpoint_values), or add them to SKIPPED with a reason:\n  "
        + "\n  ".join(unwalked)
    )
    assert not set(SKIPPED) - {rule.endpoint for rule in app.url_map.iter_rules()}, "SKIPPED names a rule that is gone"
    assert not set(WALKED_LAST) - {rule.endpoint for rule in walked}, "WALKED_LAST names a rule that is gone"


@only_on_the_postgresql_pass
def test_every_route_holds_against_hostile_input(app, clock):
    started, cpu_started = time.monotonic(), time.process_time()
    dataset = seed()
    walked, _ = rules_in_walk_order(app, dataset)
    walker = Walker(app, dataset)

    walker.walk(walked)

    elapsed = time.monotonic() - started
    print(f"\n{walker.requests} requests in {elapsed:.0f} s ({time.process_time() - cpu_started:.0f} s of CPU here) over {len(walked)} rules")
    print("Forms whose valid-looking values were refused (walked less deep):", *walker.refused_baselines, sep="\n  ")
    print("Pages not reached:", *walker.not_reached, sep="\n  ")
    print("Slowest rules:", *(f"{s:.1f} s, {n} requests: {r}" for s, n, r in sorted(walker.timings, reverse=True)[:15]), sep="\n  ")
    assert not walker.failures, walker.report()
    assert walker.requests <= REQUEST_BUDGET, "the walk outgrew its budget: fewer values per field, or fewer forms"


def test_a_rule_the_dataset_cannot_fill_is_named_with_its_parameters(app):
    app.add_url_rule("/manage/webhooks/<int:webhook_id>", "webhooks.edit", lambda webhook_id: "")

    _, unwalked = rules_in_walk_order(app, Dataset(url_values={"org_slug": "x"}))

    line = next(line for line in unwalked if "webhooks.edit" in line)
    assert line.startswith("/manage/webhooks/<int:webhook_id> (webhooks.edit)") and "['webhook_id']" in line
