"""Friendly error pages in the visitor's language; tracebacks stay in the log."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_template("errors/error.html", error=error), error.code

    # Flask calls this for unhandled exceptions (it has already logged the
    # traceback); in tests they propagate instead, so failures stay visible.
    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        from webinars.extensions import db

        db.session.rollback()
        return render_template("errors/error.html", error=error), 500
