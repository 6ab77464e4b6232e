"""The computed part of a webinar's summary: attendance, registrations per day, breakdowns, signed agreements.

Every figure is a SQL aggregate, so the summary stays current and fast at
100,000 registrations; Python only folds the aggregated rows (counts per state,
per quarter-hour, per group), never the registrations themselves. The number
of SQL statements does not grow with the number of registrations.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import Integer, and_, case, exists, func, literal, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.functions import FunctionElement

from webinars.agreements.models import Agreement, AgreementKind, AgreementStatus, SignatoryState
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.joining.service import clicked_join_count
from webinars.registration.countries import country_name
from webinars.registration.models import Answer, Question, QuestionKind, Registration, RegistrationState
from webinars.summaries.figures_cache import cached

MIN_PUBLIC_GROUP = 5  # public breakdowns: groups under this size go to "others"
TOP_GROUPS = 10


# --- Agreements signed ------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedParty:
    party_name: str
    full_name: str
    position: str | None
    signed_at: datetime | None


@dataclass(frozen=True)
class SignedAgreement:
    title: str
    kind: AgreementKind
    completed_at: datetime
    parties: list[SignedParty]
    verification_code: str | None


def signed_agreements(webinar: Webinar, *, conventions_only: bool) -> list[SignedAgreement]:
    """The webinar's completed agreements, oldest completion first, with who signed for each party and when."""
    query = (
        select(Agreement)
        .where(Agreement.webinar_id == webinar.id, Agreement.status == AgreementStatus.COMPLETED)
        .options(selectinload(Agreement.signatories))
        .order_by(Agreement.completed_at, Agreement.id)
    )
    if conventions_only:
        query = query.where(Agreement.kind == AgreementKind.CONVENTION)
    return [
        SignedAgreement(
            title=agreement.title or "",
            kind=agreement.kind,
            completed_at=agreement.completed_at,
            parties=[
                SignedParty(
                    party_name=signatory.party_name,
                    full_name=signatory.full_name,
                    position=signatory.position,
                    signed_at=signatory.answered_at if signatory.state is SignatoryState.SIGNED else None,
                )
                for signatory in agreement.signatories
            ],
            verification_code=agreement.verification_code,
        )
        for agreement in db.session.scalars(query)
    ]


# --- Attendance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


class AttendanceSource(enum.StrEnum):
    """Where the attendees counted come from, which the summary says."""

    REPORT = "report"  # the platform's attendance report was imported (with minutes in the session)
    CHECK_IN = "check_in"  # marked by hand by the organizers
    JOIN_CLICKS = "join_clicks"  # nothing recorded: those who clicked "Join now" on their join page
    NONE = "none"  # nobody recorded, nobody clicked

    @property
    def label(self) -> str:
        return {
            AttendanceSource.REPORT: _("the platform's attendance report"),
            AttendanceSource.CHECK_IN: _("the organizers' check-in"),
            AttendanceSource.JOIN_CLICKS: _("clicks on “Join now” (no attendance report imported)"),
            AttendanceSource.NONE: _("nothing yet: no attendance report, no click on “Join now”"),
        }[self]


@dataclass(frozen=True)
class AttendanceFigures:
    confirmed: int
    waitlisted: int
    pending: int
    rejected: int
    cancelled: int
    capacity: int | None
    attendees: int  # confirmed registrations with attended = true
    no_shows: int  # confirmed - attendees
    attendance_rate: float | None  # attendees / confirmed (0..1), None when nobody is confirmed
    minutes_reported: int  # attendees with a minutes_in_session value
    average_minutes: float | None
    median_minutes: float | None  # None when minutes_reported == 0
    # Registrations created per local day (webinar.timezone), any state, from the first
    # registration's day to the webinar's day (or the last registration's, if later), zero-filled.
    per_day: list[DayCount]
    source: AttendanceSource = AttendanceSource.NONE

    @property
    def waitlist_size(self) -> int:
        return self.waitlisted


QUARTER_HOUR = 900  # seconds; every UTC offset in use is a multiple of 15 minutes


class quarter_hour(FunctionElement):
    """The number of the UTC quarter-hour a timestamp falls in (epoch seconds // 900).

    Grouping by quarter-hour rather than by day keeps the time-zone arithmetic in
    Python (zoneinfo), where offsets such as +5:30 and DST changes are right,
    while the database returns at most 96 rows a day.
    """

    type = Integer()
    inherit_cache = True


