"""Public pages: a signatory's personal signing page, and the verification of a signed agreement."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from webinars.agreements import lookup, signing
from webinars.agreements.errors import AgreementError, AlreadyAnswered, DocumentChanged, NameNotConfirmed
from webinars.agreements.forms import DeclineForm, SignForm, VerifyCodeForm, VerifyFileForm
from webinars.agreements.models import Agreement, Signatory
from webinars.agreements.notifications import pdf_filename
from webinars.certificates import service as certificates
from webinars.extensions import db

bp = Blueprint("signing", __name__)


@bp.after_request
def keep_private(response):
    """Signing pages carry a personal token: no caches, no search engines."""
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Robots-Tag", "noindex")
    return response


class InvalidLink(Exception):
    pass


@bp.errorhandler(InvalidLink)
def invalid_link(error):
    return render_template("signing/invalid.html"), 404


def _signatory_or_404(token: str) -> Signatory:
    """Unknown, replaced by a newer link, or mistyped: all look the same."""
    signatory = lookup.signatory_for_token(token)
    if signatory is None:
        raise InvalidLink()
    return signatory


def _visitor() -> tuple[str | None, str | None]:
    return request.remote_addr, request.user_agent.string or None


def _render_signing_page(
    signatory: Signatory,
    sign_form: SignForm,
    decline_form: DeclineForm,
    status: int = 200,
    name_check: NameNotConfirmed | None = None,
):
    agreement = signatory.agreement
    return (
        render_template(
            "signing/sign.html",
            signatory=signatory,
            agreement=agreement,
            webinar=agreement.webinar,
            sign_form=sign_form,
            decline_form=decline_form,
            name_check=name_check,
        ),
        status,
    )


def _render_closed(signatory: Signatory, error: AgreementError):
    """The link works but there is nothing to do: already answered, withdrawn, declined or expired."""
    if isinstance(error, AlreadyAnswered):
        status = 409 if request.method == "POST" else 200
    else:
        status = 410
    agreement = signatory.agreement
    return (
        render_template(
            "signing/closed.html",
            signatory=signatory,
            agreement=agreement,
            webinar=agreement.webinar,
            message=error.message,
            answered=isinstance(error, AlreadyAnswered),
        ),
        status,
    )


@bp.route("/sign/<token>", methods=["GET", "POST"])
def sign(token: str):
    signatory = _signatory_or_404(token)
    try:
        signing.check_signable(signatory)
    except AgreementError as error:
        return _render_closed(signatory, error)
    agreement = signatory.agreement
    sign_form = SignForm()
    decline_form = DeclineForm(prefix="decline")
    if request.method == "GET":
        signing.record_opening(signatory, *_visitor())
        db.session.commit()
        sign_form.document_sha256.data = decline_form.document_sha256.data = agreement.document_sha256
        return _render_signing_page(signatory, sign_form, decline_form)
    if not sign_form.validate_on_submit():
        return _render_signing_page(signatory, sign_form, decline_form, 422)
    ip_address, user_agent = _visitor()
    details = signing.SignatureDetails(
        typed_name=sign_form.typed_name.data,
        document_sha256=sign_form.document_sha256.data,
        signature_png=sign_form.drawn_png,
        ip_address=ip_address,
        user_agent=user_agent,
        name_confirmed=sign_form.name_confirmed,
    )
    try:
        signing.sign(signatory, details)
    except NameNotConfirmed as error:
        # A second step, not an error: the signer confirms the name they typed, or corrects it.
        db.session.rollback()
        sign_form.ask_to_confirm(error.typed_name)
        return _render_signing_page(signatory, sign_form, decline_form, 422, name_check=error)
    except DocumentChanged as error:
        db.session.rollback()
        sign_form.form_errors.append(error.message)
        sign_form.document_sha256.data = decline_form.document_sha256.data = signatory.agreement.document_sha256
        return _render_signing_page(signatory, sign_form, decline_form, 409)
    except AgreementError as error:
        db.session.rollback()
        return _render_closed(signatory, error)
    db.session.commit()
    flash(_("Thank you: your signature is recorded."), "success")
    return redirect(url_for("signing.sign", token=token))


@bp.route("/sign/<token>/signed.pdf")
def signed_pdf(token: str):
    """The signed PDF, for each signatory of a completed agreement, from their own link."""
    signatory = _signatory_or_404(token)
    agreement = signatory.agreement
    if not agreement.is_completed:
        abort(404)
    pdf = db.session.scalar(select(Agreement.pdf).where(Agreement.id == agreement.id))
    if pdf is None:
        abort(404)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf_filename(agreement.title or "")}"'
    return response


@bp.post("/sign/<token>/decline")
def decline(token: str):
    signatory = _signatory_or_404(token)
    try:
        signing.check_signable(signatory)
    except AgreementError as error:
        return _render_closed(signatory, error)
    decline_form = DeclineForm(prefix="decline")
    if not decline_form.validate_on_submit():
        sign_form = SignForm(formdata=None)
        sign_form.document_sha256.data = signatory.agreement.document_sha256
        return _render_signing_page(signatory, sign_form, decline_form, 422)
    try:
        signing.decline(signatory, decline_form.reason.data, decline_form.document_sha256.data or "", *_visitor())
    except AgreementError as error:
        db.session.rollback()
        return _render_closed(signatory, error)
    db.session.commit()
    flash(_("Your answer is recorded: you declined. The organizer will see your reason."), "success")
    return redirect(url_for("signing.sign", token=token))


# --- verification ----------------------------------------------------------------------


@bp.route("/verify")
def verify_lookup():
    form = VerifyCodeForm(request.args)
    if "code" in request.args and form.validate():
        code = lookup.normalize_code(form.code.data)
        # One page checks both kinds of documents: signed agreements and certificates of attendance.
        if code is not None and (
            lookup.agreement_for_code(code) is not None or certificates.certificate_for_code(code) is not None
        ):
            return redirect(url_for("signing.verify", code=code))
        return _code_not_found(form)
    return render_template("signing/verify_lookup.html", form=form), 422 if form.errors else 200


def _code_not_found(form: VerifyCodeForm):
    form.code.errors = [
        _("No signed agreement nor certificate has this verification code. Check it on the PDF (the last page of an agreement).")
    ]
    return render_template("signing/verify_lookup.html", form=form), 404


@bp.route("/verify/<code>", methods=["GET", "POST"])
def verify(code: str):
    agreement = lookup.agreement_for_code(code)
    if agreement is None:
        certificate = certificates.certificate_for_code(code)
        if certificate is None:
            return _code_not_found(VerifyCodeForm(data={"code": code}))
        if code != certificate.code:
            return redirect(url_for("signing.verify", code=certificate.code))
        if request.method == "POST":
            abort(405)  # a certificate's PDF is made on demand: there is no stored file to compare
        # 410 for a revoked certificate: whoever checks it (a program too) learns it no longer holds.
        status = 410 if certificate.is_revoked else 200
        return render_template("certificates/verify.html", certificate=certificate, webinar=certificate.webinar), status
    if code != agreement.verification_code:
        return redirect(url_for("signing.verify", code=agreement.verification_code))
    form = VerifyFileForm()
    authentic = None
    if form.validate_on_submit():
        uploaded = hashlib.sha256(form.pdf.data.read()).hexdigest()
        authentic = uploaded == _stored_pdf_sha256(agreement)
    return (
        render_template(
            "signing/verify.html", agreement=agreement, webinar=agreement.webinar, form=form, authentic=authentic
        ),
        422 if form.is_submitted() and form.errors else 200,
    )


def _stored_pdf_sha256(agreement: Agreement) -> str | None:
    """The hash of the PDF as stored (recomputed: a changed column must not vouch for a changed file)."""
    pdf = db.session.scalar(select(Agreement.pdf).where(Agreement.id == agreement.id))
    return hashlib.sha256(pdf).hexdigest() if pdf is not None else None
