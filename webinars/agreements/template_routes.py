"""Organizer pages of the organization's agreement templates: the list, creating, editing (with a
preview of the filled-in text) and deleting. They are views of the agreements blueprint.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from webinars.accounts.service import organization_for_member_or_404
from webinars.agreements import templates_service
from webinars.agreements.access import template_for_organizer_or_404
from webinars.agreements.forms import TemplateForm
from webinars.agreements.models import AgreementKind, AgreementTemplate
from webinars.agreements.routes import bp
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.urls import back_to


@bp.route("/manage/<org_slug>/agreement-templates")
@login_required
def templates(org_slug: str):
    organization = organization_for_member_or_404(org_slug)
    templates = templates_service.templates_of(organization)
    language = current_language()
    return render_template(
        "agreements/templates.html",
        organization=organization,
        templates=templates,
        titles={template.id: templates_service.listed_title(template, language) for template in templates},
    )


def _render_template_form(form: TemplateForm, organization, template: AgreementTemplate | None = None):
    language = current_language()
    preview = templates_service.preview(template, language) if template is not None else None
    return (
        render_template(
            "agreements/template_form.html",
            form=form,
            organization=organization,
            template=template,
            template_title=templates_service.listed_title(template, language) if template is not None else None,
            preview=preview,
            placeholder_lists={kind: templates_service.placeholder_rows(kind, language) for kind in AgreementKind},
            placeholder_hints=templates_service.placeholder_hints(language),
        ),
        422 if form.is_submitted() else 200,
    )


def _apply_template_problems(form: TemplateForm, error: templates_service.TemplateRejected) -> None:
    for field_name, messages in error.messages.items():
        getattr(form, field_name).errors.extend(messages)


@bp.route("/manage/<org_slug>/agreement-templates/new", methods=["GET", "POST"])
@login_required
def new_template(org_slug: str):
    organization = organization_for_member_or_404(org_slug)
    form = TemplateForm()
    if form.validate_on_submit():
        try:
            template = templates_service.create_template(organization, form.details(), current_language())
        except templates_service.TemplateRejected as error:
            db.session.rollback()
            _apply_template_problems(form, error)
        else:
            db.session.commit()
            flash(_("Template saved. Check the preview below."), "success")
            return redirect(back_to(url_for("agreements.edit_template", template_id=template.id)))
    return _render_template_form(form, organization)


@bp.route("/manage/agreement-templates/<int:template_id>/edit", methods=["GET", "POST"])
@login_required
def edit_template(template_id: int):
    template = template_for_organizer_or_404(template_id)
    form = TemplateForm(data=TemplateForm.initial_data(template, current_language()))
    if form.validate_on_submit():
        try:
            templates_service.update_template(template, form.details(), current_language())
        except templates_service.TemplateRejected as error:
            db.session.rollback()
            _apply_template_problems(form, error)
        else:
            db.session.commit()
            flash(_("Template saved. Agreements already sent keep the text they were sent with."), "success")
            return redirect(back_to(url_for("agreements.edit_template", template_id=template.id)))
    return _render_template_form(form, template.organization, template)


@bp.post("/manage/agreement-templates/<int:template_id>/delete")
@login_required
def delete_template(template_id: int):
    template = template_for_organizer_or_404(template_id)
    organization = template.organization
    templates_service.delete_template(template)
    db.session.commit()
    flash(_("Template deleted. Agreements made from it keep their text."), "success")
    return redirect(url_for("agreements.templates", org_slug=organization.slug))
