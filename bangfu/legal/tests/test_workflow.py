"""受理 → 审查 → 指派 → 办理 → 结案, with claimants, separation of duties, stale versions and totals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.models import AuditEvent
from bangfu.legal import services
from bangfu.legal.models import CaseStatus, Claimant, MeansResult
from bangfu.legal.tests.helpers import make_case, run_to_handling

pytestmark = pytest.mark.django_db


def test_collective_case_from_intake_to_settlement(places: dict[str, Any]) -> None:
    case = make_case(places["wushan"], count=3, actor=places["worker"])
    assert case.collective and case.claimant_count == 3 and case.claimed_fen == 4_500_000
    assert case.status == CaseStatus.RECEIVED and case.org == places["wushan"].org
    run_to_handling(case, places["lawyer"], places["reviewer"])
    assert case.status == CaseStatus.HANDLING and case.lawyer == places["lawyer"]
    lawyer = places["lawyer_user"]
    with pytest.raises(ServiceError, match="第 2、3 位申请人尚无结果"):
        first = case.claimants.get(row=1)
        services.record_claimant(actor=lawyer, claimant=first, expected_version=first.version, plan="一次性支付",
                                 result="settled", recovered_fen=1_500_000, settled_on=dt.date(2026, 1, 20))
        services.close_case(actor=lawyer, case=case, outcome="settled", expected_version=case.version)
    for claimant in case.claimants.order_by("row"):
        services.record_claimant(actor=lawyer, claimant=claimant, expected_version=claimant.version,
                                 plan=f"方案{claimant.row}", result="settled", recovered_fen=1_000_000 * claimant.row,
                                 settled_on=dt.date(2026, 1, 20))
    case.refresh_from_db()
    assert case.recovered_fen == 6_000_000
    services.close_case(actor=lawyer, case=case, outcome="settled", expected_version=case.version,
                        on=dt.date(2026, 1, 21), closing_report="达成和解")
    case.refresh_from_db()
    assert (case.status, case.outcome, case.days_to_close) == (CaseStatus.CLOSED, "settled", 16)
    assert list(case.claimants.values_list("plan", flat=True)) == ["方案1", "方案2", "方案3"]
    actions = set(AuditEvent.objects.filter(object_type="legal.LegalCase", object_id=str(case.pk))
                  .values_list("action", flat=True))
    assert {"legal.case_received", "legal.case_reviewed", "legal.case_assigned", "legal.case_started",
            "legal.case_closed"} <= actions


def test_a_single_claimant_takes_the_outcome_of_the_case(places: dict[str, Any]) -> None:
    case = run_to_handling(make_case(places["wushan"]), places["lawyer"], places["reviewer"])
    services.close_case(actor=places["lawyer_user"], case=case, outcome="mediated", expected_version=case.version,
                        on=dt.date(2026, 1, 9))
    assert Claimant.objects.get(case=case).result == "mediated"


def test_whoever_took_the_case_in_does_not_review_it(places: dict[str, Any]) -> None:
    case = make_case(places["centre"], actor=places["officer"])
    with pytest.raises(ServiceError) as refused:
        services.review_case(actor=places["officer"], case=case, expected_version=case.version)
    assert refused.value.status == 403
    assert "受理人不能审查" in str(refused.value)


def test_a_street_worker_cannot_review(places: dict[str, Any]) -> None:
    case = make_case(places["wushan"])
    with pytest.raises(ServiceError) as refused:
        services.review_case(actor=places["worker"], case=case, expected_version=case.version)
    assert refused.value.status == 403


def test_a_stale_version_is_refused(places: dict[str, Any]) -> None:
    case = make_case(places["wushan"])
    stale = case.version
    services.review_case(actor=places["reviewer"], case=case, expected_version=stale)
    with pytest.raises(ConflictError):
        services.assign_case(actor=places["reviewer"], case=case, lawyer=places["lawyer"], expected_version=stale)


def test_a_step_out_of_order_is_a_conflict(places: dict[str, Any]) -> None:
    case = make_case(places["wushan"])
    with pytest.raises(ConflictError, match="不能进行此操作"):
        services.start_case(actor=places["reviewer"], case=case, expected_version=case.version)


def test_representation_needs_every_claimant_to_pass_the_means_test(places: dict[str, Any]) -> None:
    case = make_case(places["wushan"], count=2, service_type="representation", dispute_type="contract",
                     migrant=False)
    assert set(case.claimants.values_list("means_result", flat=True)) == {MeansResult.PENDING}
    services.review_case(actor=places["reviewer"], case=case, expected_version=case.version)
    with pytest.raises(ServiceError, match="第 1 位申请人：待核查；第 2 位申请人：待核查"):
        services.assign_case(actor=places["reviewer"], case=case, lawyer=places["lawyer"],
                             expected_version=case.version)
    for claimant in case.claimants.all():  # both declare a household income of 500 元 for three people
        services.record_claimant(actor=places["reviewer"], claimant=claimant, expected_version=claimant.version,
                                 household_size=3, declared_income_fen=50_000)
    assert set(case.claimants.values_list("means_result", flat=True)) == {MeansResult.ELIGIBLE}
    case.refresh_from_db()
    services.assign_case(actor=places["reviewer"], case=case, lawyer=places["lawyer"], expected_version=case.version)
    assert case.status == CaseStatus.ASSIGNED


def test_bad_claimant_rows_are_named(places: dict[str, Any]) -> None:
    claimants = [services.ClaimantIn(name="甲"), services.ClaimantIn(name="乙", id_number="123")]
    with pytest.raises(ServiceError, match="第 2 位申请人：身份证号"):
        services.intake_case(actor=places["worker"], station=places["wushan"], intake_date=dt.date(2026, 1, 5),
                             employer_name="某公司", dispute_type="wages", service_type="mediation",
                             claimants=claimants)
    assert not Claimant.objects.exists()


def test_intake_outside_scope_is_not_found(places: dict[str, Any]) -> None:
    with pytest.raises(ServiceError) as refused:
        make_case(places["chigang"], actor=places["worker"])
    assert refused.value.status == 404


def test_results_wait_for_handling_and_closed_cases_are_frozen(places: dict[str, Any]) -> None:
    case = make_case(places["wushan"])
    claimant = case.claimants.get()
    with pytest.raises(ServiceError, match="办理中才能记录结果"):
        services.record_claimant(actor=places["reviewer"], claimant=claimant, expected_version=claimant.version,
                                 result="settled")
    run_to_handling(case, places["lawyer"], places["reviewer"])
    services.close_case(actor=places["lawyer_user"], case=case, outcome="withdrawn", expected_version=case.version,
                        on=dt.date(2026, 1, 9))
    claimant.refresh_from_db()
    with pytest.raises(ConflictError, match="已结案"):
        services.record_claimant(actor=places["lawyer_user"], claimant=claimant, expected_version=claimant.version,
                                 plan="改")
