"""Compose a message to a group of registrants, preview it, test it, send it, and follow its sending."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.mail.labels import STATUS_LABELS
from webinars.mail.viewing import sanitized_email_html
from webinars.messages import placeholders, service, texts
from webinars.messages.forms import AUDIENCE_LABELS, ComposeForm, EmailTextForm
from webinars.messages.models import LANGUAGES, Audience, RegistrantMessage, TextKind
from webinars.registration.manage_forms import STATE_LABELS
from webinars.registration.models import RegistrationState

bp = Blueprint("messages", __name__)

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def _state(value: str | None) -> RegistrationState | None:
    try:
        return RegistrationState(value) if value else None
    except ValueError:
        return None


def group_of(form: ComposeForm) -> service.Group:
    try:
        audience = Audience(form.audience.data)
    except ValueError:
        audience = Audience.CONFIRMED
    if audience is Audience.FILTERED:
        return service.Group(audience, _state(form.filter_state.data), (form.filter_search.data or "")[:200])
    return service.Group(audience)


def _group_for(audience: Audience, chosen: service.Group) -> service.Group:
    return chosen if audience is Audience.FILTERED else service.Group(audience)


def message_from(form: ComposeForm, group: service.Group) -> RegistrantMessage:
    """The message as written (placeholders stored in their canonical form)."""
    fields = {}
    for language in LANGUAGES:
        subject = getattr(form, f"subject_{language}").data or ""
        body = getattr(form, f"body_{language}").data or ""
        fields[f"subject_{language}"] = placeholders.canonical(subject) if subject else None
        fields[f"body_{language}"] = placeholders.canonical(body) if subject else None
    return RegistrantMessage(
        audience=group.audience,
        filter_state=group.state.value if group.state else None,
        filter_search=group.search or None,
        queued_count=0,
        **fields,
    )


def picker_rows(language: str) -> list[dict]:
    return [
        {"written": placeholder.written(language), "other": placeholder.written("en" if language == "fr" else "fr")}
        for placeholder in placeholders.PLACEHOLDERS
    ]


@bp.route("/manage/webinars/<int:webinar_id>/messages/new", methods=["GET", "POST"])
@login_required
def compose(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form = ComposeForm()
    if request.method == "GET":
        # From the registrations page: its current filter, or a group.
        state, search = _state(request.args.get("state")), (request.args.get("q") or "").strip()[:200]
        if state or search:
            form.audience.data = Audience.FILTERED.value
            form.filter_state.data = state.value if state else ""
            form.filter_search.data = search
        elif request.args.get("audience") in {audience.value for audience in Audience}:
            form.audience.data = request.args["audience"]
    group = group_of(form)
    # Each group with its number of registrants; the filtered list only when Compose was opened from one.
    form.audience.choices = [
        (audience.value, f"{label} ({service.recipient_count(webinar, _group_for(audience, group))})")
        for audience, label in AUDIENCE_LABELS.items()
        if audience is not Audience.FILTERED or group.audience is Audience.FILTERED
    ]
    previews = []
    action = request.form.get("action")
    if form.validate_on_submit():
        message = message_from(form, group)
        if action == "send" and not service.recipient_count(webinar, group):
            form.audience.errors.append(_("Nobody is in this group: there is no one to send the message to."))
        elif action == "send":
            message.author_id = current_user.id
            service.request_sending(webinar, message)
            db.session.commit()
            service.wake_worker()
            flash(_("The message is being sent."), "success")
            return redirect(url_for(".detail", webinar_id=webinar.id, message_id=message.id))
        if action == "test":
            service.send_test(webinar, message, current_user)
            db.session.commit()
            flash(_("A test was sent to %(address)s.", address=current_user.email), "success")
        first_name, _space, last_name = (current_user.full_name or "").partition(" ")
        for language in message.languages:
            subject, body = message.version(language)
            copy = service.preview(webinar, language, subject, body, first_name, last_name)
            previews.append(
                {"language": LANGUAGE_NAMES[language], "lang": language, "subject": copy.subject, "html": sanitized_email_html(copy.html_body)}
            )
    count = service.recipient_count(webinar, group)
    return render_template(
        "messages/compose.html",
        webinar=webinar,
        form=form,
        previews=previews,
        count_text=ngettext(
            "This message will go to %(num)d registrant.", "This message will go to %(num)d registrants.", count
        ),
        filter_text=_filter_text(group),
        pickers={language: picker_rows(language) for language in LANGUAGES},
    )


def _filter_text(group: service.Group) -> str | None:
    if group.audience is not Audience.FILTERED:
        return None
    parts = []
    if group.state:
        parts.append(_("state: %(state)s", state=STATE_LABELS[group.state]))
    if group.search:
        parts.append(_("search: “%(search)s”", search=group.search))
    return ", ".join(parts)


def message_of_webinar_or_404(webinar: Webinar, message_id: int) -> RegistrantMessage:
    message = db.session.get(RegistrantMessage, message_id)
    if message is None or message.webinar_id != webinar.id:
        abort(404)
    return message


@bp.get("/manage/webinars/<int:webinar_id>/messages/<int:message_id>")
@login_required
def detail(webinar_id: int, message_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    message = message_of_webinar_or_404(webinar, message_id)
    progress = service.progress_of(message)
    return render_template(
        "messages/detail.html",
        webinar=webinar,
        message=message,
        progress=progress,
        audience=AUDIENCE_LABELS[message.audience],
        filter_text=_filter_text(service.Group.of(message)),
        copies=[
            {"id": outbox_id, "recipient": f"{name} <{address}>" if name else address, "status": STATUS_LABELS[status]}
            for outbox_id, address, name, status in service.copies_of(message)
        ],
        versions=[
            {"language": LANGUAGE_NAMES[language], "subject": message.version(language)[0],
             "body": placeholders.localized(message.version(language)[1], language)}
            for language in message.languages
        ],
    )


# --- The webinar's own wording of its confirmations, reminders and follow-ups ------------------------


def _text_kind_or_404(kind: str) -> TextKind:
    try:
        return TextKind(kind)
    except ValueError:
        abort(404)


@bp.get("/manage/webinars/<int:webinar_id>/email-texts")
@login_required
def email_texts(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    customized = texts.customized_kinds(webinar.id)
    return render_template(
        "messages/email_texts.html",
        webinar=webinar,
        kinds=[
            {"kind": kind, "label": label, "hint": texts.KIND_HINTS[kind], "customized": kind in customized}
            for kind, label in texts.KIND_LABELS.items()
        ],
    )


@bp.route("/manage/webinars/<int:webinar_id>/email-texts/<kind>", methods=["GET", "POST"])
@login_required
def edit_email_text(webinar_id: int, kind: str):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    text_kind = _text_kind_or_404(kind)
    form = EmailTextForm()
    if form.validate_on_submit():
        texts.save(
            webinar.id,
            text_kind,
            {language: (form[f"subject_{language}"].data or "", form[f"body_{language}"].data or "") for language in LANGUAGES},
        )
        db.session.commit()
        flash(_("The text of this e-mail is saved."), "success")
        return redirect(url_for(".edit_email_text", webinar_id=webinar.id, kind=text_kind.value))
    own = texts.texts_of(webinar.id, text_kind)
    if request.method == "GET":
        for language in LANGUAGES:
            subject, body = (own[language].subject, own[language].body) if language in own else texts.default_text(text_kind, language)
            form[f"subject_{language}"].data = placeholders.localized(subject, language)
            form[f"body_{language}"].data = placeholders.localized(body, language)
    first_name, _space, last_name = (current_user.full_name or "").partition(" ")
    previews = []
    for language in LANGUAGES:
        subject, body = (own[language].subject, own[language].body) if language in own else texts.default_text(text_kind, language)
        values = service.values_for(webinar, first_name=first_name, last_name=last_name, language=language, token=None)
        opening = texts.opening(texts.OwnText(placeholders.canonical(subject), placeholders.canonical(body)), values)
        previews.append({"language": LANGUAGE_NAMES[language], "lang": language, "subject": opening.subject, "html": opening.html, "own": language in own})
    return render_template(
        "messages/email_text_form.html",
        webinar=webinar,
        form=form,
        kind=text_kind,
        label=texts.KIND_LABELS[text_kind],
        hint=texts.KIND_HINTS[text_kind],
        previews=previews,
        customized=bool(own),
        pickers={language: picker_rows(language) for language in LANGUAGES},
    )


@bp.post("/manage/webinars/<int:webinar_id>/email-texts/<kind>/reset")
@login_required
def reset_email_text(webinar_id: int, kind: str):
    webinar = webinar_for_organizer_or_404(webinar_id)
    text_kind = _text_kind_or_404(kind)
    texts.reset(webinar.id, text_kind)
    db.session.commit()
    flash(_("The e-mail has its default text again."), "success")
    return redirect(url_for(".edit_email_text", webinar_id=webinar.id, kind=text_kind.value))
