"""Support for the importer's tests (workbooks as officers fill them, valid synthetic ID numbers), and a
check of that support itself. Other test_import_* modules import from here."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.idnumbers import parse_id_number
from bangfu.people.imports.columns import COLUMNS, DATA_SHEET
from bangfu.people.imports.service import ImportResult, import_households
from bangfu.people.tests import helpers

HEADERS = [column.template_header for column in COLUMNS]
KEYS = [column.key for column in COLUMNS]


def new_id(birth: dt.date = dt.date(1980, 3, 4), sex: str = "M") -> str:
    """A fresh valid ID number on every call, from the one sequence of the people tests: a second sequence gave a
    test run alone the number `apply_family` had just filed, and the import found that person instead of a new one."""
    return helpers.new_id("440106", birth, sex)


def workbook(rows: list[Any], *, headers: list[str] | None = None, raw: bool = False) -> io.BytesIO:
    """An .xlsx as an officer makes it from the template: rows are dicts by column key (or lists when raw)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    sheet.append(headers or HEADERS)
    for row in rows:
        sheet.append(row if raw else [row.get(key) for key in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def head(key: str = "1", **extra: Any) -> dict[str, Any]:
    return {"household_key": key, "relation": "户主", "name": "张三丰", "id_number": new_id(),
            "employment_status": "下岗失业", "primary_cause": "下岗失业", "monthly_income_fen": 500, **extra}


def member(key: str = "1", **extra: Any) -> dict[str, Any]:
    return {"household_key": key, "relation": "子女", "name": "张小明", "id_number": new_id(dt.date(2010, 5, 6)),
            "employment_status": "在校学生", **extra}


def run(user: User | None, org: OrgUnit, rows: list[dict[str, Any]], **options: Any) -> ImportResult:
    return import_households(actor=user, org=org, source=workbook(rows), **options)


def reasons(result: ImportResult) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.reason) for e in result.errors]


def test_new_ids_are_valid_and_unique() -> None:
    numbers = [new_id() for _ in range(200)]
    assert len(set(numbers)) == 200
    assert all(parse_id_number(n).number == n for n in numbers)
