"""Friendly error pages in the visitor's language; tracebacks stay in the log."""

from __future__ import annotations

import sqlite3

from flask import Flask, current_app, g, render_template
from sqlalchemy import event
from sqlalchemy import exc as sqlalchemy_errors
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from webinars.api import problems
from webinars.outages import OutageLog


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if problems.is_api_request():
            return problems.from_http_exception(error)  # 404, 405, 413, 429... as problem details
        return render_template("errors/error.html", error=error), error.code

    # Flask calls this for unhandled exceptions (it has already logged the
    # traceback); in tests they propagate instead, so failures stay visible.
    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        from webinars.extensions import db

        db.session.rollback()
        if problems.is_api_request():
            return problems.response(problems.Problem(500))
        return render_template("errors/error.html", error=error), 500

    register_database_outage_page(app)


def register_database_outage_page(app: Flask) -> None:
    """While the database cannot be reached, every page answers 503 with ``Retry-After``.

    The request's transaction never committed, so nothing of it was saved; the page says to come back
    in a moment, in the visitor's language (chosen from the request alone). The outage is logged once
    per ``OUTAGE_LOG_SECONDS``, not once per request.
    """
    outages = OutageLog(
        "Database",
        "Pages answer 503 until it is back.",
        float(app.config["OUTAGE_LOG_SECONDS"]),
    )
    app.extensions["database_outages"] = outages

    @app.errorhandler(sqlalchemy_errors.OperationalError)
    @app.errorhandler(sqlalchemy_errors.InterfaceError)
    @app.errorhandler(sqlalchemy_errors.TimeoutError)
    def database_unavailable(error: Exception):
        if not is_outage(error):
            raise error  # a bug, not an outage: the usual 500 page, with its traceback in the log
        from webinars.extensions import db, login_manager

        outages.failed(error)
        try:
            db.session.rollback()
        except sqlalchemy_errors.SQLAlchemyError:
            pass  # the connection is gone; the pool throws it away
        retry_after = {"Retry-After": str(int(current_app.config["UNAVAILABLE_RETRY_AFTER_SECONDS"]))}
        if problems.is_api_request():
            return problems.response(problems.Problem(503, headers=retry_after))
        if "_login_user" not in g:
            # The page's header would load the signed-in member from the database.
            g._login_user = login_manager.anonymous_user()
        page = render_template("errors/error.html", error=ServiceUnavailable())
        return page, 503, {"Retry-After": str(int(current_app.config["UNAVAILABLE_RETRY_AFTER_SECONDS"]))}

    # A new connection after an outage (the pool has thrown the broken ones away) says it is over.
    with app.app_context():
        from webinars.extensions import db

        event.listen(db.engine, "connect", lambda *_: outages.answered())


def is_outage(error: Exception) -> bool:
    """Whether the database failed to answer, rather than refused a statement.

    On SQLite, an ``OperationalError`` is mostly a schema problem ("no such table"); only a
    database locked for too long is a passing one.
    """
    if not isinstance(error, sqlalchemy_errors.OperationalError):
        return True  # InterfaceError (connection closed), TimeoutError (no connection free in the pool)
    if isinstance(error.orig, sqlite3.OperationalError):
        return "locked" in str(error.orig) or "busy" in str(error.orig)
    return True
