"""Unbound extension objects, bound to the app in ``create_app``."""

from flask import session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from webinars.database import Base


class SignedInSessionProtection(LoginManager):
    """Flask-Login's manager, its "strong" session protection applied to sessions that sign someone in.

    Flask-Login skips the check for an empty session (an anonymous visitor), but a visitor who opened a
    form has a session that holds only the form's CSRF token: the check took it for a stolen one, and on
    every page after that wrote the session again and sent it with an expired "remember me" cookie (two
    Set-Cookie headers and a signature per page). A session that signs nobody in has nothing to protect;
    a "remember me" cookie opens nothing here anyway (webinars/accounts/sessions.py)."""

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = SignedInSessionProtection()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
