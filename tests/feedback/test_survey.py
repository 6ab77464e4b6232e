"""The feedback survey: the organizer switches it on and adds questions; each confirmed registrant answers once
and changes it until it closes (14 days after the end by default); results in the organizer's summary, the
rating on the public summary only when chosen and from 5 answers on, and never a name outside organizer pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.joining.helpers import START, registrant, webinar_on
from webinars.extensions import db
from webinars.feedback import results, service
from webinars.feedback.models import FeedbackAnswer, FeedbackResponse
from webinars.registration.models import QuestionKind, RegistrationState
from webinars.questions.editor import QuestionDetails
from webinars.summaries import service as summaries

END = START + timedelta(hours=2)


@pytest.fixture
def webinar(organizer):
    webinar = webinar_on(organizer.organization, title="Offshoring après la crise")
    service.save_settings(webinar, enabled=True, rating_is_public=False)
    db.session.commit()
    return webinar


def answer(client, token, **fields):
    data = {"rating": "4", "recommendation": "9", "comment": "Très clair, merci."}
    data.update(fields)
    return client.post(f"/r/{token}/feedback?lang=en", data={k: v for k, v in data.items() if v is not None})


def responses() -> list[FeedbackResponse]:
    db.session.expire_all()
    return list(db.session.scalars(select(FeedbackResponse).order_by(FeedbackResponse.id)))


# --- The organizer's settings ----------------------------------------------------------------


def test_the_organizer_switches_the_survey_on_and_adds_questions(client, organizer, clock):
    webinar = webinar_on(organizer.organization)

    switched = client.post(f"/manage/webinars/{webinar.id}/feedback?lang=en", data={"survey-enabled": "y"})
    added = client.post(
        f"/manage/webinars/{webinar.id}/feedback/questions?lang=en",
        data={"question-label": "Which topic next?", "question-kind": "single_choice", "question-choices": "Cloud\nBPO"},
    )

    assert switched.status_code == added.status_code == 302
    assert service.is_enabled(webinar)
    assert [(q.label, q.kind, q.choices) for q in service.questions_of(webinar)] == [
        ("Which topic next?", QuestionKind.SINGLE_CHOICE, ["Cloud", "BPO"])
    ]
    page = client.get(f"/manage/webinars/{webinar.id}/feedback?lang=en").get_data(as_text=True)
    assert "Which topic next?" in page and "It opens when the webinar starts and closes on" in page


def test_a_question_without_options_is_refused_where_typed(client, organizer, clock):
    webinar = webinar_on(organizer.organization)

    response = client.post(
        f"/manage/webinars/{webinar.id}/feedback/questions?lang=en",
        data={"question-label": "Which topic?", "question-kind": "multiple_choice", "question-choices": "Only one"},
    )

    assert response.status_code == 422
    assert "Give at least two options, one per line." in response.get_data(as_text=True)
    assert service.questions_of(webinar) == []


def test_the_organizer_edits_moves_and_deletes_questions(client, webinar, clock):
    first = service.add_question(webinar, QuestionDetails("First?", QuestionKind.SHORT_TEXT))
    second = service.add_question(webinar, QuestionDetails("Second?", QuestionKind.YES_NO))
    db.session.commit()

    client.post(f"/manage/feedback-questions/{second.id}/move/up")
    client.post(f"/manage/feedback-questions/{first.id}/edit", data={"label": "First, renamed?", "kind": "long_text"})
    db.session.expire_all()
    assert [q.label for q in service.questions_of(webinar)] == ["Second?", "First, renamed?"]

    client.post(f"/manage/feedback-questions/{second.id}/delete")
    db.session.expire_all()
    assert [q.label for q in service.questions_of(webinar)] == ["First, renamed?"]


# --- Answering --------------------------------------------------------------------------------


def test_a_registrant_answers_once_and_changes_it_until_the_survey_closes(client, webinar, clock):
    topic = service.add_question(webinar, QuestionDetails("Which topic next?", QuestionKind.MULTIPLE_CHOICE, choices=("Cloud", "BPO")))
    db.session.commit()
    registration, token = registrant(webinar)
    clock.set(END + timedelta(hours=1))

    first = answer(client, token, **{f"question_{topic.id}": ["Cloud", "BPO"]})
    clock.set(END + timedelta(days=13, hours=23))
    changed = answer(client, token, rating="5", recommendation="10", comment="", **{f"question_{topic.id}": "BPO"})

    assert first.status_code == changed.status_code == 302
    [response] = responses()
    assert (response.registration_id, response.rating, response.recommendation, response.comment) == (
        registration.id, 5, 10, None,
    )
    assert [a.value for a in response.answers] == ["BPO"]

    clock.set(END + timedelta(days=14))
    closed = answer(client, token, rating="1")
    page = client.get(f"/r/{token}/feedback?lang=en")
    assert closed.status_code == 409 and responses()[0].rating == 5
    assert page.status_code == 410 and "The survey closed on" in page.get_data(as_text=True)


def test_the_survey_opens_with_the_webinar(client, webinar, clock):
    _registration, token = registrant(webinar)
    clock.set(START - timedelta(minutes=1))

    page = client.get(f"/r/{token}/feedback?lang=en")
    refused = answer(client, token)
    clock.set(START)
    accepted = answer(client, token)

    assert page.status_code == 403 and "The survey opens when the webinar starts." in page.get_data(as_text=True)
    assert refused.status_code == 409
    assert accepted.status_code == 302 and len(responses()) == 1


def test_the_closing_time_is_a_setting(app, client, webinar, clock):
    app.config["FEEDBACK_OPEN_DAYS"] = 2
    _registration, token = registrant(webinar)

    clock.set(END + timedelta(days=2))

    assert answer(client, token).status_code == 409


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": None}, "Choose a rating from 1 to 5."),
        ({"rating": "6"}, "Choose a rating from 1 to 5."),
        ({"recommendation": "11"}, "Choose a number from 0 to 10."),
        ({"recommendation": "ten"}, "Choose a number from 0 to 10."),
        ({"comment": "x" * 5001}, "Field cannot be longer than 5000 characters."),
        ({"comment": "Bien\x07"}, "invisible control character (U+0007)"),
    ],
)
def test_bad_answers_get_a_message_where_typed_and_save_nothing(client, webinar, clock, fields, message):
    _registration, token = registrant(webinar)
    clock.set(END)

    response = answer(client, token, **fields)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert responses() == []


def test_a_required_question_must_be_answered_and_unknown_options_are_refused(client, webinar, clock):
    topic = service.add_question(webinar, QuestionDetails("Topic?", QuestionKind.SINGLE_CHOICE, required=True, choices=("Cloud", "BPO")))
    db.session.commit()
    _registration, token = registrant(webinar)
    clock.set(END)

    missing = answer(client, token)
    forged = answer(client, token, **{f"question_{topic.id}": "Crypto"})

    assert missing.status_code == forged.status_code == 422
    assert "Please answer this question." in missing.get_data(as_text=True)
    assert "Choose among the options offered." in forged.get_data(as_text=True)
    assert responses() == []


@pytest.mark.parametrize("state", [RegistrationState.WAITLISTED, RegistrationState.CANCELLED, RegistrationState.PENDING])
def test_only_registrants_with_a_seat_answer(client, webinar, clock, state):
    _registration, token = registrant(webinar, state=state)
    clock.set(END)

    assert answer(client, token).status_code == 409
    assert responses() == []


def test_without_a_survey_there_is_nothing_to_answer(client, organizer, clock):
    _registration, token = registrant(webinar_on(organizer.organization))
    clock.set(END)

    assert answer(client, token).status_code == 409
    assert "This webinar has no feedback survey." in client.get(f"/r/{token}/feedback?lang=en").get_data(as_text=True)


def test_the_personal_page_links_the_survey_while_it_is_open(client, webinar, clock):
    _registration, token = registrant(webinar)
    clock.set(START - timedelta(hours=1))
    assert f"/r/{token}/feedback" not in client.get(f"/r/{token}?lang=en").get_data(as_text=True)

    clock.set(END)
    page = client.get(f"/r/{token}?lang=en").get_data(as_text=True)
    assert f'href="/r/{token}/feedback"' in page and "Give my feedback" in page
    answer(client, token)
    assert "Change my feedback" in client.get(f"/r/{token}?lang=en").get_data(as_text=True)


# --- Results ----------------------------------------------------------------------------------


def answered(webinar, count, clock, comment=None, **fields):
    clock.set(END)
    for number in range(count):
        registration, _token = registrant(webinar, first_name="Zineb", last_name=f"Secret{number}")
        service.save_response(
            registration, rating=fields.get("rating", 4), recommendation=fields.get("recommendation", 9),
            comment=comment, answers={}, now=clock.now(),
        )
    db.session.commit()


def test_results_average_distribution_and_net_promoter_score(webinar, clock):
    answered(webinar, 3, clock, rating=5, recommendation=10)
    answered(webinar, 1, clock, rating=4, recommendation=8)
    answered(webinar, 1, clock, rating=1, recommendation=3, comment="Son inaudible.")

    found = results.results_of(webinar)

    assert found.answers == 5
    assert found.average_rating == pytest.approx(4.0)
    assert found.ratings == {5: 3, 4: 1, 1: 1}
    assert (found.promoters, found.passives, found.detractors) == (3, 1, 1)
    assert found.net_promoter_score == 40
    assert [text for _when, text in found.comments] == ["Son inaudible."]


def test_the_organizers_summary_shows_the_results_without_names(client, webinar, clock):
    answered(webinar, 2, clock, rating=5, comment="Excellent panel.")
    clock.set(END + timedelta(hours=1))

    html = client.get(f"/manage/webinars/{webinar.id}/summary?lang=en").get_data(as_text=True)

    assert "Feedback" in html and "5.0 / 5" in html and "+100" in html
    assert "Excellent panel." in html
    assert 'class="chart chart-breakdown"' in html
    assert "Secret0" not in html  # names only on the answers page
    names_page = client.get(f"/manage/webinars/{webinar.id}/feedback/answers?lang=en").get_data(as_text=True)
    assert "Zineb Secret0" in names_page and "Excellent panel." in names_page


def publish_summary(webinar, clock):
    summary = summaries.summary_for(webinar, clock.now())
    summaries.save_article(summary, "Retour", "Le webinaire a eu lieu.")
    summaries.publish(summary, clock.now())
    db.session.commit()


def test_the_public_summary_shows_the_rating_only_when_chosen_and_from_five_answers(client, webinar, clock):
    answered(webinar, 4, clock, rating=4, comment="Un commentaire privé.")
    clock.set(END + timedelta(days=1))
    publish_summary(webinar, clock)
    public = f"/webinars/{webinar.slug}/summary?lang=en"
    assert "Average rating" not in client.get(public).get_data(as_text=True)  # not chosen

    service.save_settings(webinar, enabled=True, rating_is_public=True)
    db.session.commit()
    assert "Average rating" not in client.get(public).get_data(as_text=True)  # 4 answers only

    answered(webinar, 1, clock, rating=5)
    clock.set(END + timedelta(days=1))
    html = client.get(public).get_data(as_text=True)
    assert "Average rating from the feedback survey" in html and "4.2 / 5 (5 answers)" in html
    assert "Un commentaire privé." not in html and "Secret" not in html
    markdown = client.get(f"/webinars/{webinar.slug}/summary.md").get_data(as_text=True)
    assert "4,2 / 5 (5 réponses)" in markdown  # the documents are in the webinar's language


def test_the_thank_you_follow_up_links_the_survey(client, webinar, clock, organizer):
    from webinars.mail.models import OutboxMessage
    from webinars.summaries.followup_sending import send_requested_follow_ups
    from webinars.summaries.followups import request_sending

    registration, _token = registrant(webinar, email="amina@example.org", attended=True, language="en")
    registrant(webinar, email="omar@example.org")  # did not attend: no survey link
    clock.set(END + timedelta(hours=1))
    publish_summary(webinar, clock)
    request_sending(webinar, organizer.user)
    db.session.commit()

    send_requested_follow_ups()

    thanks = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "amina@example.org"))
    missed = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "omar@example.org"))
    import re

    path = re.search(r"http://localhost(/r/[A-Za-z0-9_-]{43}/feedback)", thanks.text_body).group(1)
    assert "/feedback" not in missed.text_body
    assert client.get(f"{path}?lang=en").status_code == 200
    assert client.post(path, data={"rating": "5", "recommendation": "10"}).status_code == 302
    assert responses()[0].registration_id == registration.id


def test_answers_go_with_the_registration(webinar, clock):
    answered(webinar, 1, clock, comment="À effacer.")
    db.session.delete(db.session.scalar(select(FeedbackResponse)).registration)
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(FeedbackResponse)) == 0
    assert db.session.scalar(select(func.count()).select_from(FeedbackAnswer)) == 0


def test_the_follow_ups_preview_shows_the_survey_link(client, webinar, clock):
    registrant(webinar, attended=True)
    clock.set(END + timedelta(hours=1))

    html = client.get(f"/manage/webinars/{webinar.id}/summary/follow-ups?lang=en").get_data(as_text=True)

    assert "Dites-nous ce que vous en avez pensé, en une minute" in html  # the webinar's language first
    assert "http://localhost/r/…/feedback" in html
