"""Who may reach agreements' organizer pages: members of the organization that owns them."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort
from sqlalchemy.orm.interfaces import ORMOption

from webinars.accounts.service import require_membership
from webinars.agreements.models import Agreement, AgreementTemplate, Signatory
from webinars.extensions import db


def template_for_organizer_or_404(template_id: int) -> AgreementTemplate:
    template = db.session.get(AgreementTemplate, template_id)
    if template is None:
        abort(404)
    require_membership(template.organization_id)
    return template


def agreement_for_organizer_or_404(agreement_id: int, *, options: Sequence[ORMOption] = ()) -> Agreement:
    """The agreement, if the signed-in user is a member of its organization; 404 otherwise."""
    agreement = db.session.get(Agreement, agreement_id, options=options)
    if agreement is None:
        abort(404)
    require_membership(agreement.organization_id)
    return agreement


def signatory_in_or_404(agreement: Agreement, signatory_id: int) -> Signatory:
    """A signatory of this agreement (already authorized by the caller); 404 for any other id."""
    signatory = db.session.get(Signatory, signatory_id)
    if signatory is None or signatory.agreement_id != agreement.id:
        abort(404)
    return signatory
