"""Organizer pages for webinars: dashboard, create and edit, overview, lifecycle, duplicate, partners."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.orm import selectinload

from webinars.accounts.models import Organization, Role
from webinars.accounts.service import membership_for_member_or_404, organization_for_member_or_404
from webinars.agenda.models import AgendaItem
from webinars.cleaning import page_number
from webinars.events import dashboard as dashboards
from webinars.events import list_parts, service
from webinars.events.dashboard import Group
from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.forms import WebinarForm
from webinars.events.image_forms import CoverForm, PartnerForm, PartnerLogoForm
from webinars.events.models import Webinar
from webinars.events.preflight import preflight
from webinars.extensions import db
from webinars.sharing import service as sharing
from webinars.timezones import available_zones

bp = Blueprint("events", __name__)
bp.add_app_template_global(list_parts.webinar_list)  # the dashboard's and group pages' tables


def render_webinar_form(form: WebinarForm, organization: Organization, webinar: Webinar | None = None):
    status = 422 if form.is_submitted() else 200
    return (
        render_template(
            "events/form.html", form=form, organization=organization, webinar=webinar, zones=available_zones()
        ),
        status,
    )


def to_detail(webinar: Webinar):
    return redirect(url_for("events.detail", webinar_id=webinar.id))


@bp.route("/manage/<org_slug>/webinars")
@login_required
def dashboard(org_slug: str):
    membership = membership_for_member_or_404(org_slug)
    organization = membership.organization
    return render_template(
        "events/dashboard.html",
        organization=organization,
        groups=dashboards.dashboard(organization),
        is_owner=membership.role is Role.OWNER,  # the owners' pages (webhooks) are linked for them only
    )


@bp.route("/manage/<org_slug>/webinars/<any(upcoming, drafts, past):group>")
@login_required
def webinar_group(org_slug: str, group: str):
    """Every webinar of one of the dashboard's groups, 50 per page."""
    organization = membership_for_member_or_404(org_slug).organization
    listing = dashboards.group_page(organization, Group(group), request.args.get("page", 1, type=page_number))

    def page_url(page: int) -> str:
        return url_for(".webinar_group", org_slug=organization.slug, group=group, page=page)

    return render_template(
        "events/webinar_group.html",
        organization=organization,
        listing=listing,
        previous_url=page_url(listing.page - 1) if listing.page > 1 else None,
        next_url=page_url(listing.page + 1) if listing.page < listing.last_page else None,
    )


@bp.route("/manage/<org_slug>/webinars/new", methods=["GET", "POST"])
@login_required
def create(org_slug: str):
    organization = organization_for_member_or_404(org_slug)
    # The organization's defaults (its settings page) for a new webinar.
    form = WebinarForm(timezone=organization.timezone, language=organization.default_language)
    if form.validate_on_submit():
        webinar = service.create_webinar(organization, form.details())
        db.session.commit()
        flash(_("Draft saved. Next, add the moderator and the speakers."), "success")
        return to_detail(webinar)
    return render_webinar_form(form, organization)


@bp.route("/manage/webinars/<int:webinar_id>")
@login_required
def detail(webinar_id: int):
    webinar = service.webinar_for_overview_or_404(webinar_id)
    checks = preflight(webinar) if webinar.is_draft else None
    return render_template(
        "events/detail.html", webinar=webinar, preflight=checks, embed_snippet=sharing.embed_snippet(webinar)
    )


@bp.route("/manage/webinars/<int:webinar_id>/edit", methods=["GET", "POST"])
@login_required
def edit(webinar_id: int):
    webinar = webinar_for_organizer_or_404(
        webinar_id, options=[selectinload(Webinar.organization), selectinload(Webinar.agenda_items)]
    )
    form = WebinarForm(data=WebinarForm.initial_data(webinar))
    if form.validate_on_submit():
        try:
            service.update_webinar(webinar, form.details())
        except service.AgendaOutsideWebinar as error:
            form.end_time.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return to_detail(webinar)
    return render_webinar_form(form, webinar.organization, webinar)


@bp.route("/manage/webinars/<int:webinar_id>/publish", methods=["GET", "POST"])
@login_required
def publish(webinar_id: int):
    """GET shows the pre-flight list and asks for confirmation; POST publishes unless a blocker remains."""
    webinar = service.webinar_for_overview_or_404(webinar_id)
    if request.method != "POST":
        if not webinar.is_draft:
            return to_detail(webinar)
        return render_template("events/publish.html", webinar=webinar, preflight=preflight(webinar))
    try:
        service.publish(webinar)
    except service.PublicationRefused as error:
        flash(_("The webinar cannot be published yet: %(problems)s", problems=" ".join(error.problems)), "error")
    except service.WrongStatus as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The webinar is published: its public page is online."), "success")
    return to_detail(webinar)


