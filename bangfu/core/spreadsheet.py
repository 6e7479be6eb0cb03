"""Cells for exported spreadsheets (xlsx, csv) that a spreadsheet program cannot run as formulas.

A text cell starting with `=`, `+`, `-` or `@` (or a tab/carriage return that hides one) is read by
Excel and WPS as a formula: a name typed as `=HYPERLINK("http://…")` or `=cmd|' /C calc'!A0` would run
when a colleague opens the export (CSV/formula injection). Every export in Bangfu writes its cells
through `safe_cell()`; numbers, dates and booleans pass unchanged, so sums and sorting still work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

# What makes a spreadsheet program read text as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

CellValue = str | int | float | Decimal | bool | dt.date | dt.datetime | dt.time | None


def safe_cell(value: Any) -> CellValue:
    """The value to write into an exported cell: text that could start a formula gets a leading `'`.

    Non-text values are returned as they are (a number is never a formula). Anything else (a lazy
    translation, an enum label) is turned into text first, then escaped.
    """
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime | dt.time):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def safe_row(values: Iterable[Any]) -> list[CellValue]:
    """A whole row through `safe_cell()`, for `worksheet.append(...)` or `csv.writer.writerow(...)`."""
    return [safe_cell(value) for value in values]
