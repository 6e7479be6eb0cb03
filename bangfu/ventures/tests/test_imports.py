"""Excel imports and the employed households: every valid row applied, every bad row named by row and column,
re-import records nothing new; employed workers linked to the register and its hardship files."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook

from bangfu.core.errors import ServiceError
from bangfu.people.models import FileStatus, HardshipFile
from bangfu.people.tests.helpers import apply_family, approve_fully, new_id
from bangfu.ventures import queries
from bangfu.ventures.models import EmployedHousehold, LoanInstalment, Repayment
from bangfu.ventures.services import households, imports
from bangfu.ventures.tests.helpers import make_loan, make_project

pytestmark = pytest.mark.django_db
REPAYMENT_HEADERS = ["合同编号", "贷款银行", "期次", "还款日期", "归还本金（元）", "归还利息（元）", "银行流水号"]


def _xlsx(headers: list[str], rows: list[list[Any]]) -> io.BytesIO:
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


def test_a_bank_statement_applies_good_rows_and_names_the_bad(org_tree: dict, officer: Any) -> None:
    loan = make_loan(make_project(org_tree["tianhe"]), months=12)  # interest 3,745.83 元 due 2020-01-10
    outside = make_loan(make_project(org_tree["beijing"], "北京项目"))
    rows = [
        [loan.contract_number, "", 1, "2020-01-10", "0", "3745.83", "SEQ-1"],
        [loan.contract_number, "", 2, "2020/2/10", "0", "3,745.83", "SEQ-2"],
        [loan.contract_number, "", 3, "2020年3月10日", "0", "abc", "SEQ-3"],
        ["不存在的合同", "", 1, "2020-01-10", "0", "1", "SEQ-4"],
        [outside.contract_number, "", 1, "2020-01-10", "0", "1", "SEQ-5"],
        [loan.contract_number, "", 4, "2020-04-10", "0", "3745.83", 123456789012345],
        [loan.contract_number, "", 4, "2020-04-10", "0", "9999", "SEQ-6"],
    ]
    result = imports.import_repayments(actor=officer, loans=queries.loans(officer),
                                       source=_xlsx(REPAYMENT_HEADERS, rows))
    assert (result.rows, result.created) == (7, 2)
    problems = {(error.row, error.column): error.message for error in result.errors}
    assert "格式不正确" in problems[(4, "归还利息（元）")]
    assert "找不到合同编号“不存在的合同”" in problems[(5, "合同编号")]
    assert "找不到" in problems[(6, "合同编号")]  # another city's loan: refused as unknown
    assert "请把该列设为文本" in problems[(7, "银行流水号")]
    assert "超过应还金额" in problems[(8, "—")]
    assert LoanInstalment.objects.get(loan=loan, number=1).paid_in_full_on == dt.date(2020, 1, 10)
    again = imports.import_repayments(actor=officer, loans=queries.loans(officer),
                                      source=_xlsx(REPAYMENT_HEADERS, rows[:2]))
    assert (again.rows, again.created, again.errors) == (2, 0, [])
    assert Repayment.objects.filter(loan=loan).count() == 2


def test_a_sheet_without_the_required_columns_is_refused(officer: Any) -> None:
    with pytest.raises(ServiceError, match="缺少必填列"):
        imports.import_repayments(actor=officer, loans=queries.loans(officer), source=_xlsx(["合同编号"], []))
    with pytest.raises(ServiceError, match="无法读取"):
        imports.import_repayments(actor=officer, loans=queries.loans(officer), source=io.BytesIO(b"not excel"))


def test_employed_workers_are_linked_to_the_register(org_tree: dict, officer: Any, approver: Any) -> None:
    head_id = new_id()
    hardship_file = approve_fully(officer, approver, apply_family(officer, org_tree["wushan"], head="赵六",
                                                                 head_id=head_id))
    assert hardship_file.status == FileStatus.FORMAL
    project = make_project(org_tree["tianhe"])
    linked = households.add_employed_household(actor=officer, project=project, worker_name="赵六",
                                               id_number=head_id.lower(), employed_on=dt.date(2020, 1, 5))
    assert linked.hardship_file == HardshipFile.objects.get(pk=hardship_file.pk)
    plain = households.add_employed_household(actor=officer, project=project, worker_name="钱七",
                                              id_number=new_id(), employed_on=dt.date(2020, 1, 5))
    assert (plain.person, plain.hardship_file) == (None, None)
    with pytest.raises(ServiceError) as twice:
        households.add_employed_household(actor=officer, project=project, worker_name="赵六", id_number=head_id,
                                          employed_on=dt.date(2020, 2, 5))
    assert twice.value.status == 409
    with pytest.raises(ServiceError, match="校验位"):
        households.add_employed_household(actor=officer, project=project, worker_name="孙八",
                                          id_number=head_id[:-1] + ("0" if head_id[-1] != "0" else "1"),
                                          employed_on=dt.date(2020, 2, 5))


def test_the_employed_import_is_idempotent(org_tree: dict, officer: Any) -> None:
    project = make_project(org_tree["tianhe"])
    rows = [["周九", new_id(), "2020-01-05", "养殖员"], ["吴十", "110105", "2020-01-05", ""],
            ["", new_id(), "2020-01-05", ""], ["郑一", new_id(), "明天", ""]]
    headers = ["姓名", "身份证号", "就业日期", "岗位"]
    result = imports.import_employed(actor=officer, project=project, source=_xlsx(headers, rows))
    assert (result.rows, result.created, result.rejected_rows) == (4, 1, 3)
    messages = {error.row: error.message for error in result.errors}
    assert "18 位" in messages[3] and "必填" in messages[4] and messages[5]
    again = imports.import_employed(actor=officer, project=project, source=_xlsx(headers, rows[:1]))
    assert (again.created, again.errors) == (0, [])
    assert EmployedHousehold.objects.filter(project=project).count() == 1
