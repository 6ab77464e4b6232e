"""The attendee's side of registration: the form, the "check your inbox" page, and the
personal page ``/r/<token>`` (see the registration, update it, cancel it)."""

from __future__ import annotations

from functools import cache, wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from webinars import clock
from webinars.events.models import Webinar
from webinars.extensions import csrf, db, limiter
from webinars.i18n import current_language
from webinars.public.service import is_announced
from webinars.security import embeddable
from webinars.sharing import service as sharing
from webinars.registration import embed_tokens, form_parts, personal_page, privacy_notice, seats, sent_form, service
from webinars.registration.access import registration_and_values_for_token_or_404, registration_for_token_or_404
from webinars.registration.forms import details_form_class, registration_form_class

bp = Blueprint("registration", __name__)

def _registration_rate_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]


# One budget per client address for the form on its page and the form embedded in other sites.
_registration_limit = limiter.shared_limit(_registration_rate_limit, scope="registration-form", methods=["POST"])


def registration_posts(view):
    """The registration limit on ``view``'s POSTs. A GET goes straight to the view: the limiter's wrapper
    would otherwise look for limits on every form shown, and find none (5% of the form's CPU)."""
    limited = _registration_limit(view)

    @wraps(view)
    def by_method(*args, **kwargs):
        return limited(*args, **kwargs) if request.method == "POST" else view(*args, **kwargs)

    return by_method


@cache
def _webinar_by_slug() -> Select:
    """Built once: a reused statement keeps its cache key. The organization (its brand, its words) is
    joined in rather than loaded by a second query."""
    return select(Webinar).where(Webinar.slug == bindparam("slug")).options(joinedload(Webinar.organization))


def webinar_for_registration_or_404(slug: str) -> Webinar:
    """An announced webinar (published, or cancelled after publication); drafts do not exist here.

    (The confirmation and its invite, which describe the line-up, are written by the worker:
    ``registration/notifications.py``.)"""
    webinar = db.session.scalar(_webinar_by_slug(), {"slug": slug})
    if webinar is None or not is_announced(webinar):
        abort(404)
    return webinar




# --- Registering ------------------------------------------------------------------


@bp.route("/webinars/<slug>/register", methods=["GET", "POST"])
@registration_posts
def register(slug: str):
    if request.method == "GET":
        untouched = form_parts.untouched_form(slug)
        if untouched.closed_reason:
            return _closed_page(untouched.webinar, untouched.closed_reason, 200)
        return render_template("registration/register.html", webinar=untouched.webinar, content_html=untouched.content_html)
    return _registration_form(sent_form.form_facts_or_404(slug, request.form.get("email", "")), slug, embedded=False)


@bp.get("/webinars/<slug>/register/done")
def done(slug: str):
    """The same words for a new registration and for an address already registered:
    the page reveals nothing about who is registered; the e-mail tells the rest."""
    webinar = webinar_for_registration_or_404(slug)
    return render_template("registration/done.html", webinar=webinar, **_what_happens_next(webinar, embedded=False))


# --- The form embedded in an organization's own site ----------------------------------
# In a frame on another site the browser does not send our session cookie (SameSite=Lax), so
# the form cannot use the session's CSRF token: it carries its own, signed and time-limited
# (registration/embed_tokens.py). These two routes, and only they, may be framed by any site.


@bp.route("/webinars/<slug>/embed", methods=["GET", "POST"])
@registration_posts
@csrf.exempt
def embed(slug: str):
    facts = sent_form.form_facts_or_404(slug, request.form.get("email", ""))
    if request.method == "POST" and not embed_tokens.is_valid(request.form.get(embed_tokens.FIELD_NAME), facts.webinar):
        response = make_response(
            render_template("registration/embed_expired.html", webinar=facts.webinar), 400
        )
        return embeddable(response)
    return embeddable(_registration_form(facts, slug, embedded=True))


@bp.get("/webinars/<slug>/embed/done")
def embed_done(slug: str):
    webinar = webinar_for_registration_or_404(slug)
    return embeddable(
        render_template("registration/done.html", webinar=webinar, **_what_happens_next(webinar, embedded=True))
    )