@compiles(quarter_hour, "sqlite")
def _quarter_hour_sqlite(element, compiler, **kw):
    # UTCDateTime stores naive UTC text on SQLite, which strftime reads as UTC.
    return f"(CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER) / {QUARTER_HOUR})"


@compiles(quarter_hour)
def _quarter_hour_default(element, compiler, **kw):
    # date_part() gives a double, several times faster to divide than extract()'s numeric on PostgreSQL;
    # whole seconds are exact in a double, so the quarter-hour boundaries are too.
    return f"CAST(floor(date_part('epoch', {compiler.process(element.clauses, **kw)}) / {QUARTER_HOUR}) AS INTEGER)"


def attendance_figures(webinar: Webinar) -> AttendanceFigures:
    """The figures: frozen ones once the registrants' data is anonymized (webinars/privacy/), else live."""
    from webinars.summaries.frozen import frozen_figures_of

    frozen = frozen_figures_of(webinar.id)
    if frozen is not None:  # the registrants' data is anonymized: the figures counted just before
        return replace(frozen.attendance, capacity=webinar.capacity)
    return live_attendance_figures(webinar)


def live_attendance_figures(webinar: Webinar) -> AttendanceFigures:
    """The figures, attendees from the imported report or the check-in, else from the join clicks."""
    figures = cached(webinar.id, ("attendance",), lambda: count_attendance(webinar))
    # The capacity is the webinar's, not the registrations': never taken from the cache.
    figures = replace(figures, capacity=webinar.capacity)
    if figures.attendees:
        return replace(
            figures, source=AttendanceSource.REPORT if figures.minutes_reported else AttendanceSource.CHECK_IN
        )
    # Nothing recorded by the organizers: who clicked "Join now" stands in. Counted apart from the
    # cache, whose version moves with registrations, not with clicks (which do not touch them).
    clicked = clicked_join_count(webinar.id)
    if not clicked:
        return figures
    return replace(
        figures,
        attendees=clicked,
        no_shows=figures.confirmed - clicked,
        attendance_rate=clicked / figures.confirmed if figures.confirmed else None,
        source=AttendanceSource.JOIN_CLICKS,
    )


def count_attendance(webinar: Webinar) -> AttendanceFigures:
    attended_minutes = case((Registration.attended.is_(True), Registration.minutes_in_session))
    by_state = {
        state: (count, attendees, minutes_reported, average)
        for state, count, attendees, minutes_reported, average in db.session.execute(
            select(
                Registration.state,
                func.count(),
                func.coalesce(func.sum(case((Registration.attended.is_(True), 1), else_=0)), 0),
                func.count(attended_minutes),
                func.avg(attended_minutes),
            )
            .where(Registration.webinar_id == webinar.id)
            .group_by(Registration.state)
        )
    }
    counts = {state: by_state.get(state, (0, 0, 0, None))[0] for state in RegistrationState}
    _count, attendees, minutes_reported, average = by_state.get(RegistrationState.CONFIRMED, (0, 0, 0, None))
    confirmed = counts[RegistrationState.CONFIRMED]
    return AttendanceFigures(
        confirmed=confirmed,
        waitlisted=counts[RegistrationState.WAITLISTED],
        pending=counts[RegistrationState.PENDING],
        rejected=counts[RegistrationState.REJECTED],
        cancelled=counts[RegistrationState.CANCELLED],
        capacity=webinar.capacity,
        attendees=attendees,
        no_shows=confirmed - attendees,
        attendance_rate=attendees / confirmed if confirmed else None,
        minutes_reported=minutes_reported,
        average_minutes=float(average) if minutes_reported else None,
        median_minutes=_median_minutes(webinar, minutes_reported),
        per_day=_registrations_per_day(webinar),
    )


