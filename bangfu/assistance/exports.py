"""Spreadsheets for the public notice and the reconciliation; every cell goes through core's `safe_cell`
(formula-looking text is neutralised), numbers stay numbers."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bangfu.core.spreadsheet import safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(sheets: Iterable[tuple[str, Sequence[Any], Iterable[Sequence[Any]]]]) -> bytes:
    """One sheet per (title, header, rows); column widths fitted roughly to the Chinese text."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        sheet.append(safe_row(header))
        widths = [len(str(cell)) * 2 + 2 for cell in header]
        for row in rows:
            sheet.append(safe_row(row))
            widths = [max(width, len(str(cell)) * 2 + 2) for width, cell in zip(widths, row, strict=False)]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
