"""The organizer's editor of a webinar's custom questions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.registration.fixtures.registrants import add_question, answer, make_registration, published_webinar
from webinars.extensions import db
from webinars.registration.models import Answer, Question, QuestionKind


@pytest.fixture
def webinar(organizer, clock):
    return published_webinar(organizer.organization)


def questions_url(webinar) -> str:
    return f"/manage/webinars/{webinar.id}/questions?lang=en"


def saved_questions(webinar) -> list[Question]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(Question).where(Question.webinar_id == webinar.id).order_by(Question.position, Question.id))
    )


def test_add_questions_of_every_kind_in_order(client, webinar):
    posts = [
        {"label": "Your sector?", "kind": "short_text"},
        {"label": "What do you expect?", "kind": "long_text", "required": "y"},
        {"label": "Company size", "kind": "single_choice", "choices": "1-10\r\n11-250\r\n\r\n250+ "},
        {"label": "Topics", "kind": "multiple_choice", "choices": "Cloud\nAI"},
        {"label": "First webinar with us?", "kind": "yes_no", "choices": "ignored"},
    ]
    for data in posts:
        response = client.post(questions_url(webinar), data=data)
        assert response.status_code == 302

    questions = saved_questions(webinar)
    assert [(q.label, q.kind, q.required) for q in questions] == [
        ("Your sector?", QuestionKind.SHORT_TEXT, False),
        ("What do you expect?", QuestionKind.LONG_TEXT, True),
        ("Company size", QuestionKind.SINGLE_CHOICE, False),
        ("Topics", QuestionKind.MULTIPLE_CHOICE, False),
        ("First webinar with us?", QuestionKind.YES_NO, False),
    ]
    assert questions[2].choices == ["1-10", "11-250", "250+"]
    assert questions[4].choices_text is None  # options only for the choice kinds

    page = client.get(questions_url(webinar)).get_data(as_text=True)
    assert page.index("Your sector?") < page.index("Company size") < page.index("First webinar with us?")
    assert "Multiple choice" in page and "Yes / no" in page

    # the public form asks them, in this order
    form = client.get(f"/webinars/{webinar.slug}/register?lang=en").get_data(as_text=True)
    assert form.index("Your sector?") < form.index("Company size") < form.index("Topics")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "", "kind": "short_text"}, "Write the question."),
        ({"label": "Size", "kind": "single_choice", "choices": ""}, "Give at least two options, one per line."),
        ({"label": "Size", "kind": "multiple_choice", "choices": "Only one"}, "Give at least two options, one per line."),
        ({"label": "Size", "kind": "single_choice", "choices": "Small\nLarge\nsmall"}, "“small” is listed twice."),
        ({"label": "Size", "kind": "salary"}, "Not a valid choice"),
        ({"label": "x" * 301, "kind": "short_text"}, "Field cannot be longer than 300 characters."),
    ],
)
def test_bad_questions_are_refused_with_a_message(client, webinar, data, message):
    response = client.post(questions_url(webinar), data=data)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert saved_questions(webinar) == []


def test_edit_a_question(client, webinar):
    question = add_question(webinar, "Company size", QuestionKind.SINGLE_CHOICE, choices=["Small", "Large"])

    form = client.get(f"/manage/questions/{question.id}/edit?lang=en").get_data(as_text=True)
    assert "Company size" in form and "Small\nLarge" in form

    response = client.post(
        f"/manage/questions/{question.id}/edit",
        data={"label": "Size of your company", "kind": "multiple_choice", "required": "y", "choices": "Small\nMedium\nLarge"},
    )
    assert response.status_code == 302
    saved = saved_questions(webinar)[0]
    assert (saved.label, saved.kind, saved.required, saved.choices) == (
        "Size of your company", QuestionKind.MULTIPLE_CHOICE, True, ["Small", "Medium", "Large"]
    )

    refused = client.post(f"/manage/questions/{question.id}/edit", data={"label": "Size", "kind": "single_choice", "choices": "One"})
    assert refused.status_code == 422
    assert saved_questions(webinar)[0].label == "Size of your company"


def test_move_questions_up_and_down(client, webinar):
    first = add_question(webinar, "First", position=0)
    second = add_question(webinar, "Second", position=1)
    third = add_question(webinar, "Third", position=2)

    client.post(f"/manage/questions/{third.id}/move/up")
    assert [q.label for q in saved_questions(webinar)] == ["First", "Third", "Second"]
    client.post(f"/manage/questions/{first.id}/move/down")
    assert [q.label for q in saved_questions(webinar)] == ["Third", "First", "Second"]
    client.post(f"/manage/questions/{second.id}/move/down")  # already last: nothing moves
    assert [q.label for q in saved_questions(webinar)] == ["Third", "First", "Second"]


def test_a_question_without_answers_is_deleted_at_once(client, webinar):
    question = add_question(webinar, "Your sector?")

    response = client.post(f"/manage/questions/{question.id}/delete")

    assert response.status_code == 302
    assert saved_questions(webinar) == []


def test_deleting_a_question_with_answers_asks_first_and_then_deletes_its_answers(client, webinar):
    question = add_question(webinar, "Topics", QuestionKind.MULTIPLE_CHOICE, choices=["Cloud", "AI"])
    kept = add_question(webinar, "Your city?", position=1)
    for email in ("amina@example.org", "karim@example.org"):
        registration = make_registration(webinar, email)
        answer(registration, question, "Cloud", "AI")  # two rows, one registrant
        answer(registration, kept, "Fès")

    listed = client.get(questions_url(webinar)).get_data(as_text=True)
    assert listed.count("<td>2</td>") == 2 and "<td>4</td>" not in listed

    asked = client.post(f"/manage/questions/{question.id}/delete?lang=en")
    assert asked.status_code == 200
    assert "2 registrants answered this question. Their answers will be deleted with it." in asked.get_data(as_text=True)
    assert len(saved_questions(webinar)) == 2

    confirmed = client.post(f"/manage/questions/{question.id}/delete?confirmed=yes")
    assert confirmed.status_code == 302
    assert [q.label for q in saved_questions(webinar)] == ["Your city?"]
    values = db.session.scalars(select(Answer.value)).all()
    assert values == ["Fès", "Fès"]
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.question_id == question.id)) == 0