def _median_minutes(webinar: Webinar, reported: int) -> float | None:
    """The middle value (or the mean of the two middle ones), read with LIMIT/OFFSET:
    SQLite has no percentile function and this gives the same result as PostgreSQL's."""
    if not reported:
        return None
    middle = list(
        db.session.scalars(
            select(Registration.minutes_in_session)
            .where(
                Registration.webinar_id == webinar.id,
                Registration.state == RegistrationState.CONFIRMED,
                Registration.attended.is_(True),
                Registration.minutes_in_session.is_not(None),
            )
            .order_by(Registration.minutes_in_session)
            .limit(2 if reported % 2 == 0 else 1)
            .offset((reported - 1) // 2)
        )
    )
    return sum(middle) / len(middle)


def _registrations_per_day(webinar: Webinar) -> list[DayCount]:
    bucket = quarter_hour(Registration.created_at)
    rows = db.session.execute(
        select(bucket, func.count()).where(Registration.webinar_id == webinar.id).group_by(bucket)
    ).all()
    if not rows:
        return []
    zone = ZoneInfo(webinar.timezone)
    per_day: dict[date, int] = {}
    for quarter, count in rows:
        day = datetime.fromtimestamp(quarter * QUARTER_HOUR, UTC).astimezone(zone).date()
        per_day[day] = per_day.get(day, 0) + count
    first = min(per_day)
    last = max(max(per_day), webinar.starts_at.astimezone(zone).date())
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [DayCount(day, per_day.get(day, 0)) for day in days]


# --- Breakdowns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    label: str
    count: int
    is_others: bool = False


@dataclass(frozen=True)
class Breakdown:
    key: str  # "affiliation", "country", "city", "job_title", or f"question-{id}"
    title: str  # translated heading, or the question's label
    total: int  # people counted (confirmed registrants who answered / filled the field)
    groups: list[Group]  # largest first (ties by label), at most TOP_GROUPS, then one "others" group if any


FIELD_COLUMNS = {
    "affiliation": Registration.affiliation,
    "country": Registration.country,
    "city": Registration.city,
    "job_title": Registration.job_title,
}
CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.YES_NO)


def _field_titles() -> dict[str, str]:
    return {"affiliation": _("Organization"), "country": _("Country"), "city": _("City"), "job_title": _("Job title")}


def breakdowns(webinar: Webinar, *, public: bool) -> list[Breakdown]:
    """Confirmed registrants by organization, country, city, job title and each choice question.

    ``public``: no named group smaller than MIN_PUBLIC_GROUP, so that nobody can
    be singled out on the public page; those people are counted in "others".
    Once the registrants' data is anonymized, drawn from the counts frozen just before (frozen.py).
    """
    from webinars.summaries.frozen import frozen_figures_of

    frozen = frozen_figures_of(webinar.id)
    if frozen is not None:
        return breakdowns_from(webinar, frozen.breakdown_counts, public)
    # Labels are translated (countries, "Others", yes/no): one entry per language.
    return cached(webinar.id, ("breakdowns", public, current_language()), lambda: _count_breakdowns(webinar, public))


def _count_breakdowns(webinar: Webinar, public: bool) -> list[Breakdown]:
    questions = _choice_questions(webinar)
    return breakdowns_from(webinar, breakdown_counts(webinar, questions), public, questions)


@dataclass(frozen=True)
class BreakdownCounts:
    """What the breakdowns are drawn from, before any translation or grouping into "others".

    ``fields``: per field, each group as one of its stored spellings and its people;
    ``choices``: per choice question, each option's people; ``respondents``: per
    multiple-choice question, the people who chose at least one option.
    """

    fields: dict[str, list[tuple[str, int]]]
    choices: dict[int, list[tuple[str, int]]]
    respondents: dict[int, int]


def breakdown_counts(webinar: Webinar, questions: list[Question] | None = None) -> BreakdownCounts:
    """``questions``: the webinar's choice questions, when the caller has them already."""
    confirmed = and_(Registration.webinar_id == webinar.id, Registration.state == RegistrationState.CONFIRMED)
    choices, respondents = _count_choices(confirmed, _choice_questions(webinar) if questions is None else questions)
    return BreakdownCounts(fields=_count_fields(confirmed), choices=choices, respondents=respondents)


def breakdowns_from(
    webinar: Webinar, counts: BreakdownCounts, public: bool, questions: list[Question] | None = None
) -> list[Breakdown]:
    """The breakdowns drawn from ``counts``, labelled in the current language."""
    questions = _choice_questions(webinar) if questions is None else questions
    return [
        breakdown
        for breakdown in (*_field_breakdowns(counts, public), *_question_breakdowns(questions, counts, public))
        if breakdown.total > 0
    ]


def _count_fields(confirmed) -> dict[str, list[tuple[str, int]]]:
    """One statement for the four fields. The database counts each stored spelling; the spellings
    of one group ("Fès", " FÈS ") are merged here, on the grouped rows (hundreds, not one per
    registrant). Grouping on the plain column spares the database a lower(trim(...)) per row and a
    sort on it (2.5 times faster on SQLite), and casefold() also folds the accented capitals that
    SQLite's lower() leaves alone."""
    parts = [
        select(literal(key).label("field"), column.label("value"), func.count().label("people"))
        .where(confirmed, column != "")
        .group_by(column)
        for key, column in FIELD_COLUMNS.items()
    ]
    counted: dict[str, dict[str, tuple[str, int]]] = {key: {} for key in FIELD_COLUMNS}
    for key, value, people in db.session.execute(union_all(*parts)):
        label = value.strip()
        if not label:
            continue
        previous_label, previous_count = counted[key].get(label.casefold(), (label, 0))
        counted[key][label.casefold()] = (min(previous_label, label), previous_count + people)
    return {key: list(groups.values()) for key, groups in counted.items()}


