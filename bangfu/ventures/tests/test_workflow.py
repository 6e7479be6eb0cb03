"""Projects, loans and repayments through the services: maker ≠ approver, stale versions, states, idempotency."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.core.errors import ServiceError
from bangfu.ventures.models import LoanInstalment, ProjectStatus, Repayment
from bangfu.ventures.services import loans, projects
from bangfu.ventures.tests.helpers import make_loan, make_project

pytestmark = pytest.mark.django_db


def _registered(officer: Any, org: Any) -> Any:
    return projects.register_project(actor=officer, org=org, name="核桃烘干加工厂", sector="农产品加工",
                                     level="corps", group_name="李四等合伙", submitted_on=dt.date(2019, 5, 1))


def test_the_maker_does_not_approve_and_a_stale_version_is_refused(org_tree: dict, officer: Any,
                                                                    approver: Any) -> None:
    project = _registered(officer, org_tree["tianhe"])
    projects.advance_project(actor=officer, project=project, step="review", version=1)
    with pytest.raises(ServiceError) as refused:
        projects.advance_project(actor=officer, project=project, step="approve", version=2)
    assert refused.value.status == 403 and "经办人以外" in str(refused.value)
    with pytest.raises(ServiceError) as stale:
        projects.advance_project(actor=approver, project=project, step="approve", version=1)
    assert stale.value.status == 409
    projects.advance_project(actor=approver, project=project, step="approve", version=2, on=dt.date(2019, 6, 1))
    project.refresh_from_db()
    assert (project.status, project.approved_on, project.approved_by) == (ProjectStatus.APPROVED,
                                                                          dt.date(2019, 6, 1), approver)
    with pytest.raises(ServiceError) as again:
        projects.advance_project(actor=approver, project=project, step="approve", version=project.version)
    assert again.value.status == 409


def test_a_street_worker_registers_but_may_not_approve(org_tree: dict, worker: Any) -> None:
    project = _registered(worker, org_tree["wushan"])
    projects.advance_project(actor=worker, project=project, step="review", version=1)
    with pytest.raises(ServiceError) as refused:
        projects.advance_project(actor=worker, project=project, step="approve", version=2)
    assert refused.value.status == 403


def test_a_unit_outside_scope_is_404_and_bad_input_is_named(org_tree: dict, worker: Any, officer: Any) -> None:
    with pytest.raises(ServiceError) as outside:
        _registered(worker, org_tree["chigang"])
    assert outside.value.status == 404
    with pytest.raises(ServiceError, match="申报人"):
        projects.register_project(actor=officer, org=org_tree["tianhe"], name="x", sector="y", level="corps")
    with pytest.raises(ServiceError, match="认定级别"):
        projects.register_project(actor=officer, org=org_tree["tianhe"], name="x", sector="y", level="galaxy",
                                  group_name="g")
    with pytest.raises(ServiceError, match="项目名称"):
        projects.register_project(actor=officer, org=org_tree["tianhe"], name="", sector="y", level="corps",
                                  group_name="g")


def test_a_loan_needs_an_approved_project_and_a_unique_contract(org_tree: dict, officer: Any) -> None:
    pending = make_project(org_tree["tianhe"], approved=False)
    with pytest.raises(ServiceError) as refused:
        make_loan(pending)
    assert refused.value.status == 409
    project = make_project(org_tree["tianhe"])
    loan = loans.register_loan(actor=officer, project=project, bank="农行", contract_number="C-1",
                               principal_fen=12_000_000, annual_rate="6", start_on=dt.date(2019, 1, 31),
                               term_months=3, plan="equal")
    assert list(loan.instalments.values_list("principal_fen", "interest_fen")) == [
        (3_984_067, 56_000), (3_998_651, 41_416), (4_017_282, 20_086)]
    with pytest.raises(ServiceError) as duplicate:
        loans.register_loan(actor=officer, project=project, bank="农行", contract_number="C-1",
                            principal_fen=100, annual_rate="6", start_on=dt.date(2019, 1, 1), term_months=3,
                            plan="equal")
    assert duplicate.value.status == 409
    for bad_rate in ("abc", "-1", "4.123456", "100"):
        with pytest.raises(ServiceError, match="年利率"):
            loans.register_loan(actor=officer, project=project, bank="农行", contract_number="C-2",
                                principal_fen=100, annual_rate=bad_rate, start_on=dt.date(2019, 1, 1),
                                term_months=3, plan="equal")


def test_repayments_are_idempotent_by_bank_reference_and_never_overpay(org_tree: dict, officer: Any) -> None:
    loan = make_loan(make_project(org_tree["tianhe"]), principal_fen=100_000_000, months=3)
    first = loans.record_repayment(actor=officer, loan=loan, number=1, paid_on=dt.date(2020, 1, 10),
                                   principal_fen=0, interest_fen=200_000, reference="B-1")
    assert first.created
    replay = loans.record_repayment(actor=officer, loan=loan, number=1, paid_on=dt.date(2020, 1, 10),
                                    principal_fen=0, interest_fen=200_000, reference="B-1")
    assert (replay.created, replay.repayment.pk) == (False, first.repayment.pk)
    with pytest.raises(ServiceError) as clash:
        loans.record_repayment(actor=officer, loan=loan, number=1, paid_on=dt.date(2020, 1, 10),
                               principal_fen=0, interest_fen=1, reference="B-1")
    assert clash.value.status == 409
    instalment = LoanInstalment.objects.get(loan=loan, number=1)
    assert instalment.paid_in_full_on is None  # 2,000.00 of 3,745.83 元 paid
    with pytest.raises(ServiceError, match="超过应还金额"):
        loans.record_repayment(actor=officer, loan=loan, number=1, paid_on=dt.date(2020, 1, 12),
                               principal_fen=0, interest_fen=instalment.interest_fen, reference="B-2")
    loans.record_repayment(actor=officer, loan=loan, number=1, paid_on=dt.date(2020, 1, 14), principal_fen=0,
                           interest_fen=instalment.interest_fen - 200_000, reference="B-3")
    instalment.refresh_from_db()
    assert instalment.paid_in_full_on == dt.date(2020, 1, 14)
    assert Repayment.objects.filter(loan=loan).count() == 2
    with pytest.raises(ServiceError, match="没有第 9 期"):
        loans.record_repayment(actor=officer, loan=loan, number=9, paid_on=dt.date(2020, 1, 14),
                               principal_fen=0, interest_fen=1, reference="B-4")


def test_a_worker_may_not_register_loans_or_repayments(org_tree: dict, worker: Any) -> None:
    project = make_project(org_tree["wushan"])
    with pytest.raises(ServiceError) as refused:
        loans.register_loan(actor=worker, project=project, bank="农行", contract_number="W-1", principal_fen=100,
                            annual_rate="4", start_on=dt.date(2020, 1, 1), term_months=3, plan="bullet")
    assert refused.value.status == 403
