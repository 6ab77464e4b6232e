import pytest


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
    from sqlalchemy import event

    from webinars.extensions import db

    def count(url: str) -> int:
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert visit(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    return count