def _field_breakdowns(counts: BreakdownCounts, public: bool) -> list[Breakdown]:
    language = current_language()
    titles = _field_titles()
    result = []
    for key in FIELD_COLUMNS:
        labelled = [
            (country_name(label.upper(), language) if key == "country" else label, people)
            for label, people in counts.fields.get(key, [])
        ]
        total = sum(people for _label, people in labelled)
        result.append(Breakdown(key=key, title=titles[key], total=total, groups=_top_groups(labelled, total, public)))
    return result


def _choice_questions(webinar: Webinar) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.webinar_id == webinar.id, Question.kind.in_(CHOICE_KINDS))
            .order_by(Question.position, Question.id)
        )
    )


def _count_choices(confirmed, questions: list[Question]) -> tuple[dict[int, list[tuple[str, int]]], dict[int, int]]:
    if not questions:
        return {}, {}
    # One row per (question, option): a registrant's answers hold each option at most once
    # (registration.service.save_answers), so count() counts people.
    chosen = db.session.execute(
        select(Answer.question_id, Answer.value, func.count())
        .join(Registration, Registration.id == Answer.registration_id)
        .join(Question, Question.id == Answer.question_id)
        .where(confirmed, Question.kind.in_(CHOICE_KINDS))
        .group_by(Answer.question_id, Answer.value)
    ).all()
    values: dict[int, list[tuple[str, int]]] = {question.id: [] for question in questions}
    for question_id, value, people in chosen:
        values.setdefault(question_id, []).append((value, people))
    return values, _multiple_choice_respondents(confirmed, questions)


def _question_breakdowns(questions: list[Question], counts: BreakdownCounts, public: bool) -> list[Breakdown]:
    yes_no_labels = {"yes": _("Yes"), "no": _("No")}
    result = []
    for question in questions:
        groups = counts.choices.get(question.id, [])
        if question.kind is QuestionKind.YES_NO:
            groups = [(yes_no_labels.get(value, value), people) for value, people in groups]
        choices = sum(people for _value, people in groups)
        result.append(
            Breakdown(
                key=f"question-{question.id}",
                title=question.label,
                total=counts.respondents.get(question.id, 0)
                if question.kind is QuestionKind.MULTIPLE_CHOICE
                else choices,
                groups=_top_groups(groups, choices, public),
            )
        )
    return result


def _multiple_choice_respondents(confirmed, questions: list[Question]) -> dict[int, int]:
    """Confirmed registrants who chose at least one option, per multiple-choice question (fewer than
    the options chosen); the other kinds have one answer at most, so their sum is the total.

    One column per question in a single pass over the registrants, each an EXISTS on the
    (registration, question) index: PostgreSQL misestimates the join form of this query badly
    (nested loops over every answer) while this one has one predictable plan on both databases.
    """
    multiple = [question.id for question in questions if question.kind is QuestionKind.MULTIPLE_CHOICE]
    if not multiple:
        return {}
    columns = [
        func.coalesce(
            func.sum(
                case(
                    (exists().where(Answer.registration_id == Registration.id, Answer.question_id == question_id), 1),
                    else_=0,
                )
            ),
            0,
        )
        for question_id in multiple
    ]
    counts = db.session.execute(select(*columns).where(confirmed)).one()
    return dict(zip(multiple, counts, strict=True))


def _top_groups(groups: list[tuple[str, int]], counted: int, public: bool) -> list[Group]:
    """The TOP_GROUPS largest groups (ties by label), then "others" for everyone else.

    ``counted`` is the sum of the groups' counts, so "others" is what the named groups leave.
    """
    ranked = sorted(groups, key=lambda group: (-group[1], group[0]))
    if public:
        ranked = [group for group in ranked if group[1] >= MIN_PUBLIC_GROUP]
    named = [Group(label, people) for label, people in ranked[:TOP_GROUPS]]
    others = counted - sum(group.count for group in named)
    if others > 0:
        named.append(Group(_("Others"), others, is_others=True))
    return named
