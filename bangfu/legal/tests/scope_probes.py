"""Scope probes for the legal aid pages and API (see tests/scope_matrix.py)."""

from __future__ import annotations

import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.accounts.models import OrgUnit
from bangfu.jobs.tests.helpers import setup_user
from bangfu.legal import services
from bangfu.legal.tests.helpers import make_case, make_firm, make_lawyer, make_station
from tests.scope_matrix import Probe

STATION = "探针法律援助工作站"
FIRM = "探针律师事务所"
LAWYER = "探针律师"
EMPLOYER = "探针用人单位"
Made = tuple[dict[str, Any], str]
_n = itertools.count(1)


def _station(org: OrgUnit) -> Any:
    return make_station(org, f"{STATION}{next(_n)}")


def _listed_station(org: OrgUnit, user: Any) -> Made:
    _station(org)
    return {}, STATION


def _station_page(org: OrgUnit, user: Any) -> Made:
    return {"pk": _station(org).pk}, STATION


def _station_api(org: OrgUnit, user: Any) -> Made:
    return {"station_id": _station(org).pk}, STATION


def _firm(org: OrgUnit) -> Any:
    return make_firm(org, f"{FIRM}{next(_n)}")


def _listed_firm(org: OrgUnit, user: Any) -> Made:
    _firm(org)
    return {}, FIRM


def _firm_page(org: OrgUnit, user: Any) -> Made:
    return {"pk": _firm(org).pk}, FIRM


def _firm_api(org: OrgUnit, user: Any) -> Made:
    return {"firm_id": _firm(org).pk}, FIRM


def _listed_lawyer(org: OrgUnit, user: Any) -> Made:
    make_lawyer(org, LAWYER)
    return {}, LAWYER


def _lawyer_page(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_lawyer(org, LAWYER).pk}, LAWYER


def _lawyer_api(org: OrgUnit, user: Any) -> Made:
    return {"lawyer_id": make_lawyer(org, LAWYER).pk}, LAWYER


def _case(org: OrgUnit) -> Any:
    return make_case(_station(org), employer=EMPLOYER)


def _listed_case(org: OrgUnit, user: Any) -> Made:
    _case(org)
    return {}, EMPLOYER


def _case_page(org: OrgUnit, user: Any) -> Made:
    return {"pk": _case(org).pk}, EMPLOYER


def _case_api(org: OrgUnit, user: Any) -> Made:
    return {"case_id": _case(org).pk}, EMPLOYER


def _case_step(org: OrgUnit, user: Any) -> Made:
    return {"pk": _case(org).pk, "step": "review"}, EMPLOYER


def _claimant(org: OrgUnit, user: Any) -> Made:
    return {"pk": _case(org).claimants.get().pk}, EMPLOYER


def _document(org: OrgUnit, user: Any) -> Made:
    upload = SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 probe", content_type="application/pdf")
    document = services.add_document(actor=setup_user(), case=_case(org), title="申请书", upload=upload)
    return {"pk": document.pk}, EMPLOYER


def _report(org: OrgUnit, user: Any) -> Made:
    _case(org)
    return {}, STATION


ROLE = "district_officer"
PROBES = [
    Probe("legal:station_list", role=ROLE, make=_listed_station, kind="list", query="?q=探针"),
    Probe("legal:station_detail", role=ROLE, make=_station_page),
    Probe("legal:station_edit", role=ROLE, make=_station_page),
    Probe("legal:firm_list", role=ROLE, make=_listed_firm, kind="list", query="?q=探针"),
    Probe("legal:firm_detail", role=ROLE, make=_firm_page),
    Probe("legal:firm_edit", role=ROLE, make=_firm_page),
    Probe("legal:lawyer_list", role=ROLE, make=_listed_lawyer, kind="list", query="?q=探针"),
    Probe("legal:lawyer_detail", role=ROLE, make=_lawyer_page),
    Probe("legal:lawyer_edit", role=ROLE, make=_lawyer_page),
    Probe("legal:case_list", role=ROLE, make=_listed_case, kind="list", query="?q=探针"),
    Probe("legal:case_detail", role=ROLE, make=_case_page),
    Probe("legal:case_step", role=ROLE, make=_case_step, expected_in_scope={405}),
    Probe("legal:document_upload", role=ROLE, make=_case_page, expected_in_scope={405}),
    Probe("legal:claimant_edit", role=ROLE, make=_claimant),
    Probe("legal:claimant_add", role=ROLE, make=_case_page),
    Probe("legal:document_download", role=ROLE, make=_document),
    Probe("legal:report", role=ROLE, make=_report, kind="list"),
    Probe("api:list_legal_stations", role=ROLE, make=_listed_station, kind="list", query="?q=探针"),
    Probe("api:create_legal_station", role=ROLE, make=_listed_station, kind="list", query="?q=探针"),
    Probe("api:get_legal_station", role=ROLE, make=_station_api),
    Probe("api:update_legal_station", role=ROLE, make=_station_api),
    Probe("api:list_legal_firms", role=ROLE, make=_listed_firm, kind="list", query="?q=探针"),
    Probe("api:create_legal_firm", role=ROLE, make=_listed_firm, kind="list", query="?q=探针"),
    Probe("api:get_legal_firm", role=ROLE, make=_firm_api),
    Probe("api:update_legal_firm", role=ROLE, make=_firm_api),
    Probe("api:list_legal_lawyers", role=ROLE, make=_listed_lawyer, kind="list", query="?q=探针"),
    Probe("api:create_legal_lawyer", role=ROLE, make=_listed_lawyer, kind="list", query="?q=探针"),
    Probe("api:get_legal_lawyer", role=ROLE, make=_lawyer_api),
    Probe("api:update_legal_lawyer", role=ROLE, make=_lawyer_api),
    Probe("api:list_legal_cases", role=ROLE, make=_listed_case, kind="list", query="?q=探针"),
    Probe("api:create_legal_case", role=ROLE, make=_listed_case, kind="list", query="?q=探针"),
    Probe("api:get_legal_case", role=ROLE, make=_case_api),
    Probe("api:suggest_legal_lawyers", role=ROLE, make=_case_api),
    Probe("api:legal_aid_report", role=ROLE, make=_report, kind="list"),
]
EXEMPT = {
    "legal:station_create": "a form; the units offered are scoped (test_pages.py)",
    "legal:firm_create": "a form; the units offered are scoped (test_pages.py)",
    "legal:lawyer_create": "a form; the units and firms offered are scoped (test_pages.py)",
    "legal:case_create": "the intake form; the stations offered are scoped (test_pages.py)",
    "api:advance_legal_case": "POST only; the case is read in scope first (test_api.py)",
    "api:update_legal_claimant": "PUT only; the claimant is read in scope first (test_api.py)",
    "api:add_legal_claimant": "POST only; the case is read in scope first (test_add_claimant.py)",
}
