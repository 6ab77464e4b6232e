"""Configuration: defaults here, then ``WEBINARS_*`` environment variables, then a test's dict."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask


ENV_NAMES = ("development", "production")


class ConfigurationError(RuntimeError):
    """A setting that would make the app run other than the operator meant: it does not start."""


class DefaultConfig:
    ENV_NAME = "development"  # WEBINARS_ENV_NAME=production in deployments (any case)
    BASE_URL = "http://127.0.0.1:5000"
    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    REDIS_URL: str | None = None
    SMTP_URL: str | None = None  # unset: mails are written as .eml files into instance/outbox/
    MAIL_FROM = "Webinars <webinars@localhost>"
    # Delivery of the outbox (webinars/mail/claims.py). A worker picks up DELIVERY_BATCH_SIZE due
    # messages at a time and claims each one just before sending it. What it picked up but has not
    # started yet goes to another worker after DELIVERY_RESERVATION_SECONDS (it died, or its mail
    # server is slow); a message whose sending started and never ended (the worker died mid-send) is
    # sent again after DELIVERY_CLAIM_SECONDS, which must stay well above one send (SMTP_TIMEOUT_SECONDS).
    DELIVERY_BATCH_SIZE = 50
    DELIVERY_RESERVATION_SECONDS = 60
    DELIVERY_CLAIM_SECONDS = 600
    # Temporary failures: retried after 1, 2, 4... minutes, at most an hour apart, for two days.
    DELIVERY_RETRY_SECONDS = 60
    DELIVERY_RETRY_MAX_SECONDS = 3600
    DELIVERY_GIVE_UP_HOURS = 48
    # Webhooks (webinars/webhooks/): delivered through the same outbox protocol as mail, retried after
    # 1, 2, 4... minutes (WEBHOOK_RETRY_SECONDS, the base of the exponential backoff), at most an hour
    # apart, for three days. An endpoint that has failed for WEBHOOK_DISABLE_AFTER_HOURS without a
    # single success is disabled and its organization's owners are told by e-mail.
    WEBHOOK_RETRY_SECONDS = 60
    WEBHOOK_RETRY_MAX_SECONDS = 3600
    WEBHOOK_GIVE_UP_HOURS = 72
    WEBHOOK_DISABLE_AFTER_HOURS = 5 * 24
    WEBHOOK_TIMEOUT_SECONDS = 10  # the whole of one call (connecting, sending, reading the answer)
    # Hosts that webhooks may reach although they resolve to a loopback, private, link-local or
    # metadata address (comma- or space-separated; an internal receiver, the tests' local one).
    WEBHOOK_ALLOWED_HOSTS = ""
    SMTP_TIMEOUT_SECONDS = 30  # each network step of a send; a server slower than this counts as down
    # Connecting to Redis and each command: a Redis that is down or hung costs a request at most this,
    # after which rate limits use the process's memory and wake-up calls are left to the sweep.
    REDIS_TIMEOUT_SECONDS = 0.5
    # How often each worker runs the periodic sweep (due reminders, lost wake-up calls...).
    SWEEP_SECONDS = 60
    # A dependency that is down is logged once per this many seconds, not once per failure.
    OUTAGE_LOG_SECONDS = 60
    # The Retry-After of the 503 page shown while the database cannot be reached.
    UNAVAILABLE_RETRY_AFTER_SECONDS = 30
    HUEY_IMMEDIATE = False  # tests run jobs in-process
    SECRET_KEY: str | None = None
    DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("fr", "en")
    BABEL_DEFAULT_LOCALE = "en"
    INVITATION_TTL_HOURS = 72
    AGREEMENT_LINK_TTL_DAYS = 14  # signing links of agreements; a reminder sends a fresh one
    # Calendar updates go out once a webinar has not been edited for this long (one mail for several edits).
    CALENDAR_UPDATE_QUIET_MINUTES = 5
    # The retention job (webinars/privacy/retention.py) runs from the workers' sweep at most once per this many minutes.
    RETENTION_JOB_INTERVAL_MINUTES = 24 * 60

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
    # Webinar cover images (webinars/events/images.py); partner logos take MAX_PHOTO_BYTES.
    MAX_COVER_BYTES = 5 * 1024 * 1024
    # Attendance reports (registration/attendance_imports.py): participant rows one import takes
    # (60,000 is about what a 5 MB Zoom report holds), and how long a running import may go
    # without a sign of life from its worker before another worker takes it again.
    ATTENDANCE_IMPORT_MAX_ROWS = 60_000
    ATTENDANCE_IMPORT_CLAIM_SECONDS = 600

    # Speakers' slides (PDF); their uploads alone may exceed MAX_CONTENT_LENGTH (speakers/access.py).
    MAX_SLIDES_BYTES = 20 * 1024 * 1024
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A signed-in session ends after this long without a request, and in any case this long
    # after signing in (webinars/accounts/sessions.py).
    SESSION_IDLE_HOURS = 12
    SESSION_LIFETIME_DAYS = 30
    WTF_CSRF_TIME_LIMIT = None  # tie the token to the session, not to a clock
    RATELIMIT_HEADERS_ENABLED = False  # written where they are read: webinars/rate_limit_headers.py
    RATELIMIT_STORAGE_URI = "memory://"  # per process; WEBINARS_REDIS_URL shares limits between servers
    PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's memory-hard default
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    REGISTRATION_RATE_LIMIT = "20 per minute;200 per hour"  # registration POSTs per client address
    API_RATE_LIMIT = "600 per minute;20000 per hour"  # requests per API token (webinars/api/blueprint.py)
    # The OpenAPI document of the API (APIFlask): version 3.1, without a "servers" list guessed from a request.
    OPENAPI_VERSION = "3.1.0"
    AUTO_SERVERS = False
    # How long the registration form embedded in another site stays valid once loaded (seconds).
    EMBED_TOKEN_MAX_AGE = 6 * 3600
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
    # Parts of public pages each app process keeps rendered, keyed by the rows they show
    # (webinars/rendered_parts.py); 0 renders them on every request.
    RENDERED_PARTS_CACHE_SIZE = 512


def normalize_database_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def finalize(app: Flask) -> None:
    """Derive the settings that depend on others, once everything is loaded."""
    config = app.config
    config["ENV_NAME"] = env_name(config["ENV_NAME"])
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)

    url = config.get("DATABASE_URL") or f"sqlite:///{instance / 'webinars.sqlite3'}"
    config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(url)

    if not config.get("SECRET_KEY"):
        if config["ENV_NAME"] == "production":
            raise ConfigurationError(
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
    if config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        # Shared limits while Redis answers; each process counts on its own while it does not,
        # instead of refusing (or holding) every request that has a limit.
        config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
        config["RATELIMIT_STORAGE_OPTIONS"] = {
            **redis_client_options(float(config["REDIS_TIMEOUT_SECONDS"])),
            **config.get("RATELIMIT_STORAGE_OPTIONS", {}),
        }


def redis_client_options(timeout: float) -> dict:
    """Options of every Redis client of the app: short timeouts, and no retry of a failed command
    (redis-py retries three times by default, which multiplies the wait on a hung server)."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {"socket_connect_timeout": timeout, "socket_timeout": timeout, "retry": Retry(NoBackoff(), 0)}


def env_name(value: object) -> str:
    """``production`` or ``development``, in any case; anything else stops the start: a typo
    such as ``prod`` must not run a production site with development settings."""
    name = str(value).strip().lower()
    if name not in ENV_NAMES:
        raise ConfigurationError(
            f"WEBINARS_ENV_NAME must be one of {', '.join(ENV_NAMES)} (in any case), not {value!r}"
        )
    return name


def _development_secret_key(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive restarts in development."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
