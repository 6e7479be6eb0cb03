"""Cells for exported spreadsheets (xlsx, csv) that a spreadsheet program cannot run as formulas.

A text cell starting with `=`, `+`, `-` or `@` (or a tab/carriage return that hides one) is read by
Excel and WPS as a formula: a name typed as `=HYPERLINK("http://…")` or `=cmd|' /C calc'!A0` would run
when a colleague opens the export (CSV/formula injection). Every export in Bangfu writes its cells
through `safe_cell()`; numbers, dates and booleans pass unchanged, so sums and sorting still work.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

# What makes a spreadsheet program read text as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

CellValue = str | int | float | Decimal | bool | dt.date | dt.datetime | dt.time | None


def cell_text(value: object) -> str:
    """A cell as stripped text: empty for None, and 3 rather than 3.0 for a whole number Excel stores as float.
    The one reading of a cell's text for every importer."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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


# --- Reading: long codes Excel has turned into numbers --------------------------------------------------

# Excel keeps 15 significant digits of a number: an 18-digit code (ID number, bank card, credit code) typed into
# a General cell loses the rest, and the digits read back may form another valid code.
EXCEL_DIGITS = 15


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


# `4.40121E+17`, `4.40121198008271e17`: what a CSV saved by Excel holds for a long number.
_SCIENTIFIC = re.compile(r"[+-]?\d(?:\.\d+)?E\+?(\d+)", re.IGNORECASE)


def has_lost_digits(value: Any) -> bool:
    """A number of more than 15 digits, as a number cell or in scientific form: not what was typed."""
    if is_number(value):
        return abs(value) >= 10**EXCEL_DIGITS
    match = _SCIENTIFIC.fullmatch(value.strip()) if isinstance(value, str) else None
    return match is not None and int(match.group(1)) >= EXCEL_DIGITS


def excel_shows(value: Any) -> str:
    """A number as Excel displays it in a General cell — at most 11 characters, so a long one in scientific form
    (`4.40121E+17`). Error reports show this, never the digits read back, which were not typed by anyone."""
    if not is_number(value):
        return str(value if value is not None else "").strip()
    if abs(value) < 1e11:
        return str(int(value)) if float(value).is_integer() else str(value)
    mantissa, _e, exponent = f"{float(value):.5E}".partition("E")  # six significant digits, rounded as Excel does
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}E+{int(exponent):02d}"


def lost_digits_message(what: str) -> str:
    """Why a long code stored as a number is refused, whatever its check digit says."""
    return (f"{what}被 Excel 存成了数字，只保留前 {EXCEL_DIGITS} 位有效数字，后几位已丢失（读回的号码可能恰是另一个"
            f"有效号码）：请设置该列为文本后重新填写")


# --- Writing: a workbook of one or more sheets, and its download -------------------------------------------

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
