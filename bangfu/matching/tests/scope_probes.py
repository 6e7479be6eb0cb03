"""Scope probes for the matching pages and API (see tests/scope_matrix.py)."""

from __future__ import annotations

from typing import Any

from bangfu.accounts.models import OrgUnit
from bangfu.jobs.tests.helpers import make_opening, make_seeker
from bangfu.jobs.tests.scope_probes import OPENING, PERSON
from bangfu.matching.models import MatchingRun, ProposedPair
from tests.scope_matrix import Probe

Made = tuple[dict[str, Any], str]


def _run(org: OrgUnit, user: Any) -> MatchingRun:
    return MatchingRun.objects.create(org=org, created_by=user, parameters={"top_k": 20, "as_of": "2026-01-05"})


def _run_page(org: OrgUnit, user: Any) -> Made:
    return {"pk": _run(org, user).pk}, org.name


def _run_api(org: OrgUnit, user: Any) -> Made:
    return {"run_id": _run(org, user).pk}, org.name


def _listed_run(org: OrgUnit, user: Any) -> Made:
    _run(org, user)
    return {}, org.name


def _pair(org: OrgUnit, user: Any) -> Made:
    pair = ProposedPair.objects.create(
        run=_run(org, user),
        seeker=make_seeker(org, PERSON),
        opening=make_opening(org, title=OPENING),
        score=0.5,
        reasons=["同区（从化区）"],
    )
    return {"pk": pair.pk}, PERSON


def _seeker(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_seeker(org, PERSON).pk}, PERSON


def _seeker_api(org: OrgUnit, user: Any) -> Made:
    return {"seeker_id": make_seeker(org, PERSON).pk}, PERSON


def _opening(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_opening(org, title=OPENING).pk}, OPENING


def _opening_api(org: OrgUnit, user: Any) -> Made:
    return {"opening_id": make_opening(org, title=OPENING).pk}, OPENING


PROBES = [
    Probe("matching:run_list", role="city_officer", make=_listed_run, kind="list"),
    Probe("matching:run_detail", role="city_officer", make=_run_page),
    Probe("matching:pair_confirm", role="city_officer", make=_pair, expected_in_scope={405}),
    Probe("matching:pair_reject", role="city_officer", make=_pair, expected_in_scope={405}),
    Probe("matching:seeker_recommendations", role="street_social_worker", make=_seeker),
    Probe("matching:opening_candidates", role="district_officer", make=_opening),
    Probe("api:list_matching_runs", role="city_officer", make=_listed_run, kind="list"),
    Probe("api:create_matching_run", role="city_officer", make=_listed_run, kind="list"),
    Probe("api:get_matching_run", role="city_officer", make=_run_api),
    Probe("api:seeker_recommendations_api", role="street_social_worker", make=_seeker_api),
    Probe("api:opening_candidates_api", role="district_officer", make=_opening_api),
]
EXEMPT = {
    "matching:run_create": "POST only; the unit is checked in scope by the service (tested in test_django_services)",
    "api:confirm_matching_pair": "POST only; the pair is read in scope first (tested in test_django_api)",
}
