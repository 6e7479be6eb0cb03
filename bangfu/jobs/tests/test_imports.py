"""Excel import of employers and openings: bad rows listed by row and column in Chinese, valid rows kept."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from bangfu.core.errors import ServiceError
from bangfu.jobs import imports
from bangfu.jobs.imports import EMPLOYER_COLUMNS, OPENING_COLUMNS, RowError
from bangfu.jobs.models import Employer, Opening
from bangfu.jobs.services import current_version
from bangfu.jobs.tests.helpers import make_employer, valid_uscc
from bangfu.matching.engine import slot_mask

pytestmark = pytest.mark.django_db


def _sheet(headers: list[str], rows: list[list[Any]]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def officer(org_tree: dict, make_user: Any) -> Any:
    return make_user("city_officer", org_tree["guangzhou"])


def test_employer_rows_with_errors_are_listed_and_the_others_kept(org_tree: dict, officer: Any) -> None:
    good, bad_check = valid_uscc(101), valid_uscc(102)[:-1] + "0"
    if bad_check == valid_uscc(102):
        bad_check = valid_uscc(102)[:-1] + "1"
    source = _sheet([c.header for c in EMPLOYER_COLUMNS], [
        ["广州从化南粤家政服务有限公司", good, "李经理", "13800001234", "从化区", "从化区街口街道"],
        ["错误代码公司", bad_check, "", "", "从化区", ""],
        ["", valid_uscc(103), "", "", "番禺区", ""],
        ["外地公司", valid_uscc(104), "", "", "朝阳区", ""],
    ])
    result = imports.import_employers(actor=officer, org=org_tree["guangzhou"], source=source)
    assert (result.rows, result.created, result.updated, result.rejected_rows) == (4, 1, 0, 3)
    assert result.errors == [
        RowError(3, "统一社会信用代码", f"统一社会信用代码“{bad_check}”无效（应为 18 位且校验位正确）"),
        RowError(4, "单位名称", "必填，不能为空"),
        RowError(5, "所在区县", "区县“朝阳区”不在本单位所在地区（应填区县名称或 6 位区划代码）"),
    ]
    employer = Employer.objects.get()
    assert (employer.name, employer.uscc, employer.district_code, employer.org) == (
        "广州从化南粤家政服务有限公司", good, "440117", org_tree["guangzhou"])


def test_importing_the_same_employers_twice_changes_nothing(org_tree: dict, officer: Any) -> None:
    rows = [["广州天河电商有限公司", valid_uscc(201), "", "", "440106", ""]]
    headers = [c.header for c in EMPLOYER_COLUMNS]
    imports.import_employers(actor=officer, org=org_tree["guangzhou"], source=_sheet(headers, rows))
    again = imports.import_employers(actor=officer, org=org_tree["guangzhou"], source=_sheet(headers, rows))
    assert (again.created, again.updated, again.errors) == (0, 0, [])
    assert Employer.objects.count() == 1


def test_a_missing_required_column_is_named(org_tree: dict, officer: Any) -> None:
    with pytest.raises(ServiceError, match="第 1 行缺少必填列：统一社会信用代码"):
        imports.import_employers(actor=officer, org=org_tree["guangzhou"], source=_sheet(["单位名称"], [["某公司"]]))


def test_a_file_that_is_not_excel_is_refused(org_tree: dict, officer: Any) -> None:
    with pytest.raises(ServiceError, match="请上传 Excel"):
        imports.import_employers(actor=officer, org=org_tree["guangzhou"], source=io.BytesIO(b"name,uscc\n"))


def test_opening_rows_are_parsed_and_checked_cell_by_cell(org_tree: dict, officer: Any) -> None:
    employer = make_employer(org_tree["guangzhou"])
    version = current_version("openings")
    headers = [c.header for c in OPENING_COLUMNS]
    source = _sheet(headers, [
        [employer.uscc, "电商运营", "4-01-02-01", "电商、淘宝", "网店运营", "从化区", "", 4500, 6000,
         "周一至周五 09–18 时", 2, "会 PS", "弹性工时、可居家办公", dt.datetime(2026, 12, 31)],
        [employer.uscc, "客服", "9-99-99-99", "", "", "天河区", "", "四千", "", "周八 9-18", 0, "", "飞行", "明年"],
        [valid_uscc(999), "保洁", "", "", "", "海珠区", "", 3000, 2000, "", 1, "", "", ""],
    ])
    result = imports.import_openings(actor=officer, org=org_tree["guangzhou"], source=source)
    assert (result.created, result.rejected_rows) == (1, 2)
    by_cell = {(e.row, e.column): e.message for e in result.errors}
    assert by_cell[(3, "职业编码")] == "职业编码“9-99-99-99”不在职业分类大典（2022 年版）中"
    assert by_cell[(3, "最低月薪（元）")].startswith("金额“四千”格式不正确")
    assert by_cell[(3, "班次")] == "时间段“周八 9-18”缺少星期，应如“周一至周五 09–18 时”"
    assert by_cell[(3, "招聘人数")] == "招聘人数应为不小于 1 的整数"
    assert by_cell[(3, "便利条件")].startswith("便利条件“飞行”无法识别")
    assert by_cell[(3, "有效期至")].startswith("日期“明年”格式不正确")
    assert by_cell[(4, "用人单位信用代码")] == f"用人单位“{valid_uscc(999)}”未登记或不在您的数据范围内"
    assert by_cell[(4, "最高月薪（元）")] == "最高月薪不能低于最低月薪"
    opening = Opening.objects.get()
    assert (opening.title, opening.district_code, opening.wage_min_fen, opening.wage_max_fen, opening.positions) == (
        "电商运营", "440117", 450_000, 600_000, 2)
    assert opening.shift_slots == sum(slot_mask(day, 9, 18) for day in range(5))
    assert (opening.tags, opening.accommodations, opening.valid_until) == (
        ["电商", "淘宝"], ["flexible_hours", "remote"], dt.date(2026, 12, 31))
    assert current_version("openings") == version + 1  # the recommendation caches see the change


def test_reimporting_openings_updates_instead_of_duplicating(org_tree: dict, officer: Any) -> None:
    employer = make_employer(org_tree["guangzhou"])
    headers = [c.header for c in OPENING_COLUMNS]
    row = [employer.uscc, "仓储管理员", "", "仓储", "", "白云区", "", 4000, "", "", 3, "", "", ""]
    imports.import_openings(actor=officer, org=org_tree["guangzhou"], source=_sheet(headers, [row]))
    row[10] = 5
    again = imports.import_openings(actor=officer, org=org_tree["guangzhou"], source=_sheet(headers, [row]))
    assert (again.created, again.updated) == (0, 1)
    assert Opening.objects.get().positions == 5


def test_the_template_has_the_headers_and_an_explanation_sheet() -> None:
    workbook = load_workbook(io.BytesIO(imports.template_workbook(OPENING_COLUMNS, "招聘岗位")))
    assert [c.value for c in workbook["招聘岗位"][1]] == [c.header for c in OPENING_COLUMNS]
    notes = list(workbook["说明"].iter_rows(values_only=True))
    assert notes[0] == ("列", "必填", "说明") and ("招聘人数", "是", "不小于 1 的整数") in notes


def test_a_street_worker_cannot_import_openings(org_tree: dict, make_user: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"])
    with pytest.raises(ServiceError) as raised:
        imports.import_openings(actor=worker, org=org_tree["wushan"], source=_sheet(["岗位名称"], []))
    assert raised.value.status == 404


def test_a_credit_code_excel_stored_as_a_number_is_refused(org_tree: dict, officer: Any) -> None:
    """An all-digit credit code typed into a General cell keeps 15 digits: never read back as another code."""
    code = next(valid_uscc(n) for n in range(200, 400) if valid_uscc(n)[-1].isdigit())
    source = _sheet([c.header for c in EMPLOYER_COLUMNS], [["数字代码公司", float(code), "", "", "从化区", ""]])
    result = imports.import_employers(actor=officer, org=org_tree["guangzhou"], source=source)
    [error] = result.errors
    assert (error.row, error.column) == (2, "统一社会信用代码")
    assert "设置该列为文本后重新填写" in error.message
    assert not Employer.objects.exists()
