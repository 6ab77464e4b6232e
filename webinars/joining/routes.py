"""The registrant's join page, ``/r/<token>/join``: what e-mails, reminders and invites link to.

Before the doors open: a countdown and the agenda. From then to the end: "Join now", a POST
that records the click and sends the registrant on to the platform's link (the page's script
submits it as soon as the page is shown in a browser; without script it is a button). After
the end: the recording or the summary, when there is one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, Response, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars import clock
from webinars.agenda.models import AgendaItem
from webinars.extensions import csrf, db
from webinars.joining import service
from webinars.joining.service import JoinPhase
from webinars.registration.access import registration_for_token_or_404
from webinars.registration.models import Registration
from webinars.security import CONTENT_SECURITY_POLICY
from webinars.summaries import service as summaries

bp = Blueprint("joining", __name__)

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]+(:\d{1,5})?")


@bp.after_request
def keep_the_personal_link_private(response: Response) -> Response:
    """The address carries the personal token: never cached, never sent on as a Referer (not even
    to the platform the registrant is sent to)."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("X-Robots-Tag", "noindex")
    return response


def _registration(token: str) -> Registration:
    return registration_for_token_or_404(token, unknown_page="joining/link_unknown.html")


def _policy_with_platform(join_url: str | None) -> str:
    """The site's policy, with the platform's origin allowed as a form's destination: the POST is
    answered with a redirect there, and browsers apply ``form-action`` to redirects too."""
    parts = urlsplit(join_url or "")
    origin = f"{parts.scheme}://{parts.netloc}"
    if not _ORIGIN.fullmatch(origin):
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace("form-action 'self'", f"form-action 'self' {origin}")


@bp.get("/r/<token>/join")
def join(token: str):
    """Shows; never records (mail gateways and link scanners fetch links with GET or HEAD)."""
    registration = _registration(token)
    webinar = registration.webinar
    now = clock.now()
    current = service.phase(webinar, now)
    status = 200
    if webinar.is_cancelled:
        status = 410
    elif not service.may_join(registration):
        status = 403
    seconds_to_doors = max(int((service.doors_open_at(webinar) - now).total_seconds()), 0)
    summary = summaries.published_summary_of(webinar) if current is JoinPhase.ENDED else None
    agenda = (
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.webinar_id == webinar.id)
            .options(selectinload(AgendaItem.speakers))
            .order_by(AgendaItem.starts_at)
        ).all()
        if current is not JoinPhase.ENDED
        else []
    )
    response = Response(
        render_template(
            "joining/join.html",
            token=token,
            registration=registration,
            webinar=webinar,
            phase=current.value,
            may_join=service.may_join(registration),
            has_link=service.has_platform_link(webinar),
            doors_open_at=service.doors_open_at(webinar),
            seconds_to_doors=seconds_to_doors,
            countdown=service.countdown_label(seconds_to_doors),
            agenda=agenda,
            summary_url=url_for("public_summaries.summary", slug=webinar.slug) if summary else None,
            recording_url=summary.recording_url if summary else None,
            manage_url=url_for("registration.manage", token=token),
        ),
        status=status,
    )
    response.headers["Content-Security-Policy"] = _policy_with_platform(webinar.join_url)
    return response


@bp.post("/r/<token>/join")
def join_now(token: str):
    """Records the click and sends the registrant to the platform, during the webinar only."""
    registration = _registration(token)
    webinar = registration.webinar
    now = clock.now()
    if (
        not service.may_join(registration)
        or service.phase(webinar, now) is not JoinPhase.OPEN
        or not service.has_platform_link(webinar)
        or _is_speculative(request.headers)
    ):
        # Too early, too late, no seat or no link: the page says which; nothing is counted.
        return redirect(url_for(".join", token=token), code=303)
    service.record_click(registration, now)
    db.session.commit()
    return redirect(webinar.join_url, code=303)


def _is_speculative(headers) -> bool:
    """A browser preparing a page the person has not opened (prefetch, prerender) says so."""
    purpose = (headers.get("Sec-Purpose") or headers.get("Purpose") or "").lower()
    return "prefetch" in purpose or "prerender" in purpose


# The token in the address is the secret that authorizes the click (anyone holding it can open the
# page and click), so a CSRF token adds nothing; and mail apps' browsers that refuse cookies could
# not send one, which would turn "Join now" into an error page a minute after the start.
csrf.exempt(join_now)