@bp.post("/manage/webinars/<int:webinar_id>/unpublish")
@login_required
def unpublish(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    try:
        service.unpublish(webinar)
    except service.WrongStatus as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The webinar is back to draft: its public page is offline."), "success")
    return to_detail(webinar)


@bp.route("/manage/webinars/<int:webinar_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(webinar_id: int):
    """GET asks for confirmation; POST cancels."""
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    if not webinar.is_published:
        flash(_("Only a published webinar can be cancelled."), "error")
        return to_detail(webinar)
    if request.method != "POST":
        return render_template("events/cancel.html", webinar=webinar)
    service.cancel(webinar)
    db.session.commit()
    flash(_("The webinar is cancelled. Its public page now says so."), "success")
    return to_detail(webinar)


@bp.post("/manage/webinars/<int:webinar_id>/duplicate")
@login_required
def duplicate(webinar_id: int):
    webinar = webinar_for_organizer_or_404(
        webinar_id,
        options=[
            selectinload(Webinar.partners),
            selectinload(Webinar.participations),
            selectinload(Webinar.agenda_items).selectinload(AgendaItem.speakers),
        ],
    )
    copy = service.duplicate(webinar)
    db.session.commit()
    flash(
        _("This is a new draft copied from “%(title)s”. Set its new date and times, then save.", title=webinar.title),
        "success",
    )
    return redirect(url_for("events.edit", webinar_id=copy.id))


@bp.route("/manage/webinars/<int:webinar_id>/partners", methods=["GET", "POST"])
@login_required
def partners(webinar_id: int):
    webinar = webinar_for_organizer_or_404(
        webinar_id, options=[selectinload(Webinar.organization), selectinload(Webinar.partners)]
    )
    form = PartnerForm()
    if form.validate_on_submit():
        service.add_partner(webinar, form.name.data, form.website.data, form.processed_logo)
        db.session.commit()
        flash(_("Partner added."), "success")
        return redirect(url_for("events.partners", webinar_id=webinar.id))
    status = 422 if form.is_submitted() else 200
    return render_partners(webinar, form), status


def render_partners(webinar: Webinar, form: PartnerForm, logo_forms: dict | None = None):
    logo_forms = logo_forms or {}
    for partner in webinar.partners:
        logo_forms.setdefault(partner.id, PartnerLogoForm(prefix=f"partner-{partner.id}", formdata=None))
    return render_template("events/partners.html", webinar=webinar, form=form, logo_forms=logo_forms)


def partner_of_or_404(webinar: Webinar, partner_id: int):
    partner = service.partner_of(webinar, partner_id)
    if partner is None:
        abort(404)
    return partner


@bp.post("/manage/webinars/<int:webinar_id>/partners/<int:partner_id>/delete")
@login_required
def delete_partner(webinar_id: int, partner_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    service.remove_partner(partner_of_or_404(webinar, partner_id))
    db.session.commit()
    flash(_("Partner removed."), "success")
    return redirect(url_for("events.partners", webinar_id=webinar.id))


@bp.post("/manage/webinars/<int:webinar_id>/partners/<int:partner_id>/move/<any(up, down):direction>")
@login_required
def move_partner(webinar_id: int, partner_id: int, direction: str):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.partners)])
    service.move_partner(webinar, partner_of_or_404(webinar, partner_id), direction)
    db.session.commit()
    return redirect(url_for("events.partners", webinar_id=webinar.id))


@bp.route("/manage/webinars/<int:webinar_id>/cover", methods=["GET", "POST"])
@login_required
def cover(webinar_id: int):
    """The cover image of the public page; without one, the page shows a banner in the brand colour."""
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form = CoverForm()
    if form.validate_on_submit():
        if form.processed_cover is not None:
            service.set_cover(webinar, form.processed_cover)
            message = _("The cover image is saved.")
        elif form.remove_cover.data and webinar.has_cover:
            service.set_cover(webinar, None)
            message = _("The cover image is removed: the page shows a banner in your colour.")
        else:
            form.cover.errors.append(_("Choose an image to upload."))
            return render_template("events/cover.html", webinar=webinar, form=form), 422
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("events.cover", webinar_id=webinar.id))
    status = 422 if form.is_submitted() else 200
    return render_template("events/cover.html", webinar=webinar, form=form), status


@bp.post("/manage/webinars/<int:webinar_id>/partners/<int:partner_id>/logo")
@login_required
def partner_logo(webinar_id: int, partner_id: int):
    webinar = webinar_for_organizer_or_404(
        webinar_id, options=[selectinload(Webinar.organization), selectinload(Webinar.partners)]
    )
    partner = partner_of_or_404(webinar, partner_id)
    logo_form = PartnerLogoForm(prefix=f"partner-{partner.id}")
    if logo_form.validate_on_submit():
        if logo_form.processed_logo is not None:
            service.set_partner_logo(partner, logo_form.processed_logo)
            flash(_("The logo of %(name)s is saved.", name=partner.name), "success")
        elif logo_form.remove_logo.data:
            service.set_partner_logo(partner, None)
            flash(_("The logo of %(name)s is removed.", name=partner.name), "success")
        db.session.commit()
        return redirect(url_for("events.partners", webinar_id=webinar.id))
    return render_partners(webinar, PartnerForm(formdata=None), {partner.id: logo_form}), 422
