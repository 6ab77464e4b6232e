"""The organizer's Summary of a webinar: figures, charts, highlights, quotes, key figures, the recap article.

Three pages: the figures (computed, always current) with the publication
panel; the organizer's content (highlights, quotes, key figures, recording and
slide links), each list with its own small forms; the article. Every URL first
checks the organization, then that the summary is open (the webinar has ended
and was not cancelled): before that, the organizer is sent to the webinar's
overview with a word on when it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from webinars.base_form import Form
from sqlalchemy.orm import selectinload

from webinars import clock
from webinars.agenda.models import AgendaItem
from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.feedback import results as feedback_results
from webinars.feedback import service as feedback_service
from webinars.i18n import current_language
from webinars.markdown import render_markdown
from webinars.people.models import Participation
from webinars.summaries import public_choices, service
from webinars.summaries.attendance import attendance_figures
from webinars.summaries.breakdowns import breakdowns
from webinars.summaries.document import summary_charts
from webinars.summaries.exports import figure_lines, timestamp_label
from webinars.summaries.forms import (
    PublicFiguresForm,
    ArticleForm,
    HighlightForm,
    KeyFigureForm,
    QuoteForm,
    RecordingForm,
    RedraftForm,
    SlideLinkForm,
)
from webinars.summaries.models import Highlight, KeyFigure, Quote, SlideLink, Summary
from webinars.summaries.signed_agreements import signed_agreements

bp = Blueprint("summaries", __name__)

bp.add_app_template_global(service.is_open, "summary_is_open")
bp.add_app_template_filter(timestamp_label, "timestamp")


def open_summary_or_redirect(webinar_id: int, *, options=()) -> tuple[Webinar, Summary]:
    """The webinar (for members of its organization only: 404 otherwise) and its summary.

    Before the webinar has ended, or once it is cancelled, there is no summary
    to show: the organizer goes back to the webinar's overview, told why.
    """
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization), *options])
    try:
        summary, created = service.open_summary(webinar, clock.now())
    except service.SummaryNotOpen as error:
        flash(error.message, "info")
        abort(redirect(url_for("events.detail", webinar_id=webinar.id)))
    if created:
        # Kept from its first opening, whatever the page. Only then: a commit expires the
        # webinar and its line-up, which the page would load again.
        db.session.commit()
    return webinar, summary


# --- the figures and the publication ------------------------------------------------


@bp.route("/manage/webinars/<int:webinar_id>/summary")
@login_required
def index(webinar_id: int):
    webinar, summary = open_summary_or_redirect(
        webinar_id,
        options=[
            selectinload(Webinar.agenda_items).selectinload(AgendaItem.speakers),
            selectinload(Webinar.participations).selectinload(Participation.person),
        ],
    )
    locale = current_language()
    figures = attendance_figures(webinar)
    breakdown_list = breakdowns(webinar, public=False)
    return render_template(
        "summaries/index.html",
        webinar=webinar,
        summary=summary,
        public_figures_form=_public_figures_form(summary, breakdown_list, submitted=False),
        figure_lines=figure_lines(figures, public=False, locale=locale),
        figures=figures,
        charts=summary_charts(figures, breakdown_list, locale=locale),
        agreements=signed_agreements(webinar, conventions_only=False),
        publication_problem=service.publication_problem(summary, clock.now()),
        # The survey's figures and comments, without names (webinars/feedback/).
        feedback=feedback_results.results_of(webinar) if feedback_service.survey_of(webinar.id) else None,
    )


@bp.post("/manage/webinars/<int:webinar_id>/summary/publish")
@login_required
def publish(webinar_id: int):
    webinar, summary = open_summary_or_redirect(webinar_id)
    try:
        service.publish(summary, clock.now())
    except service.SummaryError as error:
        db.session.rollback()
        flash(_("The summary cannot be published yet: %(problem)s", problem=error.message), "error")
    else:
        db.session.commit()
        flash(_("The summary is published: its public page is online."), "success")
    return redirect(url_for("summaries.index", webinar_id=webinar.id))


def _public_figures_form(summary: Summary, breakdown_list, *, submitted: bool) -> PublicFiguresForm:
    choices = [(breakdown.key, breakdown.title) for breakdown in breakdown_list]
    choices.append((public_choices.NO_SHOWS, _("No-shows (registered but did not come)")))
    shown = [key for key, _label in choices if public_choices.shows_publicly(summary, key)]
    form = PublicFiguresForm() if submitted else PublicFiguresForm(formdata=None, data={"shown": shown})
    form.set_choices(choices)
    return form


@bp.post("/manage/webinars/<int:webinar_id>/summary/public-figures")
@login_required
def public_figures(webinar_id: int):
    """The organizer chooses what the public summary shows; the preview shows the result."""
    webinar, summary = open_summary_or_redirect(webinar_id)
    form = _public_figures_form(summary, breakdowns(webinar, public=False), submitted=True)
    if form.validate_on_submit():
        public_choices.choose_public_breakdowns(summary, form.shown.data or [])
        db.session.commit()
        flash(_("Saved. The preview of the public summary shows what visitors will see."), "success")
    else:
        flash(_("Choose among the figures listed."), "error")
    return redirect(url_for("summaries.index", webinar_id=webinar.id) + "#public-figures-heading")


@bp.post("/manage/webinars/<int:webinar_id>/summary/unpublish")
@login_required
def unpublish(webinar_id: int):
    webinar, summary = open_summary_or_redirect(webinar_id)
    service.unpublish(summary)
    db.session.commit()
    flash(_("The summary is no longer public."), "success")
    return redirect(url_for("summaries.index", webinar_id=webinar.id))


# --- highlights, quotes, key figures, slide links ------------------------------------


@dataclass(frozen=True)
class Section:
    """One list of the organizer's content, and how its form maps to the service."""

    model: type
    form: type[Form]
    prefix: str
    add: Callable[[Summary, Any], object]
    update: Callable[[Any, Any], object]
    initial_data: Callable[[Any], dict]
    added: str
    saved: str
    deleted: str


