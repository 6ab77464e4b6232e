"""A registrant whose data is in every table that can hold it, and a look through the whole database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import LargeBinary, String, Text, select

from tests import factories
from tests.factories import utc
from tests.registration.attendees import add_question
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.mail.service import add_to_outbox
from webinars.registration import service
from webinars.registration.models import (
    QuestionKind,
    Registration,
    ReportRowResolution,
    UnmatchedAttendance,
)
from webinars.registration.service import RegistrantDetails
from webinars.reminders.service import send_due_reminders
from webinars.summaries.models import FollowUp, FollowUpKind

STARTS = utc(2026, 11, 16, 9, 0)  # two weeks after the clock fixture's 2 November 2026
ENDS = STARTS + timedelta(hours=2)
# The default period (12 months) after the end, and a day.
ONE_DAY_BEFORE_THE_END_OF_RETENTION = utc(2027, 11, 15, 11, 0)
AFTER_RETENTION = utc(2027, 11, 17, 11, 0)

EMAIL = "amina.alaoui@registrant.example"
FIRST_NAME, LAST_NAME = "Aminata", "Zoubeirou"
REPORT_EMAIL = "a.zoubeirou@zoom-account.example"  # the address in the platform's attendance report
STRANGER = "Karimou Bennaniza"  # in the report, never registered
ANSWER = "Je dirige le centre d'appels Zoubeirou"


def upcoming_webinar(organization=None, **fields) -> Webinar:
    organization = organization or factories.make_organization("APEBI — Pôle Offshoring")
    fields.setdefault("starts_at", STARTS)
    return factories.make_publishable_webinar(organization, status=WebinarStatus.PUBLISHED, **fields)


def register(webinar: Webinar, email: str = EMAIL, *, first_name: str = FIRST_NAME, last_name: str = LAST_NAME, **fields):
    details = RegistrantDetails(
        email=email, first_name=first_name, last_name=last_name, affiliation=fields.pop("affiliation", "CRI Fès-Meknès"),
        job_title=fields.pop("job_title", "Directrice"), country="MA", city=fields.pop("city", "Fès"), **fields,
    )
    outcome = service.register(webinar, details, "fr")
    db.session.commit()
    return outcome.registration, outcome.token


def registrant_everywhere(webinar: Webinar, clock) -> tuple[Registration, str]:
    """Aminata registers with answers (a confirmation with her personal link), is reminded, attends
    (a row of the attendance report is attached to her), and is sent a follow-up. A stranger is in
    the report too. Leaves the clock after the webinar."""
    sector = add_question(webinar, "Votre secteur", QuestionKind.SINGLE_CHOICE, choices=["BPO", "IT"])
    story = add_question(webinar, "Votre activité", QuestionKind.SHORT_TEXT, position=1)
    registration, token = register(webinar, answers={sector.id: "BPO", story.id: ANSWER})
    clock.set(webinar.starts_at - timedelta(hours=1))
    assert send_due_reminders() == 1
    db.session.commit()
    clock.set(webinar.ends_at + timedelta(days=1))
    registration = db.session.get(Registration, registration.id)
    registration.attended, registration.minutes_in_session = True, 95
    db.session.add_all(
        [
            UnmatchedAttendance(
                webinar_id=webinar.id, match_key=REPORT_EMAIL, name=f"{FIRST_NAME} Z.", email=REPORT_EMAIL,
                minutes_in_session=95, resolution=ReportRowResolution.ATTACHED, registration_id=registration.id,
            ),
            UnmatchedAttendance(
                webinar_id=webinar.id, match_key="name:" + STRANGER.lower(), name=STRANGER, minutes_in_session=12,
            ),
            FollowUp(webinar_id=webinar.id, registration_id=registration.id, kind=FollowUpKind.THANKS, sent_at=clock.now()),
        ]
    )
    add_to_outbox(
        kind="follow_up", organization_id=webinar.organization_id, webinar_id=webinar.id,
        sender_name=webinar.organization.name, to_address=EMAIL, to_name=f"{FIRST_NAME} {LAST_NAME}", language="fr",
        subject="Merci", text_body=f"Merci {FIRST_NAME}", html_body=f"<p>Merci {FIRST_NAME}</p>",
    )
    db.session.commit()
    return registration, token


def tables_mentioning(*markers: str) -> dict[str, set[str]]:
    """Every table with a text or binary value that contains one of the markers (case-insensitive)."""
    found: dict[str, set[str]] = {}
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, String | Text | LargeBinary)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for value in row:
                if value is None:
                    continue
                if isinstance(value, memoryview):
                    value = value.tobytes()
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                for marker in markers:
                    if marker.casefold() in text.casefold():
                        found.setdefault(table.name, set()).add(marker)
    return found
