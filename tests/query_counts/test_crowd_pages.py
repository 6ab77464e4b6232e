"""The pages a crowd opens (an announcement, a webinar's day) run a small, fixed number of statements.

Each statement is a round trip and a pass through the ORM: about half a millisecond of the server's
CPU on the bench's machine. These budgets are what the pages need: the webinar with its organization
joined in, then one statement per collection shown (partners, line-up with their people, agenda, the
agenda's speakers) and the seat count. A page that needs more has grown a lazy load (issue 20).
"""

from __future__ import annotations

import pytest

from tests.query_counts.test_statement_counts import SMALL, assert_rendered, build

BUDGETS = {
    # webinar and organization, partners, line-up and people, agenda, agenda's speakers, and the
    # seat count when the webinar has a capacity
    "webinar page": 6,
    # webinar and organization, questions, seats
    "registration form": 3,
    # webinar and organization, line-up and people, agenda, agenda's speakers
    "webinar .ics": 4,
    # the link with its registration, webinar and organization; the webinar with what the invite
    # describes (line-up and people, agenda, agenda's speakers)
    "personal invite .ics": 5,
    # the link with its registration, webinar and organization; questions; answers
    "personal page": 3,
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


@pytest.mark.parametrize("page", BUDGETS)
def test_crowd_page_statement_budget(measure, data_set, page):
    # A returning visitor (a language chosen): the page is rendered, not served from the page cache.
    # Requested once before, as calendars fetch an invite again (the first download also records it).
    measure(_address(page, data_set), as_visitor=True, headers={"Cookie": "lang=fr"})
    measured = measure(_address(page, data_set), as_visitor=True, headers={"Cookie": "lang=fr"})

    assert_rendered(measured, data_set.webinar_title if "ics" not in page else "BEGIN:VCALENDAR")
    listed = "\n".join(f"  {' '.join(statement.split())[:200]}" for statement in measured.statements)
    assert measured.count <= BUDGETS[page], f"{page}: {measured.count} statements, budget {BUDGETS[page]}\n{listed}"
