"""Excel imports: a bank's repayment statement, and a project's employed households. Every valid row is
applied; every bad row is listed with its row number, column and a Chinese reason; re-importing the same
file records nothing new (repayments by bank reference, households by ID number). The sheet reading and
row parsing are the jobs app's (`bangfu.jobs.imports`), shared rather than copied."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.db.models import QuerySet

from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.core.sensitive import id_number_index
from bangfu.jobs.imports import Column, ImportResult, RowError, _date, _Row, _RowProblems, _yuan, read_rows
from bangfu.ventures.models import EmployedHousehold, Loan, VentureProject
from bangfu.ventures.services.common import require_perm
from bangfu.ventures.services.households import add_employed_household
from bangfu.ventures.services.loans import record_repayment

REPAYMENT_COLUMNS = (
    Column("contract", "合同编号", True, "请把该列设为文本"),
    Column("bank", "贷款银行", note="同一合同编号在两家银行都有时必填"),
    Column("number", "期次", True, "第几期，1 起"),
    Column("paid_on", "还款日期", True, "如 2020-03-05"),
    Column("principal", "归还本金（元）", True),
    Column("interest", "归还利息（元）", True),
    Column("reference", "银行流水号", True, "请把该列设为文本"),
)
EMPLOYED_COLUMNS = (
    Column("name", "姓名", True),
    Column("id_number", "身份证号", True, "18 位，请把该列设为文本"),
    Column("employed_on", "就业日期", True, "如 2020-03-05"),
    Column("post", "岗位"),
)
EXCEL_DIGITS = 12  # Excel keeps 15 significant digits; a long code typed as a number is already damaged


def _code(label: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and len(str(int(value))) >= EXCEL_DIGITS:
            raise ValueError(f"{label}被 Excel 存成了数字：Excel 只保留 15 位有效数字，长编号可能已被改动，"
                             "请把该列设为文本后重新填写")
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
        if len(text) > 64:
            raise ValueError(f"{label}不超过 64 个字符")
        return text
    return parse


def _number(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise ValueError("期次应为正整数，如 1")
    return int(text)


def _loan(loans: QuerySet[Loan], contract: str, bank: str) -> Loan:
    found = list(loans.filter(contract_number=contract, **({"bank": bank} if bank else {}))[:2])
    if not found:
        raise ValueError(f"找不到合同编号“{contract}”的贷款（或不在您的数据范围内）")
    if len(found) > 1:
        raise ValueError(f"合同编号“{contract}”在多家银行都有，请填写贷款银行")
    return found[0]


def import_repayments(*, actor: Any, loans: QuerySet[Loan], source: IO[bytes]) -> ImportResult:
    """`loans`: the loans in the actor's scope (queries.loans) — a row naming another is refused."""
    require_perm(actor, "ventures.add_repayment", "导入还款")
    result = ImportResult()
    for number, cells in read_rows(source, REPAYMENT_COLUMNS):
        result.rows += 1
        row = _Row(number, cells, REPAYMENT_COLUMNS)
        contract = row.get("contract", _code("合同编号"), raw=True)
        bank = row.get("bank")
        reference = row.get("reference", _code("银行流水号"), raw=True)
        values = {"number": row.get("number", _number, 0), "paid_on": row.get("paid_on", _date, None, raw=True),
                  "principal_fen": row.get("principal", _yuan, 0), "interest_fen": row.get("interest", _yuan, 0)}
        loan = None
        if contract:
            try:
                loan = _loan(loans, contract, bank)
            except ValueError as exc:
                row.fail("contract", str(exc))
        try:
            row.finish()
            assert loan is not None
            outcome = record_repayment(actor=actor, loan=loan, reference=reference, **values)
        except _RowProblems as problems:
            result.errors.extend(problems.errors)
            continue
        except ServiceError as exc:
            result.errors.append(RowError(number, "—", str(exc)))
            continue
        result.created += outcome.created
    audit.record("ventures.repayments_import", actor=actor, changes=result.counts())
    return result


def import_employed(*, actor: Any, project: VentureProject, source: IO[bytes]) -> ImportResult:
    require_perm(actor, "ventures.add_employedhousehold", "导入带动就业户")
    result = ImportResult()
    known = set(EmployedHousehold.objects.filter(project=project).values_list("id_index", flat=True))
    for number, cells in read_rows(source, EMPLOYED_COLUMNS):
        result.rows += 1
        row = _Row(number, cells, EMPLOYED_COLUMNS)
        values = {"worker_name": row.get("name"), "id_number": row.get("id_number", str, "", raw=True),
                  "employed_on": row.get("employed_on", _date, None, raw=True), "post": row.get("post")}
        try:
            row.finish()
            household = add_employed_household(actor=actor, project=project, **values)
        except _RowProblems as problems:
            result.errors.extend(problems.errors)
            continue
        except ServiceError as exc:
            if exc.status == 409 and _already(known, values["id_number"]):
                continue  # the same household imported again: nothing new
            result.errors.append(RowError(number, "—", str(exc)))
            continue
        known.add(household.id_index)
        result.created += 1
    audit.record("ventures.employed_import", actor=actor, obj=project, changes=result.counts())
    return result


def _already(known: set[str], id_number: str) -> bool:
    return id_number_index(id_number) in known
