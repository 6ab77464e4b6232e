"""Who may see a webinar's organizer pages: members of its organization."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort
from sqlalchemy.orm.interfaces import ORMOption

from webinars.accounts.service import require_membership
from webinars.events.models import Webinar
from webinars.extensions import db


def webinar_for_organizer_or_404(webinar_id: int, *, options: Sequence[ORMOption] = ()) -> Webinar:
    """The webinar, if the signed-in user is a member of its organization; 404 otherwise.

    Missing webinars and other organizations' webinars look the same (404),
    so an outsider learns nothing about what exists. ``options`` (such as
    ``selectinload(...)``) load what a page shows along with the webinar.
    """
    webinar = db.session.get(Webinar, webinar_id, options=options)
    if webinar is None:
        abort(404)
    require_membership(webinar.organization_id)
    return webinar
