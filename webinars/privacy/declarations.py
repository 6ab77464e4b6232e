"""The shape of a declaration of the privacy registry (registry.py): how a table is handled, and the
conditions and queries that reach its rows about someone.

Each declaration says how the table is handled:

* ``ANONYMIZED``: the personal columns are blanked and the row stays, so that counts and figures
  stay (a registration keeps its state, attendance and minutes);
* ``DELETED``: the rows about the person go;
* ``LEGAL_RECORD``: kept as it is (signed agreements and their audit trail, the erasures' audit);
* ``ACCOUNT``: an organizer's own account, kept while the account exists;
* ``NO_PERSONAL_DATA``: nothing to do.

and how its rows are reached (the conditions are in rows.py): ``about_registrations`` (rows about given registrations: the
download, the registrant's deletion, an owner's erasure, and a webinar's retention through all its
registrations), ``webinar_column`` / ``of_webinar`` (a webinar's other rows, at the end of its
retention period), ``about_address`` (an owner's erasure of an address across the organization),
``past_retention`` (rows of an organization that are not a webinar's) and ``expired`` (rows of the
whole instance that have no use left).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select

from webinars.privacy.rows import RegistrationIds


class Handling(enum.StrEnum):
    ANONYMIZED = "anonymized"
    DELETED = "deleted"
    LEGAL_RECORD = "legal record"
    ACCOUNT = "account"
    NO_PERSONAL_DATA = "no personal data"

    @property
    def holds_personal_data(self) -> bool:
        return self is not Handling.NO_PERSONAL_DATA

    @property
    def is_erased(self) -> bool:
        return self in (Handling.ANONYMIZED, Handling.DELETED)


@dataclass(frozen=True)
class Declaration:
    table: str
    handling: Handling
    why: str  # for the reader of this file and of the README
    label: object = None  # what the rows are, in an owner's words (a lazy string)
    columns: tuple[str, ...] = ()  # the columns holding personal data that is erased (or kept, for records)
    kept_columns: tuple[str, ...] = ()  # personal columns kept on purpose when the others are erased (``why`` says why)
    about_registrations: Callable[[RegistrationIds], ColumnElement[bool]] | None = None
    webinar_column: str | None = None
    of_webinar: Callable[[int], ColumnElement[bool]] | None = None
    about_address: Callable[[int, str], ColumnElement[bool]] | None = None
    past_retention: Callable[[int, datetime], ColumnElement[bool]] | None = None
    expired: Callable[[datetime], ColumnElement[bool]] | None = None
    # ANONYMIZED: the new values of the personal columns, and the rows that still hold the old ones.
    anonymized_values: Callable[[datetime], dict] | None = None
    still_personal: Callable[[], ColumnElement[bool]] | None = None
    # Rows that may be erased now (a message a worker is sending at this moment is not).
    erasable: Callable[[], ColumnElement[bool]] | None = None
    # The registrant's download: a SELECT of labelled columns (never a token or its hash) under ``download_key``.
    download: Callable[[RegistrationIds], Select] | None = None
    download_key: str | None = None

    def rows_of_webinar(self, webinar_id: int, table) -> ColumnElement[bool] | None:
        if self.of_webinar is not None:
            return self.of_webinar(webinar_id)
        if self.webinar_column is not None:
            return table.c[self.webinar_column] == webinar_id
        return None
