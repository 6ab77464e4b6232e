"""Sign-in, sign-out, the account page, forgotten passwords and the organizer's home.

The team's pages and accepting an invitation are in ``team_routes``, on the same blueprint.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import format_decimal, ngettext
from flask_login import current_user, login_required

from webinars.accounts import passwords, service, sessions
from webinars.accounts.commands import create_user_command
from webinars.accounts.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, NewPasswordForm
from webinars.extensions import db, limiter
from webinars.i18n import current_language
from webinars.security import is_safe_next

bp = Blueprint("accounts", __name__, cli_group="users")
bp.cli.add_command(create_user_command)


def _login_rate_limit() -> str:
    # Also limits "forgot password" requests (counted separately): both can be used to probe accounts.
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None, default: str) -> str:
    return target if is_safe_next(target) else default


# --- Sign-in ------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is not None:
            target = _safe_next(form.next.data, url_for("accounts.home"))
            sessions.start_session(user)
            return redirect(target)
        # One message for an unknown address and a wrong password.
        form.password.errors.append(_("Wrong e-mail or password."))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


# --- Forgotten passwords -------------------------------------------------------------


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The same work and the same answer whether or not the address has an account:
        # the worker decides whether it gets a link.
        passwords.request_password_reset(form.email.data, current_language())
        db.session.commit()
        passwords.wake_worker()
        return redirect(url_for("accounts.password_reset_sent"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password_forgot.html", form=form), status


@bp.route("/password/forgot/sent")
def password_reset_sent():
    return render_template("accounts/password_reset_sent.html")


_INVALID_RESET = {
    passwords.ResetNotFound: ("unknown", 404),
    passwords.ResetExpired: ("expired", 410),
    passwords.ResetUsed: ("used", 410),
}
_RESET_UNUSABLE = tuple(_INVALID_RESET)


def _invalid_reset_page(error: service.AccountError):
    reason, status = _INVALID_RESET[type(error)]
    return render_template("accounts/password_reset_invalid.html", reason=reason), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        reset = passwords.password_reset_for_token(token)
        form = NewPasswordForm()
        if form.validate_on_submit():
            user = passwords.reset_password(reset, form.password.data)
            db.session.commit()
            # Every other session of the account has ended; a fresh one here.
            sessions.start_session(user)
            flash(_("Your new password is set. You are signed in."), "success")
            return redirect(url_for("accounts.home"))
    except _RESET_UNUSABLE as error:
        # Also when a simultaneous request used the link, or it expired while the form was open.
        db.session.rollback()
        return _invalid_reset_page(error)
    status = 422 if form.is_submitted() else 200
    # The page's address is the secret: webinars/security.py keeps it out of caches and Referers.
    return render_template("accounts/password_reset.html", form=form, email=reset.user.email), status


@bp.post("/logout")
def logout():
    """Signing out ends every session of the account, not only this browser's: a copy of the
    cookie (a shared computer's, a stolen one) stops working too."""
    if current_user.is_authenticated:
        current_user.end_every_session()
        db.session.commit()
    sessions.end_session()
    flash(_("You are signed out."), "info")
    return redirect(_safe_next(request.args.get("next"), url_for("public.index")))


# --- The account page -------------------------------------------------------------


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Who is signed in, a new password (which signs out every other session), and "Sign out everywhere"."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            passwords.change_password(user, form.current_password.data, form.password.data)
        except passwords.WrongPassword:
            form.current_password.errors.append(_("This is not your current password."))
        else:
            db.session.commit()
            sessions.start_session(user)
            flash(_("Your password is changed. You are signed out everywhere else."), "success")
            return redirect(url_for("accounts.account"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/account.html", form=form, session_rules=_session_rules()), status


def _session_rules() -> str:
    """When sessions end, from the settings: "after 12 hours without activity, at the latest 30 days..."."""
    hours, days = float(current_app.config["SESSION_IDLE_HOURS"]), float(current_app.config["SESSION_LIFETIME_DAYS"])

    def plural_of(value: float) -> int:
        return int(value) if value.is_integer() else 2  # "0.5 days", "1.5 days"

    idle = ngettext("%(count)s hour", "%(count)s hours", plural_of(hours), count=format_decimal(hours))
    lifetime = ngettext("%(count)s day", "%(count)s days", plural_of(days), count=format_decimal(days))
    return _(
        "A session ends after %(idle)s without activity, and at the latest %(lifetime)s after signing in.",
        idle=idle,
        lifetime=lifetime,
    )


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    current_user.end_every_session()
    db.session.commit()
    sessions.end_session()
    flash(_("You are signed out on every device and browser."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/manage/")
@login_required
def home():
    """Straight to the dashboard for one organization; a choice for several."""
    organizations = service.organizations_of(current_user)
    if len(organizations) == 1:
        return redirect(url_for("events.dashboard", org_slug=organizations[0].slug))
    return render_template("accounts/home.html", organizations=organizations)


# The team's and the invitations' pages have their own module, on this blueprint.
from webinars.accounts import team_routes  # noqa: E402,F401
