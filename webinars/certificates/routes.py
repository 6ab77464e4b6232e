"""Certificates of attendance: the organizer's settings and list (issue, revoke, reinstate), the holder's
page (``/r/<token>/certificate``: correct the name once, download the PDF)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webinars import cleaning, clock
from webinars.accounts.service import require_membership
from webinars.certificates import service
from webinars.certificates.forms import CertificateSettingsForm, NameCorrectionForm, RevokeForm
from webinars.certificates.models import Certificate
from webinars.certificates.pdf import certificate_filename, certificate_pdf
from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import Participation
from webinars.registration.access import registration_for_token_or_404
from webinars.registration.models import Registration

bp = Blueprint("certificates", __name__)

PAGE_SIZE = 100


@bp.after_request
def keep_private(response):
    """Names of attendees, and the holder's page carries their token."""
    response.headers["Cache-Control"] = "private, no-store"
    if request.endpoint in ("certificates.holder", "certificates.download"):
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --- the organizer ---------------------------------------------------------------------------


def certificate_for_organizer_or_404(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    require_membership(db.session.get(Webinar, certificate.webinar_id).organization_id)
    return certificate


@bp.route("/manage/webinars/<int:webinar_id>/certificates", methods=["GET", "POST"])
@login_required
def index(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    settings = service.settings_of(webinar.id)
    form = CertificateSettingsForm(
        data={"enabled": settings.enabled, "minimum_minutes": settings.minimum_minutes} if settings else None
    )
    now = clock.now()
    if form.validate_on_submit():
        service.save_settings(webinar, enabled=form.enabled.data, minimum_minutes=form.minimum_minutes.data)
        issued = service.issue_all(webinar, now)
        db.session.commit()
        if not form.enabled.data:
            flash(_("Certificates are off: nobody gets a new one. Those issued stay valid unless you revoke them."), "success")
        elif webinar.ends_at > now:
            flash(_("Certificates are on: attendees get theirs once the webinar has ended."), "success")
        else:
            flash(ngettext("Certificates are on. %(num)d issued now.", "Certificates are on. %(num)d issued now.", issued), "success")
        return redirect(url_for(".index", webinar_id=webinar.id))
    page = request.args.get("page", 1, type=cleaning.page_number)
    certificates = db.session.scalars(
        select(Certificate)
        .where(Certificate.webinar_id == webinar.id)
        .options(selectinload(Certificate.registration))
        .order_by(Certificate.holder_name, Certificate.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    total = db.session.scalar(select(func.count()).where(Certificate.webinar_id == webinar.id))
    return (
        render_template(
            "certificates/index.html",
            webinar=webinar,
            form=form,
            certificates=certificates,
            total=total,
            page=page,
            has_next=page * PAGE_SIZE < total,
            has_report=service.has_report(webinar.id),
            has_ended=webinar.ends_at <= now,
            revoke_form=RevokeForm(formdata=None),
        ),
        422 if form.is_submitted() else 200,
    )


@bp.post("/manage/webinars/<int:webinar_id>/certificates/issue")
@login_required
def issue(webinar_id: int):
    """Certificates for those who became eligible since (a report imported, someone checked in)."""
    webinar = webinar_for_organizer_or_404(webinar_id)
    issued = service.issue_all(webinar, clock.now())
    db.session.commit()
    flash(ngettext("%(num)d certificate issued.", "%(num)d certificates issued.", issued), "success")
    return redirect(url_for(".index", webinar_id=webinar.id))


@bp.post("/manage/certificates/<int:certificate_id>/revoke")
@login_required
def revoke(certificate_id: int):
    certificate = certificate_for_organizer_or_404(certificate_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(form.reason.errors[0] if form.reason.errors else _("The certificate could not be revoked."), "error")
        return redirect(url_for(".index", webinar_id=certificate.webinar_id))
    service.revoke(certificate, form.reason.data, clock.now())
    db.session.commit()
    flash(_("The certificate of %(name)s is revoked: its verification page says so.", name=certificate.holder_name), "success")
    return redirect(url_for(".index", webinar_id=certificate.webinar_id))


@bp.post("/manage/certificates/<int:certificate_id>/reinstate")
@login_required
def reinstate(certificate_id: int):
    certificate = certificate_for_organizer_or_404(certificate_id)
    service.reinstate(certificate)
    db.session.commit()
    flash(_("The certificate of %(name)s is valid again.", name=certificate.holder_name), "success")
    return redirect(url_for(".index", webinar_id=certificate.webinar_id))


# --- the holder ------------------------------------------------------------------------------


def _holder_certificate(token: str) -> tuple[Registration, Certificate | None]:
    registration = registration_for_token_or_404(token)
    return registration, service.issue_for(registration, clock.now())


@bp.route("/r/<token>/certificate", methods=["GET", "POST"])
def holder(token: str):
    registration, certificate = _holder_certificate(token)
    form = NameCorrectionForm(data={"name": certificate.holder_name} if certificate else None)
    if certificate is not None and form.validate_on_submit():
        try:
            service.correct_name(certificate, form.name.data, clock.now())
        except service.CertificateError as refused:
            db.session.rollback()
            form.name.errors.append(refused.message)
        else:
            db.session.commit()
            flash(_("Your name is corrected: the certificate now reads “%(name)s”.", name=certificate.holder_name), "success")
            return redirect(url_for(".holder", token=token))
    db.session.commit()  # a certificate issued on this visit is kept, with its code
    status = 200
    if certificate is None:
        status = 404
    elif certificate.is_revoked:
        status = 410
    elif form.is_submitted() and form.errors:
        status = 422
    return (
        render_template(
            "certificates/holder.html",
            token=token,
            webinar=registration.webinar,
            certificate=certificate,
            form=form,
        ),
        status,
    )


@bp.get("/r/<token>/certificate.pdf")
def download(token: str):
    _registration, certificate = _holder_certificate(token)
    if certificate is None or certificate.is_revoked:
        db.session.rollback()
        return redirect(url_for(".holder", token=token))
    certificate = db.session.scalar(
        select(Certificate)
        .where(Certificate.id == certificate.id)
        .options(
            selectinload(Certificate.webinar).selectinload(Webinar.participations).selectinload(Participation.person),
            selectinload(Certificate.webinar).selectinload(Webinar.organization),
        )
    )
    pdf = certificate_pdf(certificate)
    service.record_download(certificate, clock.now())
    db.session.commit()
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate_filename(certificate)}"'
    return response
