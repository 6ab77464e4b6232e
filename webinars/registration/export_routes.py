"""The registrations of a webinar as a CSV or an Excel file, streamed (memory stays flat at 100,000 rows)."""

from __future__ import annotations

from itertools import chain

from flask import Response, stream_with_context
from flask_babel import gettext as _
from flask_login import login_required

from webinars.events.access import webinar_for_organizer_or_404
from webinars.i18n import current_language
from webinars.registration import builtin_fields, export, service
from webinars.registration import export_xlsx as xlsx
from webinars.registration.admin_blueprint import bp
from webinars.registration.countries import country_name
from webinars.registration.manage_forms import STATE_LABELS
from webinars.zone_names import zone_label

# --- Exports (CSV and Excel) ---------------------------------------------------------------


def export_labels() -> export.ExportLabels:
    language = current_language()
    return export.ExportLabels(
        columns={
            "registered_at": _("Registered at"),
            "state": _("State"),
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "email": _("E-mail"),
            "organization": _("Organization"),
            "job_title": _("Job title"),
            "country": _("Country"),
            "city": _("City"),
            "language": _("Language"),
            "wants_future_events": _("Wants news of future events"),
            "confirmed_at": _("Confirmed at"),
            "cancelled_at": _("Cancelled at"),
            "attended": _("Attended"),
            "joined_at": _("Joined at"),
            "left_at": _("Left at"),
            "minutes_in_session": _("Minutes in session"),
        },
        states={state: str(label) for state, label in STATE_LABELS.items()},
        yes=_("Yes"),
        no=_("No"),
        country_name=lambda code: country_name(code, language) or code,
    )


def hidden_fields_of(webinar) -> list[str]:
    """The built-in fields the webinar's form hides: their columns are left out of the exports."""
    return [name for name, mode in builtin_fields.field_modes(webinar.registrant_fields).items() if mode is builtin_fields.FieldMode.HIDDEN]


@bp.get("/manage/webinars/<int:webinar_id>/registrations.csv")
@login_required
def export_csv(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    question_list = service.questions_of(webinar)
    labels, zone_name = export_labels(), webinar.timezone
    hidden = hidden_fields_of(webinar)
    rows = (
        export.registration_row(record, answers, question_list, zone_name, labels, hidden)
        for record, answers in export.stream_registrations(webinar.id)
    )
    chunks = export.csv_chunks(chain([export.header_row(question_list, labels, hidden)], rows))
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="registrations-{webinar.slug}.csv"'
    response.headers["Cache-Control"] = "private, no-store"  # personal data
    return response


# Columns holding a time: in the Excel file their header names the zone (Excel dates have none).
TIME_COLUMNS = ("registered_at", "confirmed_at", "cancelled_at", "joined_at", "left_at")


@bp.get("/manage/webinars/<int:webinar_id>/registrations.xlsx")
@login_required
def export_xlsx(webinar_id: int):
    """The same columns as the CSV in an Excel file, times as real dates in the webinar's zone."""
    webinar = webinar_for_organizer_or_404(webinar_id)
    question_list = service.questions_of(webinar)
    labels, zone_name = export_labels(), webinar.timezone
    zone = zone_label(zone_name, current_language())
    hidden = hidden_fields_of(webinar)
    header = [
        f"{labels.columns[key]} ({zone})" if key in TIME_COLUMNS else labels.columns[key]
        for key in export.fixed_columns(hidden)
    ] + [question.label for question in question_list]
    rows = (
        export.registration_cells(record, answers, question_list, zone_name, labels, hidden)
        for record, answers in export.stream_registrations(webinar.id)
    )
    chunks = xlsx.xlsx_chunks(header, rows, sheet_name=_("Registrations"))
    response = Response(stream_with_context(chunks), mimetype=XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="registrations-{webinar.slug}.xlsx"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


