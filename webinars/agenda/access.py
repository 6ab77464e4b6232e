"""Who may reach an agenda item's organizer pages: members of its webinar's organization."""

from __future__ import annotations

from flask import abort

from webinars.accounts.service import require_membership
from webinars.agenda.models import AgendaItem
from webinars.extensions import db


def agenda_item_for_organizer_or_404(item_id: int) -> AgendaItem:
    """The item, if the signed-in user is a member of its webinar's organization; 404 otherwise."""
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        abort(404)
    require_membership(item.webinar.organization_id)
    return item
