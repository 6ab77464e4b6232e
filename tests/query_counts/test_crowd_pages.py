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
