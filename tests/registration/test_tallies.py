"""Each webinar's registration counts are kept in the transactions that change them.

(Every test of the suite also checks, when it ends, that all tallies match a real count: tests/conftest.py.)
"""

from __future__ import annotations

from sqlalchemy import insert

from tests import factories
from webinars.extensions import db
from webinars.registration import tallies
from webinars.registration.models import Question, QuestionKind, Registration, RegistrationState

CONFIRMED, WAITLISTED, CANCELLED = RegistrationState.CONFIRMED, RegistrationState.WAITLISTED, RegistrationState.CANCELLED


def counts(webinar) -> dict[str, int]:
    return {state.value: count for state, count in tallies.tally_of(webinar.id).counts.items() if count}


def test_a_webinar_without_registrations_counts_zero(app, clock):
    webinar = factories.make_webinar(factories.make_organization())

    tally = tallies.tally_of(webinar.id)

    assert tally.total == 0 and set(tally.counts.values()) == {0}


def test_counts_follow_new_changed_and_deleted_registrations(app, clock):
    webinar = factories.make_webinar(factories.make_organization())
    first = factories.make_registration(webinar)
    second = factories.make_registration(webinar, state=WAITLISTED)
    assert counts(webinar) == {"confirmed": 1, "waitlisted": 1}

    db.session.expire_all()  # a change of an unloaded state still knows the state it leaves
    second.state = CONFIRMED
    first.state = CANCELLED
    db.session.commit()
    assert counts(webinar) == {"confirmed": 1, "cancelled": 1}

    db.session.delete(db.session.get(Registration, first.id))
    db.session.commit()
    assert counts(webinar) == {"confirmed": 1}


def test_a_rolled_back_change_leaves_the_counts_as_they_were(app, clock):
    webinar = factories.make_webinar(factories.make_organization())
    registration = factories.make_registration(webinar)

    registration.state = CANCELLED
    db.session.flush()
    assert counts(webinar) == {"cancelled": 1}
    db.session.rollback()

    assert counts(webinar) == {"confirmed": 1}


def test_the_version_moves_with_any_change_of_registrations_or_questions(app, clock):
    webinar = factories.make_webinar(factories.make_organization())
    other = factories.make_webinar(factories.make_organization())
    registration = factories.make_registration(webinar)
    versions = [tallies.tally_of(webinar.id).version]

    registration.attended = True
    db.session.commit()
    versions.append(tallies.tally_of(webinar.id).version)
    db.session.add(Question(webinar_id=webinar.id, label="Secteur ?", kind=QuestionKind.YES_NO))
    db.session.commit()
    versions.append(tallies.tally_of(webinar.id).version)
    factories.make_registration(other)

    assert versions == sorted(set(versions)), "each change gives a newer version"
    assert tallies.tally_of(webinar.id).version == versions[-1], "another webinar's change leaves it alone"


def test_recount_after_a_bulk_insert_and_the_version_keeps_moving_forward(app, clock):
    webinar = factories.make_webinar(factories.make_organization())
    factories.make_registration(webinar)
    before = tallies.tally_of(webinar.id).version
    db.session.execute(
        insert(Registration),
        [
            {
                "webinar_id": webinar.id,
                "email": f"bulk{n}@example.org",
                "first_name": "Bulk",
                "last_name": str(n),
                "language": "fr",
                "state": WAITLISTED,
                "consented_at": clock.now(),
            }
            for n in range(3)
        ],
    )
    assert counts(webinar) == {"confirmed": 1}, "a bulk INSERT bypasses the flush"

    tallies.recount([webinar.id])
    db.session.commit()

    assert counts(webinar) == {"confirmed": 1, "waitlisted": 3}
    assert tallies.tally_of(webinar.id).version > before