SECTIONS = {
    "highlights": Section(
        Highlight, HighlightForm, "highlight",
        add=lambda summary, form: service.add_highlight(summary, form.text.data),
        update=lambda entry, form: service.update_highlight(entry, form.text.data),
        initial_data=HighlightForm.initial_data,
        added=_l("Highlight added."), saved=_l("Highlight saved."), deleted=_l("Highlight deleted."),
    ),
    "quotes": Section(
        Quote, QuoteForm, "quote",
        add=lambda summary, form: service.add_quote(summary, form.text.data, form.person_id.data, form.at_second),
        update=lambda entry, form: service.update_quote(entry, form.text.data, form.person_id.data, form.at_second),
        initial_data=lambda quote: QuoteForm.initial_data(quote, timestamp_label(quote.at_second)),
        added=_l("Quote added."), saved=_l("Quote saved."), deleted=_l("Quote deleted."),
    ),
    "key-figures": Section(
        KeyFigure, KeyFigureForm, "key-figure",
        add=lambda summary, form: service.add_key_figure(summary, form.value.data, form.label.data),
        update=lambda entry, form: service.update_key_figure(entry, form.value.data, form.label.data),
        initial_data=KeyFigureForm.initial_data,
        added=_l("Key figure added."), saved=_l("Key figure saved."), deleted=_l("Key figure deleted."),
    ),
    "slides": Section(
        SlideLink, SlideLinkForm, "slides",
        add=lambda summary, form: service.add_slide_link(summary, form.title.data, form.url.data),
        update=lambda entry, form: service.update_slide_link(entry, form.title.data, form.url.data),
        initial_data=SlideLinkForm.initial_data,
        added=_l("Slides added."), saved=_l("Slides saved."), deleted=_l("Slides removed."),
    ),
}
SECTION_RULE = '<any(highlights, quotes, "key-figures", slides):section>'


def _section_form(name: str, webinar: Webinar, **kwargs) -> Form:
    section = SECTIONS[name]
    form = section.form(prefix=section.prefix, **kwargs)
    if isinstance(form, QuoteForm):
        form.set_speaker_choices(service.quote_speakers(webinar))
    return form


def _show_error(form: Form, error: service.SummaryError) -> None:
    if isinstance(error, service.NotInLineup):
        form.person_id.errors.append(error.message)
    else:
        form.form_errors.append(error.message)


def _entry_or_404(summary: Summary, section: str, entry_id: int):
    entry = service.entry_of(summary, SECTIONS[section].model, entry_id)
    if entry is None:
        abort(404)
    return entry


def _to_content(webinar: Webinar, section: str | None = None):
    return redirect(url_for("summaries.content", webinar_id=webinar.id, _anchor=section))


def _render_content(webinar: Webinar, summary: Summary, *, failed: dict[str, Form] | None = None):
    """The content page; ``failed`` holds the one form that was refused, shown with its errors."""
    failed = failed or {}
    forms = {name: failed.get(name) or _section_form(name, webinar, formdata=None) for name in SECTIONS}
    recording_form = failed.get("recording") or RecordingForm(formdata=None, data={"recording_url": summary.recording_url})
    status = 422 if failed else 200
    return (
        render_template(
            "summaries/content.html",
            webinar=webinar,
            summary=summary,
            forms=forms,
            recording_form=recording_form,
        ),
        status,
    )


@bp.route("/manage/webinars/<int:webinar_id>/summary/content")
@login_required
def content(webinar_id: int):
    webinar, summary = open_summary_or_redirect(webinar_id)
    return _render_content(webinar, summary)


