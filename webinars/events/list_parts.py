"""The organizer's lists of webinars (dashboard and group pages), each rendered once per content.

A list's HTML is a function of its rows' listed columns, their seat counts and the language: an
organization's members opening the dashboard again and again get the same table until a webinar or
a registration count changes (webinars/rendered_parts.py). Rendering 40 to 50 rows was over half
of the dashboard's time.
"""

from __future__ import annotations

from markupsafe import Markup

from webinars.events.models import Webinar
from webinars.registration.seats import SeatSummary
from webinars.rendered_parts import loaded_values, render_once


def webinar_list(webinars: list[Webinar], seats: dict[int, SeatSummary], empty: str) -> Markup:
    """events/_webinar_list.html for these rows: ``seats`` by webinar id, ``empty`` shown when none."""
    key = (loaded_values(webinars), tuple(seats[webinar.id] for webinar in webinars), str(empty))
    return render_once(
        "events/_webinar_list.html", key, lambda: {"webinars": webinars, "seats": seats, "empty": empty}
    )
