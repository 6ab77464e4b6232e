"""Configuration: defaults here, then ``WEBINARS_*`` environment variables, then a test's dict."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask


class DefaultConfig:
    ENV_NAME = "development"  # WEBINARS_ENV_NAME=production in deployments
    BASE_URL = "http://127.0.0.1:5000"
    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    REDIS_URL: str | None = None
    SMTP_URL: str | None = None  # unset: mails are written as .eml files into instance/outbox/
    MAIL_FROM = "Webinars <webinars@localhost>"
    HUEY_IMMEDIATE = False  # tests run jobs in-process
    SECRET_KEY: str | None = None
    DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("fr", "en")
    BABEL_DEFAULT_LOCALE = "en"
    INVITATION_TTL_HOURS = 72
    AGREEMENT_LINK_TTL_DAYS = 14  # signing links of agreements; a reminder sends a fresh one
    # Calendar updates go out once a webinar has not been edited for this long (one mail for several edits).
    CALENDAR_UPDATE_QUIET_MINUTES = 5
    # Registrants answer the feedback survey (and change their answers) until this many days after the end.
    FEEDBACK_OPEN_DAYS = 14
    # Fonts embedded in certificates, in order of preference (Debian's fonts-noto-core and
    # fonts-dejavu-core): Latin with accents and Arabic script. webinars/certificates/fonts.py.
    CERTIFICATE_FONT_FILES = (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    )
    MAX_PHOTO_BYTES = 2 * 1024 * 1024
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # tie the token to the session, not to a clock
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"  # per process; WEBINARS_REDIS_URL shares limits between servers
    PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's memory-hard default
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    REGISTRATION_RATE_LIMIT = "20 per minute;200 per hour"  # registration POSTs per client address
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers
    # are trusted (client address for rate limits, https scheme). 0: none.
    TRUSTED_PROXIES = 0
    # Summary figures of webinars with at least this many registrations are kept per app process
    # and reused until a registration changes (webinars/summaries/figures_cache.py); smaller
    # webinars are counted afresh, which is faster than checking whether anything changed.
    SUMMARY_FIGURES_CACHE_FROM = 2000
    # Seconds each app process keeps the public pages it rendered for visitors without cookies
    # (webinars/page_cache.py); unset: 5, or 0 under TESTING. 0 turns it off.
    PUBLIC_PAGE_CACHE_SECONDS: float | None = None


def normalize_database_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def finalize(app: Flask) -> None:
    """Derive the settings that depend on others, once everything is loaded."""
    config = app.config
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)

    url = config.get("DATABASE_URL") or f"sqlite:///{instance / 'webinars.sqlite3'}"
    config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(url)

    if not config.get("SECRET_KEY"):
        if config["ENV_NAME"] == "production":
            raise RuntimeError(
                "WEBINARS_SECRET_KEY must be set in production "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        config["SECRET_KEY"] = _development_secret_key(instance)

    # Cookies are marked Secure whenever the site is served over HTTPS.
    secure = urlsplit(config["BASE_URL"]).scheme == "https" or config["ENV_NAME"] == "production"
    config["SESSION_COOKIE_SECURE"] = secure
    config["REMEMBER_COOKIE_SECURE"] = secure

    if config.get("REDIS_URL") and config.get("RATELIMIT_STORAGE_URI") == "memory://":
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]


def _development_secret_key(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive restarts in development."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
