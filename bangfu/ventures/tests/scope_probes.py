"""Scope probes for the ventures pages and API (see tests/scope_matrix.py)."""

from __future__ import annotations

from typing import Any

from bangfu.accounts.models import OrgUnit
from bangfu.ventures.tests.helpers import make_loan, make_policy, make_project, make_run
from tests.scope_matrix import Probe

PROJECT = "探针创业项目"
POLICY = "探针贴息政策"
BIG_LOAN_FEN = 9_876_543_210  # 9,876.54 万元 in the report: a figure no other record makes
REPORT_MARKER = "9,876.54"
Made = tuple[dict[str, Any], str]


def _project(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_project(org, PROJECT).pk}, PROJECT


def _project_api(org: OrgUnit, user: Any) -> Made:
    return {"project_id": make_project(org, PROJECT).pk}, PROJECT


def _project_step(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_project(org, PROJECT, approved=False).pk, "step": "review"}, PROJECT


def _listed_project(org: OrgUnit, user: Any) -> Made:
    make_project(org, PROJECT)
    return {}, PROJECT


def _loan(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_loan(make_project(org, PROJECT)).pk}, PROJECT


def _loan_api(org: OrgUnit, user: Any) -> Made:
    return {"loan_id": make_loan(make_project(org, PROJECT)).pk}, "中国农业银行"


def _overdue(org: OrgUnit, user: Any) -> Made:
    make_loan(make_project(org, PROJECT))  # started 2019-12-10, nothing repaid: every instalment overdue
    return {}, PROJECT


def _policy(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_policy(org, POLICY).pk}, POLICY


def _policy_api(org: OrgUnit, user: Any) -> Made:
    return {"policy_id": make_policy(org, POLICY).pk}, POLICY


def _listed_policy(org: OrgUnit, user: Any) -> Made:
    make_policy(org, POLICY)
    return {}, POLICY


def _run(org: OrgUnit, user: Any) -> Any:
    make_loan(make_project(org, PROJECT))
    return make_run(make_policy(org, POLICY))


def _run_page(org: OrgUnit, user: Any) -> Made:
    return {"pk": _run(org, user).pk}, POLICY


def _run_api(org: OrgUnit, user: Any) -> Made:
    return {"run_id": _run(org, user).pk}, PROJECT


def _run_decide(org: OrgUnit, user: Any) -> Made:
    return {"pk": _run(org, user).pk, "decision": "submit"}, POLICY


def _listed_run(org: OrgUnit, user: Any) -> Made:
    _run(org, user)
    return {}, POLICY


def _payment(org: OrgUnit, user: Any) -> Made:
    return {"pk": _run(org, user).payments.get().pk}, PROJECT


def _report(org: OrgUnit, user: Any) -> Made:
    make_loan(make_project(org, PROJECT), principal_fen=BIG_LOAN_FEN)
    return {}, REPORT_MARKER


ROLE = "district_officer"
POST_ONLY = {405}
PROBES = [
    Probe("ventures:project_list", role=ROLE, make=_listed_project, kind="list", query="?q=探针"),
    Probe("ventures:project_detail", role=ROLE, make=_project),
    Probe("ventures:project_step", role=ROLE, make=_project_step, expected_in_scope=POST_ONLY),
    Probe("ventures:loan_create", role=ROLE, make=_project),
    Probe("ventures:employed_list", role=ROLE, make=_project),
    Probe("ventures:employed_import", role=ROLE, make=_project),
    Probe("ventures:loan_detail", role=ROLE, make=_loan),
    Probe("ventures:arrears", role=ROLE, make=_overdue, kind="list"),
    Probe("ventures:policy_list", role=ROLE, make=_listed_policy, kind="list"),
    Probe("ventures:policy_detail", role=ROLE, make=_policy),
    Probe("ventures:run_list", role=ROLE, make=_listed_run, kind="list"),
    Probe("ventures:run_detail", role=ROLE, make=_run_page),
    Probe("ventures:run_decide", role=ROLE, make=_run_decide, expected_in_scope=POST_ONLY),
    Probe("ventures:payment_release", role=ROLE, make=_payment, expected_in_scope=POST_ONLY),
    Probe("ventures:report", role=ROLE, make=_report, kind="list"),
    Probe("api:list_venture_projects", role=ROLE, make=_listed_project, kind="list", query="?q=探针"),
    Probe("api:register_venture_project", role=ROLE, make=_listed_project, kind="list", query="?q=探针"),
    Probe("api:get_venture_project", role=ROLE, make=_project_api),
    Probe("api:get_venture_loan", role=ROLE, make=_loan_api),
    Probe("api:list_venture_arrears", role=ROLE, make=_overdue, kind="list"),
    Probe("api:list_employed_households", role=ROLE, make=_project_api),
    Probe("api:add_employed_household_api", role=ROLE, make=_project_api),
    Probe("api:get_subsidy_policy", role=ROLE, make=_policy_api),
    Probe("api:update_subsidy_policy_api", role=ROLE, make=_policy_api),
    Probe("api:list_subsidy_runs", role=ROLE, make=_listed_run, kind="list"),
    Probe("api:compute_subsidy_run_api", role=ROLE, make=_listed_run, kind="list"),
    Probe("api:get_subsidy_run", role=ROLE, make=_run_api),
    Probe("api:ventures_report_api", role=ROLE, make=_report, kind="list"),
]
_WRITE = "POST only; the record is read in scope first (404 outside), tested in ventures/tests/test_api.py"
EXEMPT = {
    "ventures:project_create": "a form; the units and applicants offered are scoped (test_pages.py)",
    "ventures:policy_create": "a form; the units and funds offered are scoped (test_pages.py)",
    "ventures:repayment_import": "an upload form; rows naming loans outside scope are refused (test_imports.py)",
    "ventures:repayment_template": "a blank template, no records",
    "ventures:employed_template": "a blank template, no records",
    "api:advance_venture_project": _WRITE,
    "api:register_venture_loan": _WRITE,
    "api:record_venture_repayment": _WRITE,
    "api:import_venture_repayments": "POST only; rows naming loans outside scope are refused (test_imports.py)",
    "api:import_employed_households_api": _WRITE,
    "api:decide_subsidy_run": _WRITE,
}
