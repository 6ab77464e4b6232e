"""Organizer pages of a webinar's agreements: drafting releases and conventions, sending, reminding,
withdrawing, and each agreement's page and signed PDF. The templates' pages are in ``template_routes``.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload, undefer

from webinars.agreements import audit, drafting, lookup, release_warnings, rendering, sending, templates_service
from webinars.agreements.access import agreement_for_organizer_or_404, signatory_in_or_404
from webinars.agreements.commands import verify_command
from webinars.agreements.errors import AgreementError
from webinars.agreements.forms import ConventionForm, PartiesForm, ReleasesForm, WithdrawForm, template_choices
from webinars.agreements.models import Agreement, AgreementKind, AgreementTemplate, Signatory
from webinars.agreements.notifications import pdf_filename
from webinars.agreements.pdf import png_data_url, trail_rows
from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.people.models import Participation

bp = Blueprint("agreements", __name__, cli_group="agreements")
bp.cli.add_command(verify_command)
# The webinar's overview (events/detail.html) warns about releases not signed before the event.
bp.add_app_template_global(release_warnings.unsigned_releases, "unsigned_releases")


def _actor() -> str:
    return audit.organizer_actor(current_user)


# --- a webinar's agreements ----------------------------------------------------------------


def _webinar(webinar_id: int) -> Webinar:
    return webinar_for_organizer_or_404(
        webinar_id,
        options=[
            selectinload(Webinar.organization),
            selectinload(Webinar.participations).selectinload(Participation.person),
        ],
    )


def _template_menu(webinar: Webinar, kind: AgreementKind):
    """The organization's templates of a kind, titled with this webinar's facts filled in."""
    templates = templates_service.templates_of(webinar.organization, kind)
    context = rendering.webinar_context(webinar, webinar.language.value)
    language = current_language()
    return template_choices(
        templates, {template.id: templates_service.listed_title(template, language, context) for template in templates}
    )


def _releases_form(webinar: Webinar) -> ReleasesForm:
    form = ReleasesForm()
    form.template_id.choices = _template_menu(webinar, AgreementKind.RELEASE)
    return form


def _convention_form(webinar: Webinar) -> ConventionForm:
    form = ConventionForm()
    form.template_id.choices = _template_menu(webinar, AgreementKind.CONVENTION)
    return form


@bp.route("/manage/webinars/<int:webinar_id>/agreements")
@login_required
def index(webinar_id: int):
    webinar = _webinar(webinar_id)
    return _render_index(webinar, _releases_form(webinar))


def _render_index(webinar: Webinar, releases_form: ReleasesForm, status: int = 200):
    agreements = lookup.agreements_of(webinar)
    return (
        render_template(
            "agreements/index.html",
            webinar=webinar,
            agreements=agreements,
            titles={agreement.id: rendering.title_of(agreement, current_language()) for agreement in agreements},
            releases_form=releases_form,
            has_convention_templates=bool(
                templates_service.templates_of(webinar.organization, AgreementKind.CONVENTION)
            ),
        ),
        status,
    )


@bp.post("/manage/webinars/<int:webinar_id>/agreements/releases")
@login_required
def create_releases(webinar_id: int):
    """One click: a release for each moderator and speaker with an e-mail, sent at once."""
    webinar = _webinar(webinar_id)
    form = _releases_form(webinar)
    if not form.validate_on_submit():
        return _render_index(webinar, form, 422)
    template = db.session.get(AgreementTemplate, form.template_id.data)
    actor = _actor()
    try:
        result = drafting.create_release_drafts(webinar, template, actor)
    except AgreementError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("agreements.index", webinar_id=webinar.id))
    db.session.commit()
    if result.created:
        flash(
            ngettext(
                "%(num)d release drafted. Read it, then send it for signature.",
                "%(num)d releases drafted. Read each one, then send them for signature.",
                len(result.created),
            ),
            "success",
        )
    if result.without_email:
        flash(
            _("No e-mail address, so no release for: %(names)s. Add their address in People, then try again.",
              names=", ".join(p.full_name for p in result.without_email)),
            "warning",
        )
    if result.already_covered:
        flash(
            _("Already have a release in progress or signed: %(names)s.",
              names=", ".join(p.full_name for p in result.already_covered)),
            "info",
        )
    if not (result.created or result.without_email or result.already_covered):
        flash(_("This webinar has no moderator or speaker yet."), "warning")
    return redirect(url_for("agreements.index", webinar_id=webinar.id))


@bp.post("/manage/webinars/<int:webinar_id>/agreements/send-drafts")
@login_required
def send_drafts(webinar_id: int):
    """Every draft of the webinar sent at once, once the organizer has read them."""
    webinar = _webinar(webinar_id)
    try:
        count = sending.send_drafts(webinar, _actor())
    except AgreementError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(
            ngettext(
                "%(num)d agreement sent for signature.", "%(num)d agreements sent for signature.", count
            ),
            "success",
        )
    return redirect(url_for("agreements.index", webinar_id=webinar.id))


@bp.route("/manage/webinars/<int:webinar_id>/agreements/convention", methods=["GET", "POST"])
@login_required
def new_convention(webinar_id: int):
    webinar = _webinar(webinar_id)
    form = _convention_form(webinar)
    if form.validate_on_submit():
        template = db.session.get(AgreementTemplate, form.template_id.data)
        try:
            agreement = drafting.create_convention_draft(webinar, template, form.party_details(), _actor())
        except AgreementError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Draft saved. Read it below, then send it for signature."), "success")
            return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    return (
        render_template("agreements/convention_form.html", webinar=webinar, form=form),
        422 if form.is_submitted() else 200,
    )


# --- one agreement -----------------------------------------------------------------------


def _agreement(agreement_id: int) -> Agreement:
    return agreement_for_organizer_or_404(
        agreement_id,
        options=[
            selectinload(Agreement.signatories).options(undefer(Signatory.signature_png)),
            selectinload(Agreement.events),
        ],
    )


def _to_detail(agreement: Agreement):
    return redirect(url_for("agreements.detail", agreement_id=agreement.id))


@bp.route("/manage/agreements/<int:agreement_id>")
@login_required
def detail(agreement_id: int):
    agreement = _agreement(agreement_id)
    return _render_detail(agreement, WithdrawForm())


def _render_detail(agreement: Agreement, withdraw_form: WithdrawForm, status: int = 200):
    try:
        document, document_problem = rendering.document_of(agreement), None
    except AgreementError as error:
        document, document_problem = None, error.message
    return (
        render_template(
            "agreements/detail.html",
            agreement=agreement,
            webinar=agreement.webinar,
            document=document,
            document_problem=document_problem,
            signatures={s.id: png_data_url(s.signature_png) for s in agreement.signatories},
            trail=trail_rows(agreement),
            withdraw_form=withdraw_form,
        ),
        status,
    )


@bp.route("/manage/agreements/<int:agreement_id>/parties", methods=["GET", "POST"])
@login_required
def edit_parties(agreement_id: int):
    """A draft convention's parties and signatories, changed before it is sent."""
    agreement = _agreement(agreement_id)
    if agreement.kind is not AgreementKind.CONVENTION or not agreement.is_draft:
        flash(_("Only the parties of a draft convention can be changed."), "error")
        return _to_detail(agreement)
    form = PartiesForm(data=PartiesForm.initial_data(drafting.party_details_of(agreement)))
    if form.validate_on_submit():
        try:
            drafting.update_convention_parties(agreement, form.party_details(), _actor())
        except AgreementError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Parties saved. Read the draft again below, then send it for signature."), "success")
            return _to_detail(agreement)
    return (
        render_template(
            "agreements/parties_form.html",
            agreement=agreement,
            webinar=agreement.webinar,
            title=rendering.title_of(agreement, current_language()),
            form=form,
        ),
        422 if form.is_submitted() else 200,
    )


