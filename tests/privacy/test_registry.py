"""Every table is declared (webinars/privacy/registry.py): a table added later that holds personal
data, and is not declared, fails here, so it cannot miss the retention job, the download or the erasure."""

from __future__ import annotations

import re

from sqlalchemy import LargeBinary, String, Text

from webinars.extensions import db
from webinars.privacy import registry
from webinars.privacy.declarations import Handling

# Column names that say "personal data" when a table has them.
LOOKS_PERSONAL = re.compile(
    r"(^|_)(email|address|first_name|last_name|full_name|name|typed_name|ip_address|user_agent|token|token_hash|"
    r"photo|bio|signature_png|phone|payload|body|text_body|value)($|_)"
)
# Columns whose name looks personal but whose content is not anyone's personal data.
NOT_PERSONAL = {
    ("organizations", "name"),  # the organization's own
    ("organizations", "name_article"),  # "l'", "le": how French writes the organization's name
    # Its settings page (webinars/organizations/): what it publishes about itself on its pages, e-mails and PDFs.
    ("organizations", "short_name"),
    ("organizations", "sender_name"),
    ("organizations", "contact_email"),
    ("organizations", "postal_address"),
    ("webinar_partners", "name"),
    ("outbox_messages", "sender_name"),  # the organization's name in From:
    ("agreement_signatories", "party_name"),  # the organization signing
    ("agreement_templates", "body"),  # a text with placeholders
    ("summary_key_figures", "value"),
    ("pending_calendar_updates", "previous_text_digest"),
}


def test_every_table_of_the_metadata_is_declared(app):
    tables = set(db.metadata.tables)
    declared = set(registry.BY_TABLE)
    assert tables - declared == set(), "tables with no declaration in webinars/privacy/registry.py"
    assert declared - tables == set(), "declarations of tables that do not exist"
    assert len(registry.DECLARATIONS) == len(declared), "a table is declared twice"


def test_declared_personal_columns_exist(app):
    for declaration in registry.DECLARATIONS:
        columns = set(db.metadata.tables[declaration.table].columns.keys())
        assert set(declaration.columns) | set(declaration.kept_columns) <= columns, declaration.table


def test_a_table_about_registrants_is_erased_downloaded_and_reached_through_registrations(app):
    """A foreign key to registrations is data about a registrant: it must go with them and be in their download."""
    for table in db.metadata.sorted_tables:
        if not any(key.column.table.name == "registrations" for key in table.foreign_keys):
            continue
        declaration = registry.declaration_of(table.name)
        assert declaration.handling.is_erased, f"{table.name} is about registrants but is never erased"
        assert declaration.about_registrations is not None, f"{table.name}: rows about a registration are not reachable"
        assert declaration.download is not None, f"{table.name} is about registrants but missing from their download"


def test_columns_that_look_personal_are_declared(app):
    """A column such as ``email`` or ``name`` in a table declared without personal data, or
    left out of its table's personal columns, fails: the declaration must say what happens to it."""
    missed = []
    for table in db.metadata.sorted_tables:
        declaration = registry.declaration_of(table.name)
        for column in table.columns:
            if not isinstance(column.type, String | Text | LargeBinary):
                continue
            if not LOOKS_PERSONAL.search(column.name) or (table.name, column.name) in NOT_PERSONAL:
                continue
            if declaration.handling in (Handling.ACCOUNT, Handling.LEGAL_RECORD) and column.name in declaration.columns:
                continue
            if declaration.handling is Handling.NO_PERSONAL_DATA or column.name not in (
                *declaration.columns,
                *declaration.kept_columns,
            ):
                missed.append(f"{table.name}.{column.name}")
    assert missed == []


def test_erased_tables_say_how_their_rows_are_reached(app):
    for declaration in registry.erased():
        reaches = (
            declaration.about_registrations,
            declaration.webinar_column,
            declaration.of_webinar,
            declaration.about_address,
            declaration.past_retention,
            declaration.expired,
        )
        assert any(reach is not None for reach in reaches), f"{declaration.table} is erased by nothing"
        if declaration.handling is Handling.ANONYMIZED:
            assert declaration.anonymized_values is not None and declaration.still_personal is not None
        assert declaration.label is not None, f"{declaration.table} needs a label for the owners' erasure page"


def test_registrations_are_erased_last(app):
    """The other tables find their rows through the registrations' addresses."""
    assert registry.erased()[-1].table == "registrations"


def test_downloads_never_include_a_token_or_its_hash(app):
    for declaration in registry.downloaded():
        columns = [column.name for column in declaration.download([1]).selected_columns]
        assert not any("token" in name or "hash" in name for name in columns), declaration.table
        assert declaration.download_key, declaration.table
