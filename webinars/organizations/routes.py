"""Owners' settings page; the organization's public page, logo, brand stylesheet and privacy notice."""

from __future__ import annotations

import re

from babel.numbers import format_decimal
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.orm import undefer

from webinars import clock
from webinars.accounts.models import Organization, Role
from webinars.accounts.service import organization_for_member_or_404
from webinars.conditional import answer_conditional_requests
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.organizations import service
from webinars.organizations.brand import brand_for, brand_stylesheet
from webinars.organizations.forms import OrganizationSettingsForm, settings_form_data
from webinars.registration.privacy_notice import privacy_notice_for
from webinars.registration.seats import seat_summaries
from webinars.timezones import available_zones

bp = Blueprint("organizations", __name__)

LOGO_MAX_AGE = 365 * 24 * 3600  # the URL changes with the logo
_COLOUR = re.compile(r"^[0-9a-f]{6}$")


@bp.app_template_global("organization_brand")
def organization_brand(organization: Organization):
    return brand_for(organization)


# --- Settings (owners) ---------------------------------------------------------------


@bp.route("/manage/<org_slug>/settings", methods=["GET", "POST"])
@login_required
def settings(org_slug: str):
    organization = organization_for_member_or_404(org_slug, Role.OWNER)
    language = current_language()
    if request.method == "GET":
        form = OrganizationSettingsForm(data=settings_form_data(organization), language=language)
    else:
        form = OrganizationSettingsForm(language=language)
    if form.validate_on_submit():
        saved = service.update_settings(
            organization, form.settings(), form.processed_logo, remove_logo=bool(form.remove_logo.data)
        )
        db.session.commit()
        flash(_("Settings saved."), "success")
        if saved.colour is not None and saved.colour.was_darkened:
            flash(
                _(
                    "White text is hard to read on %(chosen)s (contrast %(chosen_ratio)s:1, at least 4.5:1 is needed): "
                    "the darker shade %(used)s of the same colour is used instead.",
                    chosen=saved.colour.chosen,
                    chosen_ratio=format_decimal(round(saved.colour.chosen_contrast, 1), format="0.0", locale=language),
                    used=saved.colour.used,
                ),
                "info",
            )
        return redirect(url_for(".settings", org_slug=organization.slug))
    return (
        render_template("organizations/settings.html", organization=organization, form=form, zones=available_zones()),
        422 if form.is_submitted() else 200,
    )


# --- Public ---------------------------------------------------------------------------


@bp.route("/organizations/<slug>")
def page(slug: str):
    organization = service.organization_for_visitor_or_404(slug)
    now = clock.now()
    upcoming = service.upcoming_webinars_of(organization, now)
    return render_template(
        "organizations/page.html",
        organization=organization,
        upcoming=upcoming,
        seats=seat_summaries(upcoming),
        past=service.past_webinars_of(organization, now),
    )


@bp.route("/organizations/<slug>/privacy")
def privacy_notice(slug: str):
    organization = service.organization_for_visitor_or_404(slug)
    notice = organization.privacy_notice_rendered(current_language())
    return render_template(
        "organizations/privacy.html",
        organization=organization,
        notice_html=notice.html if notice else None,
        default_notice=None if notice else privacy_notice_for(organization),
    )


@bp.route("/organizations/<slug>/logo/<logo_hash>")
def logo(slug: str, logo_hash: str):
    organization = db.session.scalar(
        db.select(Organization).where(Organization.slug == slug).options(undefer(Organization.logo))
    )
    if organization is None or organization.logo is None or organization.logo_hash != logo_hash:
        abort(404)
    response = make_response(organization.logo)
    response.headers["Content-Type"] = organization.logo_content_type
    response.headers["Cache-Control"] = f"public, max-age={LOGO_MAX_AGE}, immutable"
    response.set_etag(organization.logo_hash)
    return response.make_conditional(request)


@bp.route("/brand/<colour>.css")
def brand_stylesheet_file(colour: str):
    """The CSS custom properties of a brand colour; the address is the colour, so it never changes."""
    if not _COLOUR.match(colour):
        abort(404)
    response = make_response(brand_stylesheet(f"#{colour}"))
    response.headers["Content-Type"] = "text/css; charset=utf-8"
    response.headers["Cache-Control"] = f"public, max-age={LOGO_MAX_AGE}, immutable"
    return response


bp.after_request(answer_conditional_requests)
