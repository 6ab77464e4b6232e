"""The demo's 2020 webinar has generated feedback in its summary and certificates issued to its attendees."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.demo.test_demo_summary import PAST_SLUG
from webinars.certificates.models import Certificate
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.feedback.models import FeedbackResponse
from webinars.registration.models import Registration


def test_feedback_and_certificates_of_the_2020_webinar(runner, client, clock):
    for _run in range(2):  # a second run adds nothing
        assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.expire_all()
    webinar = db.session.scalar(select(Webinar).where(Webinar.slug == PAST_SLUG))

    answers = db.session.scalar(select(func.count()).where(FeedbackResponse.webinar_id == webinar.id))
    attendees = db.session.scalar(
        select(func.count()).where(Registration.webinar_id == webinar.id, Registration.attended.is_(True))
    )
    stayed = db.session.scalar(
        select(func.count()).where(Registration.webinar_id == webinar.id, Registration.minutes_in_session >= 30)
    )
    issued = db.session.scalars(select(Certificate).where(Certificate.webinar_id == webinar.id)).all()
    assert 5 <= answers < attendees
    assert len(issued) == stayed > 0

    public = client.get(f"/webinars/{PAST_SLUG}/summary?lang=en").get_data(as_text=True)
    assert "Average rating from the feedback survey" in public
    verified = client.get(f"/verify/{issued[0].code}?lang=en").get_data(as_text=True)
    assert issued[0].holder_name in verified and "Certificate of attendance" in verified


def test_the_organizer_sees_the_feedback_in_the_summary(runner, client, auth, clock):
    from webinars.demo import data

    assert runner.invoke(args=["demo"]).exit_code == 0
    auth.login(data.ORGANIZER.email, data.ORGANIZER.password)
    webinar = db.session.scalar(select(Webinar).where(Webinar.slug == PAST_SLUG))

    html = client.get(f"/manage/webinars/{webinar.id}/summary?lang=en").get_data(as_text=True)

    assert "Net Promoter Score" in html and "Quel thème pour le prochain webinaire ?" in html
    assert "Très bon panel" in html or "Excellente modération" in html or "La signature" in html
