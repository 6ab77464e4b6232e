"""A webinar's agenda: the timed items, added, edited and deleted by its organizers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from webinars.agenda import service
from webinars.agenda.access import agenda_item_for_organizer_or_404
from webinars.agenda.forms import AgendaItemForm, initial_data
from webinars.agenda.models import AgendaItem
from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import event_clock
from webinars.timezones import to_local, utc_offset_label

bp = Blueprint("agenda", __name__)


@bp.route("/manage/webinars/<int:webinar_id>/agenda", methods=["GET", "POST"])
def index(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    items = service.agenda_of(webinar)
    # The form proposes the next slot: the new item starts where the last one ends.
    form = AgendaItemForm(starts_at=service.next_slot(webinar, items))
    form.set_speaker_choices(service.lineup_people(webinar))
    if form.validate_on_submit():
        try:
            item = service.add_item(webinar, _details(form, webinar))
        except service.AgendaError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(_("'%(title)s' was added to the agenda.", title=item.title), "success")
            return redirect(url_for("agenda.index", webinar_id=webinar.id))
    return _render("agenda/index.html", webinar, form, items=items)


@bp.route("/manage/agenda/<int:item_id>/edit", methods=["GET", "POST"])
def edit(item_id: int):
    item = agenda_item_for_organizer_or_404(item_id)
    webinar = item.webinar
    form = AgendaItemForm(
        data=initial_data(
            item, to_local(item.starts_at, webinar.timezone).time(), service.duration_minutes(item)
        )
    )
    form.set_speaker_choices(service.lineup_people(webinar))
    if form.validate_on_submit():
        try:
            service.update_item(item, _details(form, webinar))
        except service.AgendaError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(_("The changes to '%(title)s' were saved.", title=item.title), "success")
            return redirect(url_for("agenda.index", webinar_id=webinar.id))
    return _render("agenda/edit.html", webinar, form, item=item)


@bp.post("/manage/agenda/<int:item_id>/delete")
def delete(item_id: int):
    item = agenda_item_for_organizer_or_404(item_id)
    webinar_id, title = item.webinar_id, item.title
    service.delete_item(item)
    db.session.commit()
    flash(_("'%(title)s' was removed from the agenda.", title=title), "success")
    return redirect(url_for("agenda.index", webinar_id=webinar_id))


def _details(form: AgendaItemForm, webinar: Webinar) -> service.ItemDetails:
    starts_at, ends_at = service.slot_from_clock_times(
        webinar,
        form.starts_at.data,
        duration_minutes=form.duration.data,
        end=form.ends_at.data,
        start_fold=form.starts_at_fold.data,
        end_fold=form.ends_at_fold.data,
    )
    return service.ItemDetails(
        starts_at=starts_at,
        ends_at=ends_at,
        title=form.title.data,
        kind=form.kind.data,
        description=form.description.data or None,
        speaker_ids=list(form.speakers.data or []),
    )


def _show_error(form: AgendaItemForm, error: service.AgendaError) -> None:
    if isinstance(error, service.NotInLineup):
        form.speakers.errors.append(error.message)
    elif isinstance(error, service.AmbiguousTime):
        getattr(form, error.field_name).errors.append(error.message)
    else:
        # Time problems concern the start, the duration and the end together.
        form.form_errors.append(error.message)


def _render(template: str, webinar: Webinar, form: AgendaItemForm, **context):
    clock = event_clock(webinar)

    def time_of(moment) -> str:
        """The 24-hour form the time inputs use, with the offset when the webinar spans a change of clocks."""
        text = service.clock_time(moment, webinar)
        return text if clock.single_offset else f"{text} {utc_offset_label(to_local(moment, webinar.timezone))}"

    times = {"start": time_of(webinar.starts_at), "end": time_of(webinar.ends_at), "zone": clock.heading}
    items: list[AgendaItem] = context.get("items", [])
    separator = "–" if clock.single_offset else " – "
    spans = {item.id: f"{time_of(item.starts_at)}{separator}{time_of(item.ends_at)}" for item in items}
    instants = form.instant_choices(service.event_day(webinar), webinar)
    status = 422 if form.errors or form.form_errors else 200
    return (
        render_template(template, webinar=webinar, form=form, window=times, spans=spans, instants=instants, **context),
        status,
    )
