"""Webinars: run professional webinars from announcement to recap.

``create_app`` reads like the table of contents of the application.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from apiflask import APIFlask
from flask import Flask

# Importing this module first points zoneinfo at the PyPI tzdata package.
from webinars import timezones  # noqa: F401  (side effect: current zone rules)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    # APIFlask is Flask with the JSON API's OpenAPI document (webinars/api/): the organizer's and the
    # public pages are plain blueprints and keep the app's own error pages (``json_errors=False``).
    app = APIFlask(
        __name__,
        title="Webinars API",
        version="1",
        spec_path="/api/v1/openapi.json",
        docs_path=None,
        json_errors=False,
        instance_path=str(
            (config or {}).get("INSTANCE_PATH")
            or os.environ.get("WEBINARS_INSTANCE_PATH")
            or PROJECT_ROOT / "instance"
        ),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, config)
    from webinars.urls import register_url_converters

    register_url_converters(app)
    trust_reverse_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_errorhandlers(app)
    return app


def load_config(app: Flask, config: dict[str, Any] | None) -> None:
    from webinars.config import DefaultConfig, finalize

    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("WEBINARS")
    if config:
        app.config.update(config)
    finalize(app)


def trust_reverse_proxies(app: Flask) -> None:
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def register_extensions(app: Flask) -> None:
    from webinars.extensions import babel, csrf, db, limiter, login_manager, migrate
    from webinars.i18n import RequestCatalogDomain, select_locale

    import webinars.models  # noqa: F401  (complete metadata before anything uses it)
    from webinars.jobs import init_huey, register_session_hooks
    from webinars import rate_limit_headers, rate_limit_hooks
    from webinars.registration import tallies
    from webinars.webhooks import events as webhook_events

    db.init_app(app)
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from webinars.database import configure_sqlite, keep_prepared_statements
    from webinars.described_on_demand import describe_on_demand

    if not event.contains(Engine, "connect", configure_sqlite):
        event.listen(Engine, "connect", configure_sqlite)
        event.listen(Engine, "connect", describe_on_demand)
    keep_prepared_statements(Engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    _install_csrf_token_with_holes(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    babel.domain_instance = RequestCatalogDomain()  # the same domain ("messages"), found once per request
    rate_limit_hooks.init_app(app, limiter)  # limiter.init_app, its hooks only where a limit applies
    rate_limit_headers.init_app(app)
    init_huey(app)
    register_session_hooks()
    tallies.register_session_hooks()
    webhook_events.register_session_hooks()

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "strong"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"

    from webinars.accounts.sessions import load_user

    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    from webinars.accounts.routes import bp as accounts_bp
    from webinars.agenda.routes import bp as agenda_bp
    from webinars.agreements.routes import bp as agreements_bp
    from webinars.agreements.signing_routes import bp as signing_bp
    from webinars.certificates.routes import bp as certificates_bp
    from webinars.demo.commands import bp as demo_bp
    from webinars.events.routes import bp as events_bp
    from webinars.feedback.routes import bp as feedback_bp
    from webinars.invites.routes import bp as invites_bp
    from webinars.jobs import bp as jobs_bp
    from webinars.joining.routes import bp as joining_bp
    from webinars.mail.routes import bp as mail_bp
    from webinars.messages.routes import bp as messages_bp
    from webinars.organizations.routes import bp as organizations_bp
    from webinars.people.routes import bp as people_bp
    from webinars.privacy.routes import bp as privacy_bp
    from webinars.public.routes import bp as public_bp
    from webinars.registration.public_routes import bp as registration_bp
    from webinars.registration.manage_routes import bp as registration_admin_bp
    from webinars.sharing.routes import bp as sharing_bp
    from webinars.speakers.routes import bp as speakers_bp
    from webinars.speakers.space_routes import bp as speaker_space_bp
    from webinars.summaries.followup_routes import bp as followups_bp
    from webinars.summaries.public_routes import bp as public_summaries_bp
    from webinars.summaries.routes import bp as summaries_bp
    from webinars.webhooks.routes import bp as webhooks_bp

    for blueprint in (
        public_bp, accounts_bp, events_bp, people_bp, agenda_bp, registration_bp, demo_bp, jobs_bp,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(invites_bp)
    app.register_blueprint(registration_admin_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(agreements_bp)
    app.register_blueprint(signing_bp)
    app.register_blueprint(summaries_bp)
    app.register_blueprint(public_summaries_bp)
    app.register_blueprint(followups_bp)
    app.register_blueprint(privacy_bp)

    app.register_blueprint(speakers_bp)
    app.register_blueprint(speaker_space_bp)

    app.register_blueprint(joining_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(organizations_bp)
    app.register_blueprint(webhooks_bp)

    from webinars.api import setup as api_setup
    from webinars.api_tokens.routes import bp as api_tokens_bp

    app.register_blueprint(api_tokens_bp)
    api_setup.init_app(app)
    app.register_blueprint(sharing_bp)

    from webinars.extensions import csrf
    from webinars.personal_links.no_csrf import exempt_personal_link_pages

    exempt_personal_link_pages(app, csrf)  # once every route is known


def register_request_hooks(app: Flask) -> None:
    from webinars.i18n import remember_language
    from webinars.security import SecurityHeaders, keep_private_pages_private

    app.wsgi_app = SecurityHeaders(app, app.wsgi_app)
    app.after_request(keep_private_pages_private)
    app.after_request(remember_language)
    # Registered last, so that it keeps pages before the hooks above add their headers again
    # (the security headers are added outside, to every response).
    from webinars import page_cache

    page_cache.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from webinars.templating import register

    register(app)


def register_errorhandlers(app: Flask) -> None:
    from webinars.errors import register

    register(app)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)


def _install_csrf_token_with_holes(app: Flask) -> None:
    """Templates' ``csrf_token()`` (a global, and a context variable for render_template) answers a
    hole while a part is rendered once for every visitor (webinars/rendered_parts.py)."""
    from webinars.personal_links import no_csrf
    from webinars.rendered_parts import csrf_token

    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["csrf_token_needed"] = no_csrf.csrf_token_needed
    app.context_processor(lambda: {"csrf_token": csrf_token})
