"""Model-worker services: eligibility from honours and the hardship file, maker ≠ approver, payment through the
assistance ledger (no second ledger; overspending impossible), the list of those due for their check."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.assistance.models import Disbursement, DisbursementStatus, LedgerEntry
from bangfu.assistance.services import ledger
from bangfu.assistance.tests.factories import make_file, make_person
from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent
from bangfu.honours import queries
from bangfu.honours.models import CareStatus, ModelWorkerCare
from bangfu.honours.services import care, honours
from bangfu.honours.tests.helpers import honoured, make_fund, setup_user

pytestmark = pytest.mark.django_db


def _propose(officer: Any, person: Any, fund: Any, kind: str = "health_check", amount_fen: int = 80_000,
             year: int = 2020) -> ModelWorkerCare:
    return care.propose_care(actor=officer, data=care.CareInput(person=person, kind=kind, year=year,
                                                                amount_fen=amount_fen, fund=fund, note="血压偏高"))


def test_eligibility_follows_the_title_and_the_hardship_file(org_tree: dict) -> None:
    national, _h = honoured(org_tree["wushan"], code="national_model")
    city, _h2 = honoured(org_tree["wushan"], code="city_model")
    star, _h3 = honoured(org_tree["wushan"], code="enterprise_tech_star")
    assert care.eligibility(national, "health_check", 2020).ok
    assert care.eligibility(national, "recuperation", 2020).ok
    assert care.eligibility(city, "health_check", 2020).ok
    refused = care.eligibility(city, "recuperation", 2020)
    assert not refused.ok and "疗休养限省部级以上劳模" in refused.reasons[-1]
    assert not care.eligibility(star, "health_check", 2020).ok  # 企业技术之星 carries no treatment
    assert not care.eligibility(national, "health_check", 2019).ok  # not yet honoured in 2019
    not_in_file = care.eligibility(national, "hardship", 2020)
    assert not not_in_file.ok and "不在档" in not_in_file.reasons[-1]
    make_file(national)
    in_file = care.eligibility(national, "hardship", 2020)
    assert in_file.ok and in_file.reasons == ["持有“全国劳动模范”（2020 年，全国）", "在困难职工档案中（在档）"]


def test_revoked_honour_gives_no_treatment(officer: Any, org_tree: dict) -> None:
    person, honour = honoured(org_tree["wushan"])
    honours.revoke_honour(actor=officer, honour=honour, reason="撤销", version=honour.version)
    assert not care.eligibility(person, "health_check", 2020).ok


def test_subsidy_is_paid_through_the_ledger_by_a_second_person(officer: Any, approver: Any, org_tree: dict) -> None:
    person, _honour = honoured(org_tree["wushan"])
    make_file(person)
    fund = make_fund(org_tree["guangzhou"], budget_fen=1_000_000)
    proposed = _propose(officer, person, fund, kind="hardship", amount_fen=300_000)
    assert proposed.status == CareStatus.PROPOSED and proposed.note == "血压偏高"
    with pytest.raises(ServiceError) as own:
        care.approve_care(actor=officer, care=proposed, version=proposed.version)
    assert own.value.status == 403
    paid = care.approve_care(actor=approver, care=proposed, version=proposed.version)
    paid.refresh_from_db()
    assert paid.status == CareStatus.APPROVED and paid.decided_by == approver
    disbursement = paid.disbursement
    assert disbursement is not None
    assert (disbursement.status, disbursement.amount_fen, disbursement.payee_id) == (
        DisbursementStatus.PAID, 300_000, person.pk)
    assert disbursement.idempotency_key == f"model-worker:{paid.pk}"
    assert ledger.root_allocation(fund).balance_fen == 700_000
    assert LedgerEntry.objects.filter(fund=fund, kind="disbursement").count() == 1
    assert ledger.reconcile_fund(fund).ok
    assert AuditEvent.objects.filter(action="honours.care_approve", object_id=str(paid.pk)).exists()
    with pytest.raises(ServiceError) as again:
        care.approve_care(actor=approver, care=paid, version=paid.version)
    assert again.value.status == 409


def test_overspending_the_fund_is_impossible(officer: Any, approver: Any, org_tree: dict) -> None:
    fund = make_fund(org_tree["guangzhou"], budget_fen=100_000)
    first, _h = honoured(org_tree["wushan"])
    second, _h2 = honoured(org_tree["wushan"])
    one = _propose(officer, first, fund, amount_fen=80_000)
    two = _propose(officer, second, fund, amount_fen=80_000)
    care.approve_care(actor=approver, care=one, version=one.version)
    with pytest.raises(ServiceError) as short:
        care.approve_care(actor=approver, care=two, version=two.version)
    assert short.value.status == 409
    two.refresh_from_db()
    assert two.status == CareStatus.PROPOSED and two.disbursement_id is None  # nothing half-written
    assert ledger.root_allocation(fund).balance_fen == 20_000
    assert Disbursement.objects.filter(fund=fund).count() == 1


def test_proposal_rules(officer: Any, outsider: Any, org_tree: dict) -> None:
    fund = make_fund(org_tree["guangzhou"])
    person, _h = honoured(org_tree["wushan"], code="city_model")
    plain = make_person(org_tree["wushan"])
    with pytest.raises(ServiceError, match="不符合条件"):
        _propose(officer, plain, fund)
    with pytest.raises(ServiceError, match="金额"):
        _propose(officer, person, fund, amount_fen=0)
    _propose(officer, person, fund)
    with pytest.raises(ServiceError) as twice:
        _propose(officer, person, fund)
    assert twice.value.status == 409
    with pytest.raises(ServiceError) as hidden:
        _propose(outsider, person, make_fund(org_tree["haizhu"]))
    assert hidden.value.status == 404


def test_rejection_needs_a_reason_and_frees_the_year(officer: Any, approver: Any, org_tree: dict) -> None:
    fund = make_fund(org_tree["guangzhou"])
    person, _h = honoured(org_tree["wushan"])
    proposed = _propose(officer, person, fund)
    with pytest.raises(ServiceError, match="驳回原因"):
        care.reject_care(actor=approver, care=proposed, version=proposed.version, note="")
    care.reject_care(actor=approver, care=proposed, version=proposed.version, note="重复申报")
    assert _propose(officer, person, fund).status == CareStatus.PROPOSED


def test_stale_version_is_409(officer: Any, approver: Any, org_tree: dict) -> None:
    fund = make_fund(org_tree["guangzhou"])
    person, _h = honoured(org_tree["wushan"])
    proposed = _propose(officer, person, fund)
    with pytest.raises(ServiceError) as stale:
        care.approve_care(actor=approver, care=proposed, version=proposed.version + 5)
    assert stale.value.status == 409
    assert not Disbursement.objects.filter(fund=fund).exists()


def test_large_payment_waits_for_release(officer: Any, approver: Any, org_tree: dict) -> None:
    fund = make_fund(org_tree["guangzhou"], budget_fen=10_000_000, large_amount_fen=100_000)
    person, _h = honoured(org_tree["wushan"])
    proposed = _propose(officer, person, fund, kind="recuperation", amount_fen=500_000)
    approved = care.approve_care(actor=approver, care=proposed, version=proposed.version)
    assert approved.disbursement is not None and approved.disbursement.status == DisbursementStatus.PENDING
    released = care.release_care_payment(actor=officer, care=approved, approve=True)
    assert released.status == DisbursementStatus.PAID


def test_due_for_check_lists_each_model_worker_once(officer: Any, approver: Any, org_tree: dict) -> None:
    fund = make_fund(org_tree["guangzhou"])
    due, _h = honoured(org_tree["wushan"], code="national_model", year=2015)
    honours.grant_honour(actor=setup_user(), data=honours.HonourInput(
        title=honours.HonourTitle.objects.get(code="city_model"), year=2010, person=due))
    checked, _h2 = honoured(org_tree["wushan"])
    honoured(org_tree["wushan"], code="enterprise_tech_star")  # no treatment: never due
    _propose(officer, checked, fund, year=2020)
    listed = list(queries.due_for_check(officer, 2020))
    assert listed == [due]
