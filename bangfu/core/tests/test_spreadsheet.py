from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bangfu.core.spreadsheet import safe_cell, safe_row


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+86 138", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x","y")', "＝1+1"],
)
def test_formula_looking_text_is_escaped(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [12, -12, 1.5, Decimal("-3.20"), True, None, dt.date(2024, 3, 5)])
def test_non_text_values_pass_unchanged(value: object) -> None:
    assert safe_cell(value) == value


def test_ordinary_text_is_unchanged_and_rows_are_escaped_cell_by_cell() -> None:
    assert safe_row(["张三", "=A1", 3, "a=b"]) == ["张三", "'=A1", 3, "a=b"]


def test_escaped_cell_is_text_in_an_xlsx(tmp_path: object) -> None:
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(safe_row(["=1+1", "@x", 5]))
    path = f"{tmp_path}/x.xlsx"
    book.save(path)
    loaded = load_workbook(path).active
    assert loaded is not None
    assert loaded["A1"].data_type == "s" and loaded["A1"].value == "'=1+1"
    assert loaded["C1"].value == 5