@bp.post("/manage/agreements/<int:agreement_id>/send")
@login_required
def send(agreement_id: int):
    agreement = _agreement(agreement_id)
    try:
        sending.send_agreement(agreement, _actor())
    except AgreementError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Sent: each signatory received their personal link by e-mail."), "success")
    return _to_detail(agreement)


@bp.post("/manage/agreements/<int:agreement_id>/remind")
@login_required
def remind(agreement_id: int):
    agreement = _agreement(agreement_id)
    try:
        count = sending.remind_pending(agreement, _actor())
    except AgreementError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(
            ngettext(
                "Reminder sent to %(num)d signatory, with a new link.",
                "Reminder sent to %(num)d signatories, each with a new link.",
                count,
            ),
            "success",
        )
    return _to_detail(agreement)


@bp.post("/manage/agreements/<int:agreement_id>/signatories/<int:signatory_id>/resend")
@login_required
def resend_link(agreement_id: int, signatory_id: int):
    agreement = _agreement(agreement_id)
    signatory = signatory_in_or_404(agreement, signatory_id)
    revoke_earlier = request.form.get("revoke_earlier") == "1"
    try:
        sending.resend_link(signatory, _actor(), revoke_earlier=revoke_earlier)
    except AgreementError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        if revoke_earlier:
            message = _("A new link was sent to %(email)s. The links sent before no longer work.", email=signatory.email)
        else:
            message = _("A new link was sent to %(email)s. The links sent before still work.", email=signatory.email)
        flash(message, "success")
    return _to_detail(agreement)


@bp.post("/manage/agreements/<int:agreement_id>/withdraw")
@login_required
def withdraw(agreement_id: int):
    agreement = _agreement(agreement_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _render_detail(agreement, form, 422)
    try:
        sending.withdraw(agreement, _actor(), form.reason.data)
    except AgreementError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The agreement is withdrawn: its links no longer work."), "success")
    return _to_detail(agreement)


@bp.route("/manage/agreements/<int:agreement_id>/signed.pdf")
@login_required
def download_pdf(agreement_id: int):
    agreement = agreement_for_organizer_or_404(agreement_id, options=[undefer(Agreement.pdf)])
    if agreement.pdf is None:
        abort(404)
    response = Response(agreement.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf_filename(agreement.title or "")}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# The organization's agreement templates have their pages in their own module, on this blueprint.
from webinars.agreements import template_routes  # noqa: E402,F401
