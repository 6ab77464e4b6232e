"""What delivering costs the database: a fixed number of statements per batch, and two per message."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.mail.test_delivery import queue
from tests.statements import recorded_statements
from webinars.extensions import db
from webinars.mail.delivery import deliver_due


@pytest.fixture
def app_config(app_config):
    return {**app_config, "HUEY_IMMEDIATE": False}  # the test delivers, not the commit


def delivered(size: int) -> list[str]:
    for number in range(size):
        queue(f"r{size}-{number}@example.org")
    db.session.commit()
    with recorded_statements() as statements:
        assert deliver_due().sent == size
    return statements


def test_each_message_costs_its_claim_and_its_outcome_and_nothing_more(app, smtp, clock):
    """The batch is reserved, loaded and its attachments read once; then each message costs its
    claim and its outcome (recorded in the same commit as the next message's claim)."""
    two, ten = delivered(2), delivered(10)
    assert len(ten) - len(two) == 2 * 8, ten
    kinds = Counter(statement.split()[0] for statement in ten) - Counter(statement.split()[0] for statement in two)
    assert kinds == {"UPDATE": 16}, "the batch's reads do not grow with it"
    assert len(smtp.received) == 12
