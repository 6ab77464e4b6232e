"""Where personal data lives, and what happens to it: one declaration per table of the schema.

STYLE.md, "Personal data": every table that holds it is registered here. The retention job
(retention.py), the registrant's download (download.py) and the erasures (erasure.py) read only
these declarations, so a table declared here is anonymized, downloaded and erased with the others,
and ``tests/privacy/test_registry.py`` fails for any table of the metadata that is not declared
(a later feature adding a table declares it here).

How a declaration is read (its handling, how its rows are reached) is in declarations.py. The
tables whose rows are erased are declared in erased_tables.py, in the order they are erased
(registrations last); the others here, as tables: the legal records and accounts kept as they are,
and the tables without personal data.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from webinars.agreements.models import Agreement, Signatory
from webinars.privacy.declarations import Declaration, Handling
from webinars.privacy.erased_tables import ERASED

# --- Kept as they are: table, why, the personal columns kept ----------------------------------

LEGAL_RECORDS: tuple[Declaration, ...] = (
    Declaration(
        "agreement_signatories", Handling.LEGAL_RECORD,
        "Who signed or declined, when, from which address (IP) and browser: the proof of a signature.",
        label=_l("Signatures of agreements"),
        columns=("full_name", "position", "email", "typed_name", "signature_png", "decline_reason", "ip_address", "user_agent"),
        about_address=lambda organization_id, address: and_(
            Signatory.agreement_id.in_(
                select(Agreement.id).where(Agreement.organization_id == organization_id).scalar_subquery()
            ),
            func.lower(Signatory.email) == address,
        ),
    ),
    *(
        Declaration(table, Handling.LEGAL_RECORD, why, columns=columns)
        for table, why, columns in (
            ("agreement_events", "The agreements' hash-chained audit trail (actors' names and addresses).",
             ("actor", "details")),
            ("agreements", "The signed document and its PDF name the signatories.", ("body", "pdf")),
            ("personal_data_erasures",
             "The audit of erasures: who asked and when; the erased address only as a keyed hash.",
             ("user_name", "address_digest")),
        )
    ),
)

ACCOUNTS: tuple[Declaration, ...] = tuple(
    Declaration(table, Handling.ACCOUNT, why, columns=columns)
    for table, why, columns in (
        ("users", "Organizers' accounts: name, address, password hash, kept while the account exists.",
         ("email", "full_name", "password_hash")),
        ("memberships", "Which organizer belongs to which organization.", ()),
        ("api_tokens",
         "An organization's API tokens: the name an owner gave, the token's hash; kept while the organization exists.",
         ("name", "token_hash")),
    )
)

# --- No personal data: table, what it holds ---------------------------------------------------

WITHOUT_PERSONAL_DATA = {
    "organizations": "The organization's own name, address and notice.",
    "webinars": "The organizer's webinar.",
    "feedback_surveys": "Whether a webinar's survey is on, and its settings.",
    "feedback_questions": "The organizer's own survey questions.",
    "certificate_settings": "Whether a webinar issues certificates, and from how many minutes.",
    "webinar_partners": "Partner organizations.",
    "agenda_items": "The programme.",
    "agenda_item_speakers": "Which profile speaks in which agenda item (the programme).",
    "participations": "The line-up: which profile appears in which webinar.",
    "agreement_templates": "Texts with placeholders.",
    "questions": "The organizer's questions (the answers are in ``answers``).",
    "registration_tallies": "Counts per state.",
    "pending_calendar_updates": "A webinar's previous time and title.",
    "summaries": "The recap, and figures frozen as counts only.",
    "summary_highlights": "The organizer's highlights.",
    "summary_key_figures": "The organizer's key figures.",
    "summary_quotes": "Speakers' words in their public role, part of the published recap.",
    "summary_slide_links": "Links to slides.",
    "summary_follow_up_sendings": "A pending Send of follow-ups.",
    "retention_runs": "When the retention job last ran.",
    "webhook_endpoints": "The organization's own receivers: address, events, signing secret.",
    "webhook_sequences": "The last event number of each organization.",
    "webhook_deliveries": "Which event went to which endpoint, when, and how it went (no payload).",
}

DECLARATIONS: tuple[Declaration, ...] = (
    *ERASED,
    *LEGAL_RECORDS,
    *ACCOUNTS,
    *(Declaration(table, Handling.NO_PERSONAL_DATA, why) for table, why in WITHOUT_PERSONAL_DATA.items()),
)

BY_TABLE = {declaration.table: declaration for declaration in DECLARATIONS}


def declaration_of(table: str) -> Declaration:
    return BY_TABLE[table]


def erased() -> list[Declaration]:
    """The declarations whose rows are anonymized or deleted, in the order they are erased."""
    return [declaration for declaration in DECLARATIONS if declaration.handling.is_erased]


def downloaded() -> list[Declaration]:
    return [declaration for declaration in DECLARATIONS if declaration.download is not None]
