"""The 2020 webinar's feedback and certificates of attendance, so the demo shows both.

FICTIONAL, like its audience (demo/data.py): the press report says nothing of what attendees
thought. The answers are generated from a seed (the same on every run) and given only by
attendees; certificates go to those who stayed at least 30 minutes, as the reports say.
Running the demo again adds nothing twice.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from webinars.certificates import service as certificates
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.feedback import service as feedback
from webinars.feedback.models import FeedbackAnswer, FeedbackResponse
from webinars.registration.models import QuestionKind, Registration, RegistrationState
from webinars.questions.editor import QuestionDetails

SEED = 2020
SHARE_ANSWERING = 0.6  # of the attendees
RATINGS = (5, 4, 3, 2, 1)
RATING_WEIGHTS = (46, 36, 12, 4, 2)
# "Would you recommend it", around each rating: promoters rate high, detractors low.
RECOMMENDATIONS = {5: (9, 10, 10, 8), 4: (7, 8, 9, 8), 3: (5, 6, 7), 2: (3, 4, 6), 1: (0, 2, 5)}
COMMENTS = (
    "Très bon panel, des chiffres concrets sur la région.",
    "La signature de la convention en direct était un beau moment.",
    "Un peu court pour les questions du public.",
    "Merci pour l'invitation, très instructif sur Fès Shore.",
    "Le son de l'un des intervenants coupait par moments.",
    "J'aurais aimé plus de détails sur les aides à l'installation.",
    "Excellente modération, rythme soutenu.",
    "Utile pour préparer notre implantation à Fès.",
)
NEXT_TOPIC = QuestionDetails(
    "Quel thème pour le prochain webinaire ?",
    QuestionKind.SINGLE_CHOICE,
    choices=("Formation et compétences", "Investissement et foncier", "Cloud et data centers"),
)


def save_feedback_and_certificates(webinar: Webinar) -> None:
    feedback.save_settings(webinar, enabled=True, rating_is_public=True)
    question = next((q for q in feedback.questions_of(webinar) if q.label == NEXT_TOPIC.label), None)
    if question is None:
        question = feedback.add_question(webinar, NEXT_TOPIC)
    _save_answers(webinar, question.id)
    certificates.save_settings(webinar, enabled=True, minimum_minutes=30)
    # Issued the day after the event, as they would have been (``now`` is the demo's load time).
    certificates.issue_all(webinar, webinar.ends_at + timedelta(days=1))


def _save_answers(webinar: Webinar, question_id: int) -> None:
    attendees = db.session.scalars(
        select(Registration.id)
        .where(
            Registration.webinar_id == webinar.id,
            Registration.state == RegistrationState.CONFIRMED,
            Registration.attended.is_(True),
        )
        .order_by(Registration.email)  # the same order on every database and every run
    ).all()
    answered = set(db.session.scalars(select(FeedbackResponse.registration_id).where(FeedbackResponse.webinar_id == webinar.id)))
    rng = random.Random(SEED)
    for registration_id in attendees:
        # Drawn for everyone, answered or not, so each attendee keeps the same answers on every run.
        answers = rng.random() < SHARE_ANSWERING
        rating = rng.choices(RATINGS, weights=RATING_WEIGHTS)[0]
        recommendation = rng.choice(RECOMMENDATIONS[rating])
        comment = rng.choice(COMMENTS) if rng.random() < 0.25 else None
        topic = rng.choice(NEXT_TOPIC.choices) if rng.random() < 0.7 else None
        answered_at = webinar.ends_at + timedelta(hours=rng.randint(1, 72))
        if not answers or registration_id in answered:
            continue
        db.session.add(
            FeedbackResponse(
                webinar_id=webinar.id,
                registration_id=registration_id,
                rating=rating,
                recommendation=recommendation,
                comment=comment,
                created_at=answered_at,
                updated_at=answered_at,
                answers=[FeedbackAnswer(question_id=question_id, value=topic)] if topic else [],
            )
        )
    db.session.flush()
