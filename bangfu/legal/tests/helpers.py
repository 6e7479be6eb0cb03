"""Test helpers for the legal aid app: records through the services, by a setup superuser."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from bangfu.accounts.models import OrgUnit
from bangfu.jobs.tests.helpers import setup_user
from bangfu.legal import services
from bangfu.legal.models import LawFirm, Lawyer, LegalAidStation, LegalCase
from bangfu.legal.services import ClaimantIn
from bangfu.people.idgen import make_id_number

_sequence = itertools.count(1)
INTAKE = dt.date(2026, 1, 5)


def id_number(region: str = "340823") -> str:
    return make_id_number(region, dt.date(1988, 3, 4), next(_sequence), "M")


def make_station(org: OrgUnit, name: str = "五山街道职工法律援助工作站", **fields: Any) -> LegalAidStation:
    return services.create_station(actor=setup_user(), org=org, name=name, partner_department="人社局", **fields)


def make_firm(org: OrgUnit, name: str = "探针律师事务所") -> LawFirm:
    return services.create_firm(actor=setup_user(), org=org, name=name, contract_start=dt.date(2025, 1, 1),
                                contract_end=dt.date(2027, 12, 31))


def make_lawyer(org: OrgUnit, name: str = "林律师", *, user: Any = None,
                specialities: tuple[str, ...] = ("wages",)) -> Lawyer:
    return services.create_lawyer(actor=setup_user(), org=org, name=name, user=user,
                                  specialities=list(specialities))


def claimants(count: int, *, migrant: bool = True, claimed_fen: int = 1_500_000) -> list[ClaimantIn]:
    return [ClaimantIn(name=f"申请人{n}", id_number=id_number(), migrant_worker=migrant, claimed_fen=claimed_fen)
            for n in range(1, count + 1)]


def make_case(station: LegalAidStation, *, count: int = 1, actor: Any = None, employer: str = "探针用人单位",
              service_type: str = "mediation", dispute_type: str = "wages", knew_on: dt.date | None = None,
              intake_date: dt.date = INTAKE, migrant: bool = True) -> LegalCase:
    return services.intake_case(
        actor=actor or setup_user(), station=station, intake_date=intake_date, employer_name=employer,
        dispute_type=dispute_type, service_type=service_type, knew_on=knew_on,
        claimants=claimants(count, migrant=migrant))


def run_to_handling(case: LegalCase, lawyer: Lawyer, reviewer: Any) -> LegalCase:
    services.review_case(actor=reviewer, case=case, expected_version=case.version)
    services.assign_case(actor=reviewer, case=case, lawyer=lawyer, expected_version=case.version)
    services.start_case(actor=reviewer, case=case, expected_version=case.version)
    return case
