"""Who registered for a webinar, for its summary: confirmed registrants by organization, country,
city, job title and each choice question, the largest groups first.

Every count is a SQL aggregate over grouped rows (hundreds, not one per registrant), so the
number of SQL statements does not grow with the number of registrations.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, func, literal, select, union_all

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.registration.countries import country_name
from webinars.registration.models import Answer, Question, QuestionKind, Registration, RegistrationState
from webinars.summaries.figures_cache import cached

MIN_PUBLIC_GROUP = 5  # public breakdowns: groups under this size go to "others"
TOP_GROUPS = 10


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
