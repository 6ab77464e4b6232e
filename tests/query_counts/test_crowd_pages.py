"""The pages a crowd opens (an announcement, a webinar's day) run a small, fixed number of statements.

Each statement is a round trip and a pass through the ORM: about half a millisecond of the server's
CPU on the bench's machine. These budgets are what the pages need: the webinar with its organization
joined in, then one statement per collection shown (partners, line-up with their people, agenda, the
agenda's speakers) and the seat count. A page that needs more has grown a lazy load (issue 20).

The webinar page and the registration form read their seat count and their collections' texts
(webinars/events/fingerprints.py) in the webinar's statement; the collections are loaded as rows only
when the page's parts are rendered, the first time a content is seen (``FIRST_VISIT``).
"""

from __future__ import annotations

import re

import pytest

from tests.query_counts.test_statement_counts import SMALL, assert_rendered, build

BUDGETS = {
    # webinar and organization, with its seat count and its collections' texts
    "webinar page": 1,
    # webinar and organization, with its seat count and its questions' text (the form rendered once:
    # webinars/registration/form_parts.py)
    "registration form": 1,
    # webinar and organization, line-up and people, agenda, agenda's speakers
    "webinar .ics": 4,
    # the link with its registration, webinar, organization and the texts of what the invite describes
    # (the file made once per content: webinars/invites/personal_files.py)
    "personal invite .ics": 1,
    # the link with its registration, webinar, organization and the texts of its questions and answers
    # (the page rendered once per content: webinars/registration/personal_page.py)
    "personal page": 1,
}


@pytest.fixture
def data_set(organizer, clock):
    return build(organizer.user.id, SMALL)


def _address(page: str, data_set) -> str:
    return {
        "webinar page": f"/webinars/{data_set.webinar_slug}",
        "registration form": f"/webinars/{data_set.webinar_slug}/register",
        "webinar .ics": f"/webinars/{data_set.webinar_slug}.ics",
        "personal invite .ics": f"/r/{data_set.invite_token}/invite.ics",
        "personal page": f"/r/{data_set.invite_token}",
    }[page]


# The webinar's statement, partners, line-up and people, agenda, agenda's speakers, and the texts read
# again to check that they still describe the rows just loaded (webinars/rendered_parts.py).
FIRST_VISIT = 6


def test_the_first_visit_of_a_content_loads_its_rows_to_render_it(measure, data_set):
    measured = measure(_address("webinar page", data_set), as_visitor=True, headers={"Cookie": "lang=fr"})

    assert_rendered(measured, data_set.webinar_title)
    listed = "\n".join(f"  {' '.join(statement.split())[:200]}" for statement in measured.statements)
    assert measured.count <= FIRST_VISIT, f"{measured.count} statements, budget {FIRST_VISIT}\n{listed}"


@pytest.mark.parametrize("page", BUDGETS)
def test_crowd_page_statement_budget(measure, data_set, page):
    # A returning visitor (a language chosen): the page is rendered, not served from the page cache.
    # Requested once before, as calendars fetch an invite again (the first download also records it).
    measure(_address(page, data_set), as_visitor=True, headers={"Cookie": "lang=fr"})
    measured = measure(_address(page, data_set), as_visitor=True, headers={"Cookie": "lang=fr"})

    assert_rendered(measured, data_set.webinar_title if "ics" not in page else "BEGIN:VCALENDAR")
    listed = "\n".join(f"  {' '.join(statement.split())[:200]}" for statement in measured.statements)
    assert measured.count <= BUDGETS[page], f"{page}: {measured.count} statements, budget {BUDGETS[page]}\n{listed}"


# A new address registering: the webinar with its organization, its seat count, its questions' text, its
# organization's webhook endpoints and whether the address is registered (webinars/registration/sent_form.py);
# the registration, its answer, its personal link and its confirmation (written without the ORM's unit of
# work: webinars/registration/new_rows.py); the webinar's lock and the tally, written with this registration
# and read back, in one statement (webinars/registration/tallies.py; SQLite: BEGIN IMMEDIATE, not a statement).
REGISTRATION_POST = 6


def test_registration_post_statement_budget(app, data_set):
    from sqlalchemy import event, func, select

    from tests.statements import recorded_statements
    from webinars.extensions import db
    from webinars.registration.models import Question, Registration

    from webinars.events.models import Webinar

    question_id = db.session.scalar(select(Question.id).where(Question.webinar_id == data_set.webinar_id))
    db.session.get(Webinar, data_set.webinar_id).capacity = 10_000  # seats counted, as for most webinars
    db.session.commit()
    visitor = app.test_client()
    path = f"/webinars/{data_set.webinar_slug}/register"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', visitor.get(path).get_data(as_text=True)).group(1)

    def post(email: str):
        return visitor.post(path, data={
            "csrf_token": token, "email": email, "first_name": "Nadia", "last_name": "Alami",
            "country": "MA", "consent": "y", f"question_{question_id}": "Finance",
        })

    # The first registration of the process loads the questions as rows (then kept: webinars/registration/sent_form.py).
    assert post("first.budget@example.org").status_code == 302
    with app.app_context(), recorded_statements() as recorded:
        # Counted up to the registration's commit: in tests, the mail's delivery runs right after it.
        committed_after: list[int] = []

        def committed(connection):
            committed_after.append(len(recorded))

        event.listen(db.engine, "commit", committed)
        try:
            answer = post("second.budget@example.org")
        finally:
            event.remove(db.engine, "commit", committed)

    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    statements = recorded[: committed_after[0]]
    assert db.session.scalar(select(func.count()).where(Registration.email == "second.budget@example.org")) == 1
    listed = "\n".join(f"  {' '.join(statement.split())[:200]}" for statement in statements)
    assert len(statements) <= REGISTRATION_POST, f"{len(statements)} statements, budget {REGISTRATION_POST}\n{listed}"
    assert not any(statement.startswith("SELECT webhook_endpoints") for statement in statements), listed