@bp.post(f"/manage/webinars/<int:webinar_id>/summary/{SECTION_RULE}")
@login_required
def add_entry(webinar_id: int, section: str):
    webinar, summary = open_summary_or_redirect(webinar_id)
    form = _section_form(section, webinar)
    if form.validate_on_submit():
        try:
            SECTIONS[section].add(summary, form)
        except service.SummaryError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(str(SECTIONS[section].added), "success")
            return _to_content(webinar, section)
    return _render_content(webinar, summary, failed={section: form})


@bp.route(f"/manage/webinars/<int:webinar_id>/summary/{SECTION_RULE}/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit_entry(webinar_id: int, section: str, entry_id: int):
    webinar, summary = open_summary_or_redirect(webinar_id)
    entry = _entry_or_404(summary, section, entry_id)
    form = _section_form(section, webinar, data=SECTIONS[section].initial_data(entry))
    if form.validate_on_submit():
        try:
            SECTIONS[section].update(entry, form)
        except service.SummaryError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(str(SECTIONS[section].saved), "success")
            return _to_content(webinar, section)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "summaries/edit_entry.html", webinar=webinar, summary=summary, section=section, entry=entry, form=form
    ), status


@bp.post(f"/manage/webinars/<int:webinar_id>/summary/{SECTION_RULE}/<int:entry_id>/delete")
@login_required
def delete_entry(webinar_id: int, section: str, entry_id: int):
    webinar, summary = open_summary_or_redirect(webinar_id)
    service.delete_entry(_entry_or_404(summary, section, entry_id))
    db.session.commit()
    flash(str(SECTIONS[section].deleted), "success")
    return _to_content(webinar, section)


@bp.post(f"/manage/webinars/<int:webinar_id>/summary/{SECTION_RULE}/<int:entry_id>/move/<any(up, down):direction>")
@login_required
def move_entry(webinar_id: int, section: str, entry_id: int, direction: str):
    webinar, summary = open_summary_or_redirect(webinar_id)
    service.move_entry(_entry_or_404(summary, section, entry_id), direction)
    db.session.commit()
    return _to_content(webinar, section)


@bp.post("/manage/webinars/<int:webinar_id>/summary/recording")
@login_required
def recording(webinar_id: int):
    webinar, summary = open_summary_or_redirect(webinar_id)
    form = RecordingForm()
    if form.validate_on_submit():
        service.set_recording(summary, form.recording_url.data)
        db.session.commit()
        flash(_("Recording link saved.") if summary.recording_url else _("Recording link removed."), "success")
        return _to_content(webinar, "recording")
    return _render_content(webinar, summary, failed={"recording": form})


# --- the article ------------------------------------------------------------------


def _render_article(webinar: Webinar, summary: Summary, form: ArticleForm, redraft_form: RedraftForm,
                    *, preview: str | None = None, status: int = 200):
    return (
        render_template(
            "summaries/article.html",
            webinar=webinar,
            summary=summary,
            form=form,
            redraft_form=redraft_form,
            # What the article will look like: the text being edited when previewing, else the saved one.
            rendered=render_markdown(summary.article if preview is None else preview),
            is_preview=preview is not None,
            publication_problem=service.publication_problem(summary, clock.now()),
        ),
        status,
    )


@bp.route("/manage/webinars/<int:webinar_id>/summary/article", methods=["GET", "POST"])
@login_required
def article(webinar_id: int):
    webinar, summary = open_summary_or_redirect(webinar_id)
    form = ArticleForm(data=ArticleForm.initial_data(summary))
    redraft_form = RedraftForm(formdata=None, prefix="redraft")
    if form.validate_on_submit():
        if "preview" in request.form:
            return _render_article(webinar, summary, form, redraft_form, preview=form.body.data)
        service.save_article(summary, form.title.data, form.body.data)
        db.session.commit()
        flash(_("Article saved."), "success")
        return redirect(url_for("summaries.article", webinar_id=webinar.id))
    db.session.commit()
    status = 422 if form.is_submitted() else 200
    return _render_article(webinar, summary, form, redraft_form, status=status)


@bp.post("/manage/webinars/<int:webinar_id>/summary/article/draft")
@login_required
def redraft(webinar_id: int):
    webinar, summary = open_summary_or_redirect(
        webinar_id,
        options=[selectinload(Webinar.participations).selectinload(Participation.person), selectinload(Webinar.partners)],
    )
    redraft_form = RedraftForm(prefix="redraft")
    # A first draft replaces nothing; drafting again replaces the organizer's edits, so they confirm it.
    if redraft_form.validate_on_submit() and (not summary.article or redraft_form.require_confirmation()):
        service.redraft_article(summary, clock.now())
        db.session.commit()
        flash(_("The article was drafted from the webinar's data. Read it, edit it, then publish."), "success")
        return redirect(url_for("summaries.article", webinar_id=webinar.id))
    form = ArticleForm(formdata=None, data=ArticleForm.initial_data(summary))
    return _render_article(webinar, summary, form, redraft_form, status=422)
