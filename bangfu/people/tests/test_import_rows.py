"""Import: rows read and checked one by one (IDs, dates, codes, required cells), and the error report."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook

from bangfu.accounts.models import OrgUnit, User
from bangfu.people.idgen import make_id_number
from bangfu.people.imports.columns import COLUMNS, DATA_SHEET
from bangfu.people.imports.service import ImportResult, import_households
from bangfu.people.models import HardshipFile, Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db

HEADERS = [column.template_header for column in COLUMNS]
_serial = iter(range(1, 10_000))


def new_id(birth: dt.date = dt.date(1980, 3, 4), sex: str = "M") -> str:
    n = next(_serial)
    return make_id_number("440106", birth + dt.timedelta(days=n // 300), n % 300, sex)


def workbook(rows: list[dict[str, Any]], *, headers: list[str] | None = None) -> io.BytesIO:
    """An .xlsx as an officer makes it from the template (one row per member)."""
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append(headers or HEADERS)
    keys = [column.key for column in COLUMNS]
    for row in rows:
        sheet.append([row.get(key) for key in keys])
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


@pytest.fixture
def worker(make_user: Any, org_tree: dict[str, OrgUnit]) -> User:
    return make_user("street_social_worker", org_tree["tianhe"])


def test_a_family_is_filed_with_its_members(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(secondary_cause_1="子女上学"), member()])
    assert result.errors == []
    assert result.counts()["households_created"] == 1
    hardship_file = HardshipFile.objects.get()
    assert hardship_file.status == "applied"
    assert hardship_file.causes == ["laid_off", "child_schooling"]
    assert hardship_file.household_size == 2
    assert hardship_file.zero_labour is False
    assert hardship_file.tier != "" and hardship_file.tier_reasons
    assert Person.objects.count() == 2
    assert HouseholdMember.objects.filter(relation="self").count() == 1
    assert Household.objects.get().org == org_tree["tianhe"]
