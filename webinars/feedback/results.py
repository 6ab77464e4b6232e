"""What the survey says, in aggregates: average rating, its distribution, the Net Promoter Score,
the comments and the organizer's questions. SQL aggregates, a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from sqlalchemy import func, select

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.feedback import service
from webinars.feedback.models import RATINGS, FeedbackAnswer, FeedbackQuestion, FeedbackResponse
from webinars.registration.models import QuestionKind
from webinars.summaries.breakdowns import Breakdown, Group
from webinars.summaries.charts import breakdown_svg
from webinars.summaries.exports import FigureLine

MIN_PUBLIC_ANSWERS = 5  # the public summary shows the rating from this many answers on


@dataclass(frozen=True)
class QuestionResult:
    label: str
    kind: QuestionKind
    answered: int  # people who answered
    choices: list[Group] = field(default_factory=list)  # the choice kinds: people per option, in the offered order
    texts: list[str] = field(default_factory=list)  # the text kinds: the answers, newest first


@dataclass(frozen=True)
class FeedbackResults:
    answers: int
    average_rating: float | None
    ratings: dict[int, int]  # 5 -> people who rated 5, ...
    promoters: int  # 9 or 10
    passives: int  # 7 or 8
    detractors: int  # 0 to 6
    comments: list[tuple[datetime, str]]  # newest first, without names
    questions: list[QuestionResult]

    @property
    def net_promoter_score(self) -> int | None:
        """Promoters minus detractors, in percent of the answers (-100 to 100)."""
        if not self.answers:
            return None
        return round((self.promoters - self.detractors) * 100 / self.answers)

    def average_text(self, locale: str) -> str:
        """'4.3' or '4,3'."""
        return format_decimal(round(self.average_rating or 0, 1), format="0.0", locale=locale)

    def rating_chart(self) -> Markup:
        groups = [Group(_("%(stars)d out of 5", stars=stars), self.ratings.get(stars, 0)) for stars in reversed(RATINGS)]
        return breakdown_svg(Breakdown("rating", _("Overall rating"), self.answers, groups))

    def recommendation_chart(self) -> Markup:
        groups = [
            Group(_("Promoters (9–10)"), self.promoters),
            Group(_("Passives (7–8)"), self.passives),
            Group(_("Detractors (0–6)"), self.detractors),
        ]
        return breakdown_svg(Breakdown("recommendation", _("Would recommend"), self.answers, groups))


def results_of(webinar: Webinar) -> FeedbackResults:
    ratings = dict(
        db.session.execute(
            select(FeedbackResponse.rating, func.count())
            .where(FeedbackResponse.webinar_id == webinar.id)
            .group_by(FeedbackResponse.rating)
        ).all()
    )
    recommendations = dict(
        db.session.execute(
            select(FeedbackResponse.recommendation, func.count())
            .where(FeedbackResponse.webinar_id == webinar.id)
            .group_by(FeedbackResponse.recommendation)
        ).all()
    )
    answers = sum(ratings.values())
    comments = db.session.execute(
        select(FeedbackResponse.updated_at, FeedbackResponse.comment)
        .where(FeedbackResponse.webinar_id == webinar.id, FeedbackResponse.comment.is_not(None))
        .order_by(FeedbackResponse.updated_at.desc(), FeedbackResponse.id.desc())
    ).all()
    return FeedbackResults(
        answers=answers,
        average_rating=sum(stars * count for stars, count in ratings.items()) / answers if answers else None,
        ratings=ratings,
        promoters=sum(count for score, count in recommendations.items() if score >= 9),
        passives=sum(count for score, count in recommendations.items() if 7 <= score <= 8),
        detractors=sum(count for score, count in recommendations.items() if score <= 6),
        comments=[(when, text) for when, text in comments],
        questions=_question_results(webinar),
    )


def _question_results(webinar: Webinar) -> list[QuestionResult]:
    questions = service.questions_of(webinar)
    if not questions:
        return []
    rows = db.session.execute(
        select(FeedbackAnswer.question_id, FeedbackAnswer.value, FeedbackAnswer.response_id)
        .join(FeedbackQuestion, FeedbackQuestion.id == FeedbackAnswer.question_id)
        .where(FeedbackQuestion.webinar_id == webinar.id)
        .order_by(FeedbackAnswer.id.desc())
    ).all()
    values: dict[int, list[tuple[str, int]]] = {question.id: [] for question in questions}
    for question_id, value, response_id in rows:
        values[question_id].append((value, response_id))
    yes_no = {"yes": _("Yes"), "no": _("No")}
    results = []
    for question in questions:
        given = values[question.id]
        answered = len({response_id for _value, response_id in given})
        if service.is_choice(question):
            offered = ["yes", "no"] if question.kind is QuestionKind.YES_NO else question.choices
            counts = {option: 0 for option in offered}
            for value, _response_id in given:
                counts[value] = counts.get(value, 0) + 1  # an option renamed since keeps its answers
            groups = [Group(yes_no.get(option, option), count) for option, count in counts.items()]
            results.append(QuestionResult(question.label, question.kind, answered, choices=groups))
        else:
            results.append(QuestionResult(question.label, question.kind, answered, texts=[value for value, _ in given]))
    return results


def public_rating(webinar: Webinar) -> tuple[float, int] | None:
    """The average rating and the number of answers, where the organizer shows it publicly and enough people answered."""
    survey = service.survey_of(webinar.id)
    if survey is None or not survey.enabled or not survey.rating_is_public:
        return None
    answers, average = db.session.execute(
        select(func.count(), func.avg(FeedbackResponse.rating)).where(FeedbackResponse.webinar_id == webinar.id)
    ).one()
    if answers < MIN_PUBLIC_ANSWERS:
        return None
    return float(average), answers


def public_rating_lines(webinar: Webinar, locale: str) -> list[FigureLine]:
    """The public summary's line for the rating (page, Markdown and PDF), when it is shown."""
    rating = public_rating(webinar)
    if rating is None:
        return []
    return [FigureLine(_("Average rating from the feedback survey"), rating_label(*rating, locale))]


def rating_label(average: float, answers: int, locale: str) -> str:
    """'4.3 / 5 (62 answers)', '4,3 / 5 (62 réponses)'."""
    return ngettext(
        "%(average)s / 5 (%(count)s answer)",
        "%(average)s / 5 (%(count)s answers)",
        answers,
        average=format_decimal(round(average, 1), format="0.0", locale=locale),
        count=format_decimal(answers, locale=locale),
    )
