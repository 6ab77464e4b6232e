"""The owners' webhooks pages: endpoints, their secret, their deliveries and attempts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from webinars.accounts.models import Organization, Role
from webinars.accounts.service import organization_for_member_or_404
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.mail.routes import STATUS_LABELS, local_moment
from webinars.webhooks import service
from webinars.webhooks.forms import EndpointForm
from webinars.webhooks.models import WebhookDelivery, WebhookEndpoint

bp = Blueprint("webhooks", __name__)


def endpoint_for_owner_or_404(org_slug: str, endpoint_id: int) -> tuple[Organization, WebhookEndpoint]:
    """An endpoint of an organization the signed-in user owns (404 for others, 403 for organizers)."""
    organization = organization_for_member_or_404(org_slug, Role.OWNER)
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.organization_id != organization.id:
        abort(404)
    return organization, endpoint


def refusal_message(refused: service.EndpointRefused) -> str:
    refusal = refused.refusal
    if refusal.kind == "forbidden_address":
        return _(
            "This address cannot receive webhooks: %(host)s leads to %(address)s, an address of a private, local"
            " or cloud metadata network. Use a public address of your server.",
            host=refusal.host,
            address=refusal.address,
        )
    if refusal.kind == "unknown_host":
        return _("This address cannot receive webhooks: the server %(host)s cannot be found.", host=refusal.host)
    if refusal.kind == "credentials":
        return _("This address cannot receive webhooks: remove the user name and password from it.")
    return _("This address cannot receive webhooks: enter an address starting with https:// (or http://) and a server name.")


@bp.route("/manage/<org_slug>/webhooks", methods=["GET", "POST"])
@login_required
def endpoints(org_slug: str):
    organization = organization_for_member_or_404(org_slug, Role.OWNER)
    form = EndpointForm()
    status = 200
    if form.validate_on_submit():
        try:
            endpoint = service.add_endpoint(
                organization, form.url.data, form.event_types.data, form.description.data, current_language()
            )
        except service.EndpointRefused as refused:
            form.url.errors.append(refusal_message(refused))
        else:
            db.session.commit()
            flash(_("Endpoint added. Copy its signing secret into your receiver."), "success")
            return redirect(url_for("webhooks.endpoint", org_slug=organization.slug, endpoint_id=endpoint.id))
    if form.is_submitted():
        status = 422
    return render_template(
        "webhooks/endpoints.html", organization=organization, endpoints=service.endpoints_of(organization), form=form
    ), status


def _delivery_rows(deliveries: list[WebhookDelivery], zone_name: str) -> list[dict]:
    """What the endpoint's page shows of each delivery, times in the organization's zone. The
    receivers' answers are plain strings here: the template escapes them, never marks them safe."""
    attempts = service.attempts_by_delivery(deliveries)
    rows = []
    for delivery in deliveries:
        rows.append(
            {
                "id": delivery.id,
                "type": delivery.event.type,
                "sequence": delivery.event.sequence,
                "occurred": local_moment(delivery.event.occurred_at, zone_name),
                "status": str(STATUS_LABELS.get(delivery.status, delivery.status)),
                "next_attempt": local_moment(delivery.next_attempt_at, zone_name)
                if delivery.status.value == "retrying"
                else None,
                "attempts": [
                    {
                        "at": local_moment(attempt.attempted_at, zone_name),
                        "status_code": attempt.status_code,
                        "duration_ms": attempt.duration_ms,
                        "excerpt": attempt.response_excerpt,
                        "error": attempt.error,
                    }
                    for attempt in attempts[delivery.id]
                ],
            }
        )
    return rows


@bp.route("/manage/<org_slug>/webhooks/<int:endpoint_id>", methods=["GET", "POST"])
@login_required
def endpoint(org_slug: str, endpoint_id: int):
    organization, endpoint = endpoint_for_owner_or_404(org_slug, endpoint_id)
    form = EndpointForm(
        data={"url": endpoint.url, "event_types": endpoint.event_types.split(), "description": endpoint.description}
    )
    status = 200
    if form.validate_on_submit():
        try:
            service.update_endpoint(endpoint, form.url.data, form.event_types.data, form.description.data)
        except service.EndpointRefused as refused:
            form.url.errors.append(refusal_message(refused))
        else:
            db.session.commit()
            flash(_("Endpoint saved."), "success")
            return redirect(url_for("webhooks.endpoint", org_slug=organization.slug, endpoint_id=endpoint.id))
    if form.is_submitted():
        status = 422
    return render_template(
        "webhooks/endpoint.html",
        organization=organization,
        endpoint=endpoint,
        form=form,
        deliveries=_delivery_rows(service.recent_deliveries(endpoint), organization.timezone),
        disabled_at=local_moment(endpoint.disabled_at, organization.timezone) if endpoint.disabled_at else None,
    ), status


@bp.post("/manage/<org_slug>/webhooks/<int:endpoint_id>/enable")
@login_required
def enable(org_slug: str, endpoint_id: int):
    organization, endpoint = endpoint_for_owner_or_404(org_slug, endpoint_id)
    try:
        service.enable(endpoint)
    except service.EndpointRefused as refused:
        flash(refusal_message(refused), "error")
    else:
        db.session.commit()
        flash(_("Endpoint enabled: new events will be sent to it."), "success")
    return redirect(url_for("webhooks.endpoint", org_slug=organization.slug, endpoint_id=endpoint.id))


@bp.post("/manage/<org_slug>/webhooks/<int:endpoint_id>/disable")
@login_required
def disable(org_slug: str, endpoint_id: int):
    organization, endpoint = endpoint_for_owner_or_404(org_slug, endpoint_id)
    service.disable(endpoint)
    db.session.commit()
    flash(_("Endpoint disabled: nothing more is sent to it until you enable it again."), "success")
    return redirect(url_for("webhooks.endpoint", org_slug=organization.slug, endpoint_id=endpoint.id))


@bp.post("/manage/<org_slug>/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver")
@login_required
def redeliver(org_slug: str, endpoint_id: int, delivery_id: int):
    organization, endpoint = endpoint_for_owner_or_404(org_slug, endpoint_id)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.endpoint_id != endpoint.id:
        abort(404)
    if not endpoint.enabled:
        flash(_("Enable the endpoint first."), "info")
    else:
        sequence = delivery.event.sequence
        service.redeliver(delivery)
        db.session.commit()
        flash(_("Event number %(sequence)s will be sent again.", sequence=sequence), "success")
    return redirect(url_for("webhooks.endpoint", org_slug=organization.slug, endpoint_id=endpoint.id))