def _registration_form(facts: sent_form.FormFacts, slug: str, embedded: bool):
    webinar, questions = facts.webinar, facts.questions
    status = 422 if request.method == "POST" else 200
    closed_reason = service.registration_closed_reason(webinar)
    if closed_reason:
        return _closed_page(webinar, closed_reason, status, embedded)

    language = current_language()
    organization = webinar.organization
    notice = privacy_notice.privacy_notice_for(organization)
    form_class = registration_form_class(organization, questions, notice, webinar.registrant_fields)
    # Embedded, the session's CSRF token is replaced by the form's own (checked by the view).
    form = form_class(language=language, meta={"csrf": False} if embedded else {})
    if form.validate_on_submit():
        try:
            _register(facts, form.registrant_details(form.email.data), language)
        except service.RegistrationClosed as closed:
            db.session.rollback()
            return _closed_page(webinar, closed.message, 422, embedded)
        except (service.WebinarFull, service.MissingDetails) as refused:
            db.session.rollback()  # also releases the webinar's lock
            form.form_errors.append(refused.message)
        else:
            db.session.commit()
            # The address's slug: webinar.slug would reload the webinar (and its line-up) after the commit.
            if embedded:  # no language cookie reaches a third-party frame: the address carries it
                return redirect(url_for(".embed_done", slug=slug, lang=language))
            return redirect(url_for(".done", slug=slug))

    is_full = not webinar.approval_required and webinar.capacity is not None and facts.seats_taken >= webinar.capacity
    return (
        render_template(
            "registration/embed.html" if embedded else "registration/register.html",
            webinar=webinar,
            form=form,
            embed_token=embed_tokens.issue(webinar) if embedded else None,
            goes_to_waitlist=is_full and webinar.waitlist_enabled,
            # Nothing to fill in when no seat and no waitlist, unless the visitor just tried.
            no_seat_left=is_full and not webinar.waitlist_enabled and request.method == "GET",
            fields_html=form_parts.fields_html(form, webinar, questions, notice) if request.method == "GET" else None,  # embedded
        ),
        status,
    )


def _register(facts: sent_form.FormFacts, details: service.RegistrantDetails, language: str) -> None:
    """``service.register``, asked again once when the same address was registered meanwhile by
    another request (a double click, two tabs): the second answer is then "link sent again"."""
    try:
        service.register(
            facts.webinar, details, language, facts.questions,
            seats_taken=facts.seats_taken, address_registered=facts.address_registered,
        )
    except service.RegisteredMeanwhile:
        db.session.rollback()
        service.register(facts.webinar, details, language, facts.questions)


def _closed_page(webinar: Webinar, reason: str, status: int, embedded: bool = False):
    template = "registration/embed_closed.html" if embedded else "registration/closed.html"
    return render_template(template, webinar=webinar, reason=reason), status


def _what_happens_next(webinar: Webinar, embedded: bool) -> dict:
    """What the confirmation page can say without telling who is registered.

    The page is the same for a new registration and for an address already registered (anyone
    may type anyone's address), so it says what happens to a *new* registration given the
    webinar's settings right now, and leaves the registrant's own state to the e-mail. For the
    same reason it never links to a personal page: that link goes only to the address's inbox.
    """
    if webinar.approval_required:
        outcome = "pending"
    elif service.registration_is_full(webinar):
        outcome = "waitlisted"
    else:
        outcome = "confirmed"
    page_url = sharing.page_url_of(webinar)
    return {
        "outcome": outcome,
        "embedded": embedded,
        "share_links": sharing.share_links(
            page_url,
            webinar.title,
            webinar.title,
            _("I have registered for this webinar: %(title)s", title=webinar.title),
        ),
        "page_url": page_url,
    }


# --- The personal page --------------------------------------------------------------


@bp.route("/r/<token>", methods=["GET", "POST"])
def manage(token: str):
    if request.method == "GET":
        registration, texts = registration_and_values_for_token_or_404(
            token, personal_page.text_columns(), without_long_texts=True
        )
        content_html = personal_page.untouched_content(registration, token, clock.now(), texts)
        return render_template("registration/manage.html", webinar=registration.webinar, content_html=content_html)

    registration = registration_for_token_or_404(token)

    webinar = registration.webinar
    questions = service.questions_of(webinar)
    form = details_form_class(webinar.organization, questions, webinar.registrant_fields)(language=current_language())
    if form.validate_on_submit():
        try:
            service.update_registrant(registration, form.registrant_details(registration.email))
        except service.RegistrationError as refused:
            db.session.rollback()
            flash(refused.message, "error")
        else:
            db.session.commit()
            flash(_("Your details are saved."), "success")
        return redirect(url_for(".manage", token=token))
    facts = personal_page.facts_of(registration, token, clock.now())
    return (
        render_template(
            "registration/manage.html", **personal_page.page_context(registration, token, form, questions, facts)
        ),
        422,
    )


@bp.route("/r/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str):
    registration = registration_for_token_or_404(token)
    if request.method == "POST":
        try:
            seats.cancel_by_registrant(registration)
        except service.RegistrationError as refused:
            db.session.rollback()
            flash(refused.message, "error")
        else:
            db.session.commit()
            flash(_("Your registration is cancelled. We have sent you a confirmation by e-mail."), "success")
        return redirect(url_for(".manage", token=token))
    if registration.state not in service.ACTIVE_STATES:
        return redirect(url_for(".manage", token=token))
    return render_template("registration/cancel.html", token=token, registration=registration, webinar=registration.webinar)


@bp.post("/r/<token>/forget-links")
def forget_links(token: str):
    """Revoke every link to this registration (this one included) and e-mail a new one."""
    registration = registration_for_token_or_404(token)
    service.forget_links(registration)
    db.session.commit()
    return redirect(url_for(".links_renewed"))


@bp.get("/registration/links-renewed")
def links_renewed():
    return render_template("registration/links_renewed.html")
