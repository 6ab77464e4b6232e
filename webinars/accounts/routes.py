"""Sign-in, sign-out, and the organizer's home."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from webinars.accounts.forms import LoginForm
from webinars.accounts.models import User
from webinars.accounts.service import normalize_email, organizations_of
from webinars.extensions import db, limiter
from webinars.security import is_safe_next

bp = Blueprint("accounts", __name__)


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == normalize_email(form.email.data)))
        if user is not None and user.check_password(form.password.data):
            target = form.next.data if is_safe_next(form.next.data) else url_for("accounts.home")
            # A fresh session at sign-in: nothing planted before it survives.
            session.clear()
            login_user(user)
            return redirect(target)
        form.password.errors.append(_("Wrong e-mail or password."))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/manage/")
@login_required
def home():
    """Straight to the dashboard for one organization; a choice for several."""
    organizations = organizations_of(current_user)
    if len(organizations) == 1:
        return redirect(url_for("events.dashboard", org_slug=organizations[0].slug))
    return render_template("accounts/home.html", organizations=organizations)
