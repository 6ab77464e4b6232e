"""Counting the SQL statements one request runs, as a fresh request in production would run them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest
from werkzeug.test import TestResponse

from tests.statements import recorded_statements


@dataclass
class Measured:
    """A response and the statements its request ran."""

    response: TestResponse
    statements: list[str] = field(repr=False)

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def text(self) -> str:
        """The body, with calendar files' folded lines joined back."""
        return self.response.get_data(as_text=True).replace("\r\n ", "")


@pytest.fixture
def measure(app, client):
    """GET ``url`` (on ``client``, or as an anonymous ``visitor``) and record every statement
    sent to the database while it is answered.

    The request runs in its own application context, hence with its own empty
    session: the ``app`` fixture's context holds the objects the test set up,
    and a request that found them in that identity map would skip loads that a
    production request runs. Statements of the setup are not counted.
    """

    visitor = app.test_client()

    def get(url: str, *, as_visitor: bool = False, **kwargs) -> Measured:
        with app.app_context(), recorded_statements() as statements:
            response = (visitor if as_visitor else client).get(url, **kwargs)
        return Measured(response, statements)

    return get


def growth_report(small: Measured, large: Measured) -> str:
    """The two counts, and the statements the larger data set ran more often (the likely N+1)."""
    extra = Counter(large.statements) - Counter(small.statements)
    lines = [f"{small.count} statements with the small data set, {large.count} with the large one"]
    for statement, times in extra.most_common(5):
        lines.append(f"  +{times}× {' '.join(statement.split())[:300]}")
    return "\n".join(lines)
