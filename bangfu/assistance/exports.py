"""Spreadsheets for the public notice and the reconciliation.

bangfu/core has no spreadsheet helper yet, so `safe_cell` lives here: a text that Excel would read as a
formula (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe, so a name
or a note can never run as a formula on an officer's machine.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Numbers stay numbers; text that could start a formula is neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def workbook_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """One sheet per (title, header, rows); widths fitted roughly to the Chinese text."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append([safe_cell(cell) for cell in header])
        widths = [len(str(cell)) * 2 + 2 for cell in header]
        for row in rows:
            sheet.append([safe_cell(cell) for cell in row])
            widths = [max(width, len(str(cell)) * 2 + 2) for width, cell in zip(widths, row, strict=False)]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
