"""Scope probes for the jobs pages and API (see tests/scope_matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bangfu.accounts.models import OrgUnit
from bangfu.jobs import services
from bangfu.jobs.tests.helpers import make_employer, make_opening, make_person, make_seeker, setup_user
from tests.scope_matrix import Probe

PERSON = "欧阳探针"
EMPLOYER = "探针单位甲"
OPENING = "探针岗位甲"
Made = tuple[dict[str, Any], str]


def _employer(org: OrgUnit, user: Any) -> Made:
    employer = make_employer(org, EMPLOYER)
    return {"pk": employer.pk}, EMPLOYER


def _employer_api(org: OrgUnit, user: Any) -> Made:
    kwargs, marker = _employer(org, user)
    return {"employer_id": kwargs["pk"]}, marker


def _listed_employer(org: OrgUnit, user: Any) -> Made:
    make_employer(org, EMPLOYER)
    return {}, EMPLOYER


def _opening(org: OrgUnit, user: Any) -> Made:
    opening = make_opening(org, title=OPENING)
    return {"pk": opening.pk}, OPENING


def _opening_api(org: OrgUnit, user: Any) -> Made:
    kwargs, marker = _opening(org, user)
    return {"opening_id": kwargs["pk"]}, marker


def _listed_opening(org: OrgUnit, user: Any) -> Made:
    make_opening(org, title=OPENING)
    return {}, OPENING


def _person(org: OrgUnit, user: Any) -> Made:
    person = make_person(org, PERSON)
    return {"person_pk": person.pk}, PERSON


def _listed_person(org: OrgUnit, user: Any) -> Made:
    make_person(org, PERSON)
    return {}, PERSON


def _seeker(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_seeker(org, PERSON).pk}, PERSON


def _seeker_api(org: OrgUnit, user: Any) -> Made:
    return {"seeker_id": make_seeker(org, PERSON).pk}, PERSON


def _listed_seeker(org: OrgUnit, user: Any) -> Made:
    make_seeker(org, PERSON)
    return {}, PERSON


def _referral_pair(org: OrgUnit, user: Any) -> Made:
    seeker, opening = make_seeker(org, PERSON), make_opening(org, title=OPENING)
    return {"seeker_pk": seeker.pk, "opening_pk": opening.pk}, PERSON


def make_referral(org: OrgUnit, *, hired: bool = False) -> Any:
    seeker, opening = make_seeker(org, PERSON), make_opening(org, title=OPENING)
    referral = services.refer_seeker(actor=setup_user(), seeker=seeker, opening=opening, on=dt.date(2026, 1, 5))
    if hired:
        services.schedule_interview(actor=setup_user(), referral=referral, on=dt.date(2026, 1, 8))
        services.record_hire(actor=setup_user(), referral=referral, on=dt.date(2026, 1, 12))
    return referral


def _referral(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_referral(org).pk}, PERSON


def _referral_api(org: OrgUnit, user: Any) -> Made:
    return {"referral_id": make_referral(org).pk}, PERSON


def _referral_step(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_referral(org).pk, "step": "interview"}, PERSON


def _listed_referral(org: OrgUnit, user: Any) -> Made:
    make_referral(org)
    return {}, PERSON


def _retention(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_referral(org, hired=True).retention_checks.get(months=3).pk}, PERSON


def _listed_retention(org: OrgUnit, user: Any) -> Made:
    make_referral(org, hired=True)
    return {}, PERSON


def _funnel(org: OrgUnit, user: Any) -> Made:
    make_referral(org)  # the seeker lives in 从化区 (440117)
    return {}, "从化区"


ROLE = "district_officer"
PROBES = [
    Probe("jobs:employer_list", role=ROLE, make=_listed_employer, kind="list", query="?q=探针单位"),
    Probe("jobs:employer_detail", role=ROLE, make=_employer),
    Probe("jobs:employer_edit", role=ROLE, make=_employer),
    Probe("jobs:opening_list", role=ROLE, make=_listed_opening, kind="list", query="?q=探针岗位"),
    Probe("jobs:opening_detail", role=ROLE, make=_opening),
    Probe("jobs:opening_edit", role=ROLE, make=_opening),
    Probe("jobs:seeker_list", role=ROLE, make=_listed_seeker, kind="list", query="?q=欧阳"),
    Probe("jobs:seeker_person_search", role=ROLE, make=_listed_person, kind="list", query="?q=欧阳"),
    Probe("jobs:seeker_create", role=ROLE, make=_person),
    Probe("jobs:seeker_detail", role=ROLE, make=_seeker),
    Probe("jobs:seeker_edit", role=ROLE, make=_seeker),
    Probe("jobs:referral_create", role=ROLE, make=_referral_pair, expected_in_scope={405}),
    Probe("jobs:referral_list", role=ROLE, make=_listed_referral, kind="list"),
    Probe("jobs:referral_detail", role=ROLE, make=_referral),
    Probe("jobs:referral_step", role=ROLE, make=_referral_step, expected_in_scope={405}),
    Probe("jobs:retention_list", role=ROLE, make=_listed_retention, kind="list"),
    Probe("jobs:retention_record", role=ROLE, make=_retention),
    Probe("jobs:placement_funnel", role=ROLE, make=_funnel, kind="list"),
    Probe("api:list_employers", role=ROLE, make=_listed_employer, kind="list", query="?q=探针单位"),
    Probe("api:create_employer_api", role=ROLE, make=_listed_employer, kind="list", query="?q=探针单位"),
    Probe("api:get_employer", role=ROLE, make=_employer_api),
    Probe("api:update_employer_api", role=ROLE, make=_employer_api),
    Probe("api:list_openings", role=ROLE, make=_listed_opening, kind="list", query="?q=探针岗位"),
    Probe("api:create_opening_api", role=ROLE, make=_listed_opening, kind="list", query="?q=探针岗位"),
    Probe("api:get_opening", role=ROLE, make=_opening_api),
    Probe("api:update_opening_api", role=ROLE, make=_opening_api),
    Probe("api:list_seekers", role=ROLE, make=_listed_seeker, kind="list", query="?q=欧阳"),
    Probe("api:get_seeker", role=ROLE, make=_seeker_api),
    Probe("api:list_referrals", role=ROLE, make=_listed_referral, kind="list"),
    Probe("api:create_referral_api", role=ROLE, make=_listed_referral, kind="list"),
    Probe("api:get_referral", role=ROLE, make=_referral_api),
    Probe("api:placement_funnel_api", role=ROLE, make=_funnel, kind="list"),
]
EXEMPT = {
    "jobs:employer_create": "a form; the units offered are scoped (test_views.py)",
    "jobs:opening_create": "a form; the units and employers offered are scoped (test_views.py)",
    "jobs:employer_import": "an upload form; the units offered are scoped (test_views.py, test_imports.py)",
    "jobs:opening_import": "an upload form; the units offered are scoped (test_imports.py)",
    "jobs:import_template": "a blank template, no records",
    "api:advance_referral_api": "POST only; the referral is read in scope first (test_api.py)",
}
