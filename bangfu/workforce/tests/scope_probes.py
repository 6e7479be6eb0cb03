"""Scope probes for the workforce pages and API (see tests/scope_matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.accounts.services import upsert_org_unit
from bangfu.jobs.tests.helpers import setup_user
from bangfu.workforce import services
from bangfu.workforce.tests.helpers import REVIEW_ONLY, assess, hire, make_post, make_scheme
from tests.scope_matrix import Probe

WORKER = "欧阳探针社工"
SCHEME = "探针考核方案"
VACANT = "探针空缺岗位"
Made = tuple[dict[str, Any], str]


def _worker(org: OrgUnit) -> Any:
    return hire(org, WORKER)


def _listed_worker(org: OrgUnit, user: Any) -> Made:
    _worker(org)
    return {}, WORKER


def _worker_pk(org: OrgUnit, user: Any) -> Made:
    return {"pk": _worker(org).pk}, WORKER


def _worker_api(org: OrgUnit, user: Any) -> Made:
    return {"worker_id": _worker(org).pk}, WORKER


def _run(org: OrgUnit) -> Any:
    worker = _worker(org)
    scheme = services.create_scheme(actor=setup_user(), org=org, data=services.SchemeInput(name=SCHEME))
    run = services.run_assessment(actor=setup_user(), data=services.RunInput(
        org=org, scheme=scheme, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31)))
    return run, run.assessments.get(worker=worker)


def _listed_run(org: OrgUnit, user: Any) -> Made:
    _run(org)
    return {}, SCHEME


def _run_pk(org: OrgUnit, user: Any) -> Made:
    return {"pk": _run(org)[0].pk}, WORKER


def _run_api(org: OrgUnit, user: Any) -> Made:
    return {"run_id": _run(org)[0].pk}, WORKER


def _assessment_pk(org: OrgUnit, user: Any) -> Made:
    return {"pk": _run(org)[1].pk}, WORKER


def _decision(org: OrgUnit) -> Any:
    return services.propose_decision(actor=setup_user(), worker=_worker(org), data=services.DecisionInput(
        kind="exit", reason="合同期满不再续聘", effective_on=dt.date(2026, 1, 1)))


def _listed_decision(org: OrgUnit, user: Any) -> Made:
    _decision(org)
    return {}, WORKER


def _decide(org: OrgUnit, user: Any) -> Made:
    return {"pk": _decision(org).pk, "verdict": "approve"}, WORKER


def _listed_vacant_post(org: OrgUnit, user: Any) -> Made:
    make_post(org, VACANT)
    return {}, VACANT


def _listed_candidate(org: OrgUnit, user: Any) -> Made:
    street = upsert_org_unit(code=f"{org.code}001", name="探针街道总工会", level=OrgLevel.STREET, parent=org)
    worker = hire(street, WORKER, certificate_level="senior", hired_on=dt.date(2012, 1, 1))
    scheme = make_scheme(street, weights=REVIEW_ONLY)
    for period in ((dt.date(2025, 1, 1), dt.date(2025, 6, 30)), (dt.date(2025, 7, 1), dt.date(2025, 12, 31))):
        assess(street, worker, 95, period=period, scheme=scheme)
    services.build_candidate_pool(actor=setup_user(), org=street, as_of=dt.date(2026, 1, 10))
    return {}, WORKER


ROLE = "district_officer"
PROBES = [
    Probe("workforce:roster", role=ROLE, make=_listed_worker, kind="list", query="?q=欧阳"),
    Probe("workforce:worker_detail", role=ROLE, make=_worker_pk),
    Probe("workforce:run_list", role=ROLE, make=_listed_run, kind="list"),
    Probe("workforce:run_detail", role=ROLE, make=_run_pk),
    Probe("workforce:assessment_detail", role=ROLE, make=_assessment_pk),
    Probe("workforce:decision_list", role=ROLE, make=_listed_decision, kind="list"),
    Probe("workforce:decision_decide", role=ROLE, make=_decide, expected_in_scope={405}),
    Probe("workforce:candidate_list", role=ROLE, make=_listed_candidate, kind="list"),
    Probe("api:list_workforce_workers", role=ROLE, make=_listed_worker, kind="list", query="?q=欧阳"),
    Probe("api:hire_workforce_worker", role=ROLE, make=_listed_worker, kind="list", query="?q=欧阳"),
    Probe("api:get_workforce_worker", role=ROLE, make=_worker_api),
    Probe("api:get_workforce_run", role=ROLE, make=_run_api),
    Probe("api:list_workforce_decisions", role=ROLE, make=_listed_decision, kind="list"),
    Probe("api:list_workforce_candidates", role=ROLE, make=_listed_candidate, kind="list"),
]
EXEMPT = {
    "workforce:worker_create": "a form; the vacant posts offered are scoped (test_pages.py)",
    "workforce:report": "figures only, each read through scoped(); another unit's code is 404 (test_pages.py)",
    "api:workforce_report_api": "figures only, each read through scoped(); another unit's code is 404 (test_api.py)",
    "api:run_workforce_assessment": "POST only; the unit and the scheme are read in scope first (test_api.py)",
    "api:review_workforce_assessment": "POST only; the assessment is read in scope first (test_api.py)",
    "api:propose_workforce_decision": "POST only; the worker is read in scope first (test_api.py)",
    "api:decide_workforce_decision": "POST only; the decision is read in scope first (test_api.py)",
    "api:record_workforce_pay": "POST only; the worker is read in scope first (test_api.py)",
    "api:record_workforce_follow_up": "POST only; the worker and the household are read in scope first (test_api.py)",
}
