"""A summary's figures frozen before the data behind them is anonymized.

The retention job (webinars/privacy/retention.py) erases registrants' names, organizations, job
titles, cities and answers once the organization's retention period is over. The summary's
breakdowns are counted from exactly those columns, so just before, the job stores what the
summary is drawn from: the attendance figures and the breakdowns' counts, before any translation
(country names, "Others" and yes/no are translated when shown, so the frozen summary still reads
in French and in English). From then on ``attendance.py`` and ``breakdowns.py`` read these
instead of counting, and the summary, its public page, Markdown and PDF read the same as before.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.summaries.attendance import (
    AttendanceFigures,
    AttendanceSource,
    DayCount,
    live_attendance_figures,
)
from webinars.summaries.breakdowns import BreakdownCounts, breakdown_counts
from webinars.summaries.models import Summary

FORMAT = 1  # of the stored JSON


@dataclass(frozen=True)
class FrozenFigures:
    attendance: AttendanceFigures
    breakdown_counts: BreakdownCounts


def freeze_figures(webinar: Webinar, now: datetime) -> bool:
    """Store the webinar's figures on its summary (created if no organizer opened it yet).

    Only once: figures frozen earlier were counted from the data as it was, which is gone now.
    Returns whether this call froze them. A cancelled webinar has no summary, hence nothing to freeze.
    """
    if webinar.is_cancelled:
        return False
    summary = db.session.scalar(select(Summary).where(Summary.webinar_id == webinar.id))
    if summary is None:
        summary = Summary(webinar=webinar)
        db.session.add(summary)
    elif summary.frozen_figures is not None:
        return False
    # As shown, source included (report, check-in or join clicks): the join clicks go with the data too.
    summary.frozen_figures = dumps(FrozenFigures(live_attendance_figures(webinar), breakdown_counts(webinar)))
    summary.figures_frozen_at = now
    db.session.flush()
    return True


def frozen_figures_of(webinar_id: int) -> FrozenFigures | None:
    stored = db.session.scalar(select(Summary.frozen_figures).where(Summary.webinar_id == webinar_id))
    return loads(stored) if stored else None


def _source_of(attendance: dict) -> AttendanceSource:
    if not attendance.get("attendees"):
        return AttendanceSource.NONE
    return AttendanceSource.REPORT if attendance.get("minutes_reported") else AttendanceSource.CHECK_IN


def dumps(frozen: FrozenFigures) -> str:
    attendance = asdict(frozen.attendance)
    attendance["per_day"] = [[day.day.isoformat(), day.count] for day in frozen.attendance.per_day]
    attendance.pop("capacity")  # the webinar's, read from it when shown
    counts = frozen.breakdown_counts
    return json.dumps(
        {
            "format": FORMAT,
            "attendance": attendance,
            "fields": {key: [list(group) for group in groups] for key, groups in counts.fields.items()},
            # JSON keys are strings: question ids become "12".
            "choices": {str(question): [list(group) for group in groups] for question, groups in counts.choices.items()},
            "respondents": {str(question): people for question, people in counts.respondents.items()},
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def loads(stored: str) -> FrozenFigures:
    data = json.loads(stored)
    attendance = dict(data["attendance"])
    attendance["per_day"] = [DayCount(date.fromisoformat(day), count) for day, count in attendance["per_day"]]
    # Figures frozen before the join clicks existed have no source: the report's or the check-in's.
    attendance["source"] = AttendanceSource(attendance.get("source") or _source_of(attendance))
    return FrozenFigures(
        attendance=AttendanceFigures(capacity=None, **attendance),
        breakdown_counts=BreakdownCounts(
            fields={key: [(label, people) for label, people in groups] for key, groups in data["fields"].items()},
            choices={int(question): [(value, people) for value, people in groups] for question, groups in data["choices"].items()},
            respondents={int(question): people for question, people in data["respondents"].items()},
        ),
    )
