"""The summary's figures: exact counts from the registrations, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import insert

from tests import factories
from tests.factories import utc
from tests.statements import recorded_statements
from webinars.agreements.models import Agreement, AgreementKind, AgreementStatus, Signatory, SignatoryState
from webinars.extensions import db
from webinars.registration import tallies
from webinars.registration.models import Answer, Question, QuestionKind, Registration, RegistrationState
from webinars.summaries.attendance import DayCount, attendance_figures
from webinars.summaries.breakdowns import MIN_PUBLIC_GROUP, Group, breakdowns
from webinars.summaries.signed_agreements import signed_agreements

CONFIRMED, WAITLISTED, PENDING, REJECTED, CANCELLED = (
    RegistrationState.CONFIRMED,
    RegistrationState.WAITLISTED,
    RegistrationState.PENDING,
    RegistrationState.REJECTED,
    RegistrationState.CANCELLED,
)


@pytest.fixture
def organization(app):
    return factories.make_organization(name="APEBI", timezone="Africa/Casablanca")


@pytest.fixture
def webinar(organization, clock):
    return factories.make_webinar(organization, starts_at=utc(2026, 11, 20, 10), capacity=12)


def register(webinar, count: int = 1, **fields) -> list[Registration]:
    return [factories.make_registration(webinar, **fields) for _ in range(count)]


def add_question(webinar, label: str, kind: QuestionKind, position: int = 0) -> Question:
    question = Question(webinar_id=webinar.id, label=label, kind=kind, position=position)
    db.session.add(question)
    db.session.commit()
    return question


def answer(registration: Registration, question: Question, *values: str) -> None:
    db.session.add_all(Answer(registration_id=registration.id, question_id=question.id, value=v) for v in values)
    db.session.commit()


def by_key(webinar, public: bool = False):
    return {breakdown.key: breakdown for breakdown in breakdowns(webinar, public=public)}


def pairs(breakdown) -> list[tuple[str, int]]:
    return [(group.label, group.count) for group in breakdown.groups]


# --- Attendance ---------------------------------------------------------------------------------


def test_every_attendance_figure_is_exact(webinar):
    for minutes in (30, 45, 60, 90, 120):
        register(webinar, attended=True, minutes_in_session=minutes)
    register(webinar, 2, attended=True)  # marked by hand at check-in: no duration
    register(webinar, 5)
    register(webinar, 3, state=WAITLISTED)
    register(webinar, 2, state=PENDING)
    register(webinar, 1, state=REJECTED)
    # Attended flags and durations of people who are no longer confirmed count for nothing.
    register(webinar, 4, state=CANCELLED, attended=True, minutes_in_session=5)

    figures = attendance_figures(webinar)

    states = (figures.confirmed, figures.waitlisted, figures.pending, figures.rejected, figures.cancelled)
    assert states == (12, 3, 2, 1, 4)
    assert figures.waitlist_size == 3
    assert figures.capacity == 12
    assert figures.attendees == 7
    assert figures.no_shows == 5
    assert figures.attendance_rate == pytest.approx(7 / 12)
    assert figures.minutes_reported == 5
    assert figures.average_minutes == pytest.approx(69)
    assert figures.median_minutes == 60


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_values(webinar):
    for minutes in (10, 50, 20, 90):
        register(webinar, attended=True, minutes_in_session=minutes)

    figures = attendance_figures(webinar)

    assert figures.median_minutes == 35
    assert figures.average_minutes == pytest.approx(42.5)


def test_nobody_attended(webinar):
    register(webinar, 4)

    figures = attendance_figures(webinar)

    assert (figures.attendees, figures.no_shows, figures.attendance_rate) == (0, 4, 0.0)
    assert (figures.minutes_reported, figures.average_minutes, figures.median_minutes) == (0, None, None)


def test_nobody_confirmed_gives_no_rate(webinar):
    register(webinar, 2, state=WAITLISTED)

    figures = attendance_figures(webinar)

    assert figures.confirmed == 0
    assert figures.attendance_rate is None
    assert figures.waitlist_size == 2


def test_a_webinar_without_capacity_or_registrations(organization, clock):
    webinar = factories.make_webinar(organization, starts_at=utc(2026, 11, 20, 10), capacity=None)

    figures = attendance_figures(webinar)

    assert figures.capacity is None
    assert (figures.confirmed, figures.attendees, figures.attendance_rate) == (0, 0, None)
    assert figures.per_day == []
    assert breakdowns(webinar, public=False) == []


def test_other_webinars_registrations_are_not_counted(webinar, organization):
    other = factories.make_webinar(organization, starts_at=utc(2026, 11, 21, 10))
    register(other, 3, attended=True, minutes_in_session=10, affiliation="Elsewhere")
    register(webinar, 1, affiliation="Here")

    figures = attendance_figures(webinar)

    assert (figures.confirmed, figures.attendees) == (1, 0)
    assert pairs(by_key(webinar)["affiliation"]) == [("Here", 1)]


# --- Registrations per day ----------------------------------------------------------------------


def test_registrations_per_local_day_are_zero_filled_up_to_the_webinar(organization, clock):
    # Morocco is on UTC+1 in November 2025.
    webinar = factories.make_webinar(organization, starts_at=utc(2025, 11, 14, 10))
    register(webinar, created_at=utc(2025, 11, 9, 23, 30))  # 10 Nov, 00:30 in Casablanca
    register(webinar, created_at=utc(2025, 11, 10, 9, 0))
    register(webinar, state=CANCELLED, created_at=utc(2025, 11, 12, 22, 59))  # any state counts
    register(webinar, created_at=utc(2025, 11, 12, 23, 0))  # 13 Nov, midnight

    assert attendance_figures(webinar).per_day == [
        DayCount(date(2025, 11, 10), 2),
        DayCount(date(2025, 11, 11), 0),
        DayCount(date(2025, 11, 12), 1),
        DayCount(date(2025, 11, 13), 1),
        DayCount(date(2025, 11, 14), 0),
    ]


def test_half_hour_offsets_move_registrations_to_the_next_day(organization, clock):
    webinar = factories.make_webinar(organization, starts_at=utc(2026, 3, 3, 4), timezone="Asia/Kolkata")
    register(webinar, created_at=utc(2026, 3, 1, 18, 29))  # 23:59 on 1 March in Kolkata
    register(webinar, created_at=utc(2026, 3, 1, 18, 30))  # midnight, 2 March
    register(webinar, created_at=utc(2026, 3, 1, 23, 30))  # 05:00, 2 March

    assert attendance_figures(webinar).per_day == [
        DayCount(date(2026, 3, 1), 1),
        DayCount(date(2026, 3, 2), 2),
        DayCount(date(2026, 3, 3), 0),
    ]


def test_registrations_after_the_webinar_extend_the_days(organization, clock):
    webinar = factories.make_webinar(organization, starts_at=utc(2026, 11, 20, 10), timezone="UTC")
    register(webinar, created_at=utc(2026, 11, 19, 8))
    register(webinar, created_at=utc(2026, 11, 22, 8))  # added afterwards, from the platform's report

    assert [day.day for day in attendance_figures(webinar).per_day] == [
        date(2026, 11, 19) + timedelta(days=n) for n in range(4)
    ]


# --- Breakdowns ---------------------------------------------------------------------------------


def test_fields_group_case_insensitively_on_trimmed_values(webinar):
    register(webinar, 2, affiliation="CRI Fès-Meknès", city="Fès")
    register(webinar, 1, affiliation="  cri fès-meknès ", city="FÈS")
    register(webinar, 1, affiliation="APEBI", city="")
    register(webinar, 1, affiliation=None, job_title="   ")
    register(webinar, 5, state=WAITLISTED, affiliation="Waiting Corp")  # only confirmed registrants count

    found = by_key(webinar)

    assert found["affiliation"].total == 4
    assert pairs(found["affiliation"]) == [("CRI Fès-Meknès", 3), ("APEBI", 1)]
    assert found["city"].total == 3
    assert pairs(found["city"]) == [("FÈS", 3)]
    assert "job_title" not in found  # nobody filled it in: no empty breakdown
    assert "country" not in found


def test_countries_are_named_in_the_current_language(webinar):
    register(webinar, 3, country="MA")
    register(webinar, 1, country="FR")

    with force_locale("en"):
        assert pairs(by_key(webinar)["country"]) == [("Morocco", 3), ("France", 1)]
    with force_locale("fr"):
        assert pairs(by_key(webinar)["country"]) == [("Maroc", 3), ("France", 1)]


def test_the_ten_largest_groups_then_others(webinar):
    # Organization N has N + 1 registrants: twelve organizations, 78 people in all.
    for number in range(12):
        register(webinar, number + 1, affiliation=f"Organization {number:02d}")

    breakdown = by_key(webinar)["affiliation"]

    assert breakdown.total == 78
    assert len(breakdown.groups) == 11
    assert pairs(breakdown)[:2] == [("Organization 11", 12), ("Organization 10", 11)]
    assert breakdown.groups[9] == Group("Organization 02", 3)
    assert breakdown.groups[10] == Group("Others", 1 + 2, is_others=True)


def test_ties_are_ordered_by_label(webinar):
    register(webinar, 2, job_title="Engineer")
    register(webinar, 2, job_title="CEO")
    register(webinar, 3, job_title="Student")

    assert pairs(by_key(webinar)["job_title"]) == [("Student", 3), ("CEO", 2), ("Engineer", 2)]


def test_public_breakdowns_fold_groups_under_five_into_others(webinar):
    register(webinar, 6, affiliation="APEBI")
    register(webinar, 5, affiliation="CRI Fès-Meknès")
    register(webinar, 4, affiliation="Small Company")
    register(webinar, 1, affiliation="A Single Person's Company")

    private = by_key(webinar)["affiliation"]
    public = by_key(webinar, public=True)["affiliation"]

    assert ("Small Company", 4) in pairs(private)
    assert pairs(public) == [("APEBI", 6), ("CRI Fès-Meknès", 5), ("Others", 5)]
    assert public.groups[-1].is_others
    assert public.total == 16
    assert not any(group.label in ("Small Company", "A Single Person's Company") for group in public.groups)


def test_public_others_is_kept_even_when_small_but_names_no_one(webinar):
    register(webinar, 7, city="Rabat")
    register(webinar, 2, city="Tanger")

    public = by_key(webinar, public=True)["city"]

    assert pairs(public) == [("Rabat", 7), ("Others", 2)]
    assert all(group.count >= MIN_PUBLIC_GROUP for group in public.groups if not group.is_others)


def test_choice_questions_including_multiple_choice(webinar):
    sector = add_question(webinar, "Your sector?", QuestionKind.SINGLE_CHOICE, position=1)
    topics = add_question(webinar, "Topics you want covered", QuestionKind.MULTIPLE_CHOICE, position=2)
    member = add_question(webinar, "Member of APEBI?", QuestionKind.YES_NO, position=3)
    remarks = add_question(webinar, "Remarks", QuestionKind.SHORT_TEXT, position=4)
    people = register(webinar, 4)
    waiting = register(webinar, 1, state=WAITLISTED)[0]
    for person, chosen in zip(people, ("Finance", "Finance", "Industry", "Finance")):
        answer(person, sector, chosen)
    answer(people[0], topics, "AI", "Cloud", "Security")
    answer(people[1], topics, "AI")
    answer(people[2], topics, "Cloud", "AI")
    answer(people[0], member, "yes")
    answer(people[1], member, "no")
    answer(people[2], member, "yes")
    answer(people[3], remarks, "Nothing to add")
    answer(waiting, sector, "Industry")
    answer(waiting, topics, "Security")

    with force_locale("en"):
        found = by_key(webinar)

    assert [key for key in found if key.startswith("question-")] == [
        f"question-{sector.id}", f"question-{topics.id}", f"question-{member.id}"
    ]
    assert found[f"question-{sector.id}"].title == "Your sector?"
    assert found[f"question-{sector.id}"].total == 4
    assert pairs(found[f"question-{sector.id}"]) == [("Finance", 3), ("Industry", 1)]
    # Three people answered, choosing six options between them.
    assert found[f"question-{topics.id}"].total == 3
    assert pairs(found[f"question-{topics.id}"]) == [("AI", 3), ("Cloud", 2), ("Security", 1)]
    assert pairs(found[f"question-{member.id}"]) == [("Yes", 2), ("No", 1)]


def test_yes_no_labels_are_translated(webinar):
    member = add_question(webinar, "Membre de l'APEBI ?", QuestionKind.YES_NO)
    answer(register(webinar)[0], member, "yes")

    with force_locale("fr"):
        assert pairs(by_key(webinar)[f"question-{member.id}"]) == [("Oui", 1)]


def test_public_choice_breakdowns_hide_small_options(webinar):
    sector = add_question(webinar, "Your sector?", QuestionKind.SINGLE_CHOICE)
    for person in register(webinar, 5):
        answer(person, sector, "Finance")
    for person in register(webinar, 3):
        answer(person, sector, "Health")

    public = by_key(webinar, public=True)[f"question-{sector.id}"]

    assert pairs(public) == [("Finance", 5), ("Others", 3)]


# --- Statement count ------------------------------------------------------------------------------


def bulk_register(webinar, count: int, questions: list[Question]) -> None:
    states = (CONFIRMED, CONFIRMED, CONFIRMED, WAITLISTED, CANCELLED)
    now = utc(2026, 11, 2, 9)
    rows = [
        {
            "webinar_id": webinar.id,
            "email": f"bulk{webinar.id}-{number}@example.org",
            "first_name": "Bulk",
            "last_name": f"Registrant {number}",
            "affiliation": f"Company {number % 13}",
            "job_title": f"Title {number % 3}",
            "country": ("MA", "FR", "SN")[number % 3],
            "city": f"City {number % 17}",
            "language": "fr",
            "state": states[number % len(states)],
            "attended": number % 2 == 0,
            "minutes_in_session": number % 90 if number % 4 == 0 else None,
            "consented_at": now,
            "created_at": now - timedelta(hours=number),
            "updated_at": now,
        }
        for number in range(count)
    ]
    db.session.execute(insert(Registration), rows)
    tallies.recount([webinar.id])
    ids = db.session.query(Registration.id).filter(Registration.webinar_id == webinar.id).all()
    db.session.execute(
        insert(Answer),
        [
            {"registration_id": registration_id, "question_id": question.id, "value": f"Option {registration_id % 4}"}
            for (registration_id,) in ids
            for question in questions
        ],
    )
    db.session.commit()


def statements_for(webinar) -> int:
    with recorded_statements() as statements:
        attendance_figures(webinar)
        breakdowns(webinar, public=False)
        breakdowns(webinar, public=True)
    return len(statements)


def test_the_number_of_statements_does_not_grow_with_registrations(organization, clock):
    small = factories.make_webinar(organization, starts_at=utc(2026, 11, 20, 10))
    large = factories.make_webinar(organization, starts_at=utc(2026, 11, 20, 10))
    for webinar in (small, large):
        questions = [
            add_question(webinar, "Sector", QuestionKind.SINGLE_CHOICE),
            add_question(webinar, "Topics", QuestionKind.MULTIPLE_CHOICE),
            add_question(webinar, "Member?", QuestionKind.YES_NO),
        ]
        bulk_register(webinar, 10 if webinar is small else 200, questions)
    db.session.expire_all()

    assert statements_for(small) == statements_for(large)
    # Three readings (attendance, two breakdowns), each first checking whether the figures were frozen
    # at the end of the retention period (summaries/frozen.py), then whether anything changed.
    assert statements_for(large) <= 17


# --- Signed agreements ----------------------------------------------------------------------------


def make_agreement(webinar, kind: AgreementKind, status: AgreementStatus, title: str, completed_at=None, parties=()):
    agreement = Agreement(
        organization_id=webinar.organization_id,
        webinar_id=webinar.id,
        kind=kind,
        status=status,
        language="fr",
        title=title,
        body="...",
        completed_at=completed_at,
        verification_code=f"CODE-{title}" if completed_at else None,
    )
    for order, (party, name, position, signed_at) in enumerate(parties):
        agreement.signatories.append(
            Signatory(
                sort_order=order,
                party_name=party,
                full_name=name,
                position=position,
                email=f"signer{order}@example.org",
                state=SignatoryState.SIGNED if signed_at else SignatoryState.PENDING,
                answered_at=signed_at,
            )
        )
    db.session.add(agreement)
    db.session.commit()
    return agreement


def test_signed_agreements_list_completed_ones_with_their_parties(webinar, organization):
    make_agreement(
        webinar, AgreementKind.CONVENTION, AgreementStatus.COMPLETED, "Convention APEBI – CRI",
        completed_at=utc(2026, 11, 10, 12),
        parties=[
            ("APEBI", "Amine Alaoui", "Président", utc(2026, 11, 9, 8)),
            ("CRI Fès-Meknès", "Salma Idrissi", None, utc(2026, 11, 10, 12)),
        ],
    )
    make_agreement(
        webinar, AgreementKind.RELEASE, AgreementStatus.COMPLETED, "Release Yassine Tazi",
        completed_at=utc(2026, 11, 5, 9), parties=[("Yassine Tazi", "Yassine Tazi", None, utc(2026, 11, 5, 9))],
    )
    make_agreement(webinar, AgreementKind.CONVENTION, AgreementStatus.SENT, "Still waiting",
                   parties=[("APEBI", "Amine Alaoui", None, None)])
    other = factories.make_webinar(organization, title="Another webinar")
    make_agreement(other, AgreementKind.CONVENTION, AgreementStatus.COMPLETED, "Other webinar's",
                   completed_at=utc(2026, 11, 1, 9))

    everything = signed_agreements(webinar, conventions_only=False)
    conventions = signed_agreements(webinar, conventions_only=True)

    assert [a.title for a in everything] == ["Release Yassine Tazi", "Convention APEBI – CRI"]
    assert [a.title for a in conventions] == ["Convention APEBI – CRI"]
    convention = conventions[0]
    assert convention.kind is AgreementKind.CONVENTION
    assert convention.completed_at == utc(2026, 11, 10, 12)
    assert convention.verification_code == "CODE-Convention APEBI – CRI"
    assert [(p.party_name, p.full_name, p.position, p.signed_at) for p in convention.parties] == [
        ("APEBI", "Amine Alaoui", "Président", utc(2026, 11, 9, 8)),
        ("CRI Fès-Meknès", "Salma Idrissi", None, utc(2026, 11, 10, 12)),
    ]
