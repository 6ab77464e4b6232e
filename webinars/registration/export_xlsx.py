"""The registrations as an Excel file (.xlsx), written in constant memory.

XlsxWriter's ``constant_memory`` mode writes each row to a temporary file as soon as the next one
starts, so 100,000 registrations take the memory of one row (``make bench`` measures it). Times
are real Excel dates in the webinar's zone, its name in the column's header (Excel has no zones);
text cells are written as text, never as formulas, and keep the CSV's neutralization so a file
re-saved as CSV stays safe.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO

import xlsxwriter

from webinars.registration.export import Cell, neutralize

CHUNK_BYTES = 64 * 1024
DATE_FORMAT = "yyyy-mm-dd hh:mm"


def write_workbook(target: IO[bytes], header: list[str], rows: Iterable[list[Cell]], sheet_name: str) -> None:
    """The header and ``rows`` into ``target``, a file open for writing in binary."""
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(sheet_name[:31])  # Excel's limit for a sheet's name
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": DATE_FORMAT})
    sheet.write_row(0, 0, header, bold)
    sheet.freeze_panes(1, 0)
    for row_number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            if cell is None or cell == "":
                continue
            if isinstance(cell, datetime):
                sheet.write_datetime(row_number, column, cell.replace(tzinfo=None), when)
            elif isinstance(cell, int):
                sheet.write_number(row_number, column, cell)
            else:
                sheet.write_string(row_number, column, neutralize(str(cell)))
    workbook.close()


def xlsx_chunks(header: list[str], rows: Iterable[list[Cell]], sheet_name: str) -> Iterator[bytes]:
    """The file in chunks, from a temporary file that is gone once the last chunk is sent."""
    with tempfile.TemporaryFile() as spool:
        write_workbook(spool, header, rows, sheet_name)
        spool.seek(0)
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
