"""The owners' page "API tokens": create (the token is shown once, on the answer to the POST), list, revoke."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webinars import clock
from webinars.accounts.models import Organization, Role
from webinars.accounts.service import organization_for_member_or_404
from webinars.api_tokens import service
from webinars.api_tokens.commands import create_token_command
from webinars.api_tokens.forms import ApiTokenForm
from webinars.api_tokens.models import ApiScope
from webinars.extensions import db

bp = Blueprint("api_tokens", __name__, cli_group="api-tokens")
bp.cli.add_command(create_token_command)


def _page(organization: Organization, form: ApiTokenForm, new_token: service.NewToken | None = None, status: int = 200):
    return (
        render_template(
            "api_tokens/index.html",
            organization=organization,
            tokens=service.tokens_of(organization),
            form=form,
            new_token=new_token,
        ),
        status,
    )


@bp.route("/manage/<org_slug>/api-tokens", methods=["GET", "POST"])
@login_required
def index(org_slug: str):
    organization = organization_for_member_or_404(org_slug, Role.OWNER)
    form = ApiTokenForm()
    if not form.is_submitted():
        return _page(organization, form)
    if not form.validate():
        return _page(organization, form, status=422)
    days = form.expiry_days()
    new_token = service.create_token(
        organization,
        form.name.data,
        ApiScope(form.scope.data),
        expires_at=clock.now() + timedelta(days=days) if days else None,
        created_by=current_user._get_current_object(),
    )
    db.session.commit()
    # Shown on this answer only (the page is never cached: webinars/security.py); only its hash is kept.
    return _page(organization, ApiTokenForm(formdata=None), new_token)


@bp.post("/manage/<org_slug>/api-tokens/<int:token_id>/revoke")
@login_required
def revoke(org_slug: str, token_id: int):
    organization = organization_for_member_or_404(org_slug, Role.OWNER)
    token = service.token_of(organization, token_id)
    if token is None:
        abort(404)
    service.revoke(token)
    db.session.commit()
    flash(_("The token “%(name)s” is revoked: scripts using it are refused from now on.", name=token.name), "success")
    return redirect(url_for("api_tokens.index", org_slug=organization.slug))
