"""The pages of personal data: the registrant's download and deletion behind ``/r/<token>``,
and an organization's Personal data page, where owners erase a person by e-mail address."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webinars import clock
from webinars.accounts.models import Organization, Role
from webinars.accounts.service import membership_for_member_or_404
from webinars.extensions import db
from webinars.privacy import download, erasure, registry
from webinars.privacy.commands import apply_retention_command, retention_command
from webinars.privacy.forms import ErasureForm
from webinars.privacy.models import ErasureRecord
from webinars.privacy.retention import anonymization_date, last_run
from webinars.registration.access import registration_for_token_or_404
from webinars.registration.service import ACTIVE_STATES

bp = Blueprint("privacy", __name__, cli_group="privacy")
bp.cli.add_command(retention_command)
bp.cli.add_command(apply_retention_command)

# Pages whose address carries the personal token.
TOKEN_ENDPOINTS = frozenset({"privacy.download_data", "privacy.delete"})


@bp.after_request
def keep_personal_data_private(response: Response) -> Response:
    """Every page here shows or holds someone's personal data: kept out of every cache."""
    response.headers["Cache-Control"] = "private, no-store"
    if request.endpoint in TOKEN_ENDPOINTS:
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --- The registrant's side ---------------------------------------------------------------------


@bp.get("/r/<token>/my-data.json")
def download_data(token: str):
    registration = registration_for_token_or_404(token)
    return Response(
        download.registrant_data_json(registration, clock.now()),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{download.filename(registration)}"'},
    )


@bp.route("/r/<token>/delete", methods=["GET", "POST"])
def delete(token: str):
    """A confirmation page, then the deletion, which cannot be undone."""
    registration = registration_for_token_or_404(token)
    webinar = registration.webinar
    if request.method == "POST":
        erasure.delete_registrant_data(registration, clock.now())
        db.session.commit()
        return redirect(url_for(".deleted"))
    organization = webinar.organization
    return render_template(
        "privacy/delete.html",
        token=token,
        registration=registration,
        webinar=webinar,
        frees_a_seat=registration.state in ACTIVE_STATES
        and not webinar.is_cancelled
        and webinar.ends_at > clock.now(),
        anonymized_on=anonymization_date(webinar.ends_at, organization.retention_months),
    )


@bp.get("/registration/deleted")
def deleted():
    return render_template("privacy/deleted.html")


# --- The organization's side ---------------------------------------------------------------------


def _labels() -> dict[str, str]:
    return {declaration.table: str(declaration.label or declaration.table) for declaration in registry.DECLARATIONS}


def _render_page(organization: Organization, is_owner: bool, form: ErasureForm | None, status: int = 200):
    return (
        render_template(
            "privacy/organization.html",
            organization=organization,
            is_owner=is_owner,
            form=form,
            erasures=erasure.erasures_of(organization),
            last_run=last_run(),
            labels=_labels(),
        ),
        status,
    )


@bp.get("/manage/<org_slug>/personal-data")
@login_required
def organization_page(org_slug: str):
    membership = membership_for_member_or_404(org_slug)
    is_owner = membership.role is Role.OWNER
    return _render_page(membership.organization, is_owner, ErasureForm() if is_owner else None)


@bp.post("/manage/<org_slug>/personal-data/erase")
@login_required
def erase(org_slug: str):
    """First the preview (what will be erased, what is kept), then, confirmed, the erasure."""
    organization = membership_for_member_or_404(org_slug, Role.OWNER).organization
    form = ErasureForm()
    if not form.validate():
        return _render_page(organization, True, form, 422)
    address = form.email.data
    now = clock.now()
    if form.confirmed.data != "1":
        return render_template(
            "privacy/preview.html",
            organization=organization,
            form=form,
            address=address,
            counts=erasure.preview_address_erasure(organization, address, now),
            earlier=erasure.erasures_of_address(organization, address),
            labels=_labels(),
        )
    record = erasure.erase_address(organization, address, current_user._get_current_object(), now)
    db.session.commit()
    flash(_("The personal data of this address is erased."), "success")
    return redirect(url_for(".erasure_record", org_slug=organization.slug, record_id=record.id))


@bp.get("/manage/<org_slug>/personal-data/erasures/<int:record_id>")
@login_required
def erasure_record(org_slug: str, record_id: int):
    organization = membership_for_member_or_404(org_slug).organization
    record = db.session.get(ErasureRecord, record_id)
    if record is None or record.organization_id != organization.id:
        abort(404)
    return render_template("privacy/erasure.html", organization=organization, record=record, labels=_labels())
