import pytest

from tests.statements import recorded_statements


@pytest.fixture
def visit(app, client):
    """GET a page the way a browser's new request sees it: in a fresh application context.

    The ``app`` fixture keeps an application context open and Flask reuses it
    for the test client's requests, so ``g`` (where Flask-Babel caches the
    locale) would otherwise carry one request's language into the next.
    """

    def get(url: str, **kwargs):
        with app.app_context():
            return client.get(url, **kwargs)

    return get


@pytest.fixture
def count_queries(visit):
    """How many SQL statements a GET of ``url`` runs (it must answer 200)."""

    def count(url: str) -> int:
        with recorded_statements() as statements:
            assert visit(url).status_code == 200
        return len(statements)

    return count
