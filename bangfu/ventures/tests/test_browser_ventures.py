"""In a real browser: an officer registers a project and reviews it, a second officer approves it, the first
registers its loan and the bank's three repayments of a quarter on the loan page, computes the quarter's
subsidy and submits it; the second approves it and it is paid through the assistance ledger."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.assistance.models import DisbursementStatus
from bangfu.core.money import format_yuan
from bangfu.ventures.models import Loan, PaymentStatus, SubsidyRun
from bangfu.ventures.tests.helpers import make_policy
from conftest import browser_as, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_a_project_and_a_loan_and_pay_one_subsidy_quarter(page: Any, chromium: Any, org_tree: dict,
                                                                   make_user: Any) -> None:
    make_user("city_officer", org_tree["guangzhou"], username="gz_maker", display_name="经办干部")
    make_user("city_officer", org_tree["guangzhou"], username="gz_approver", display_name="审批干部")
    policy = make_policy(org_tree["guangzhou"])

    browser_login(page, "gz_maker")
    page.goto(f"{page.base_url}/ventures/")
    page.click("[data-testid=new-project]")
    page.select_option("#id_org", label="　　天河区总工会")
    page.fill("#id_name", "塔河小龙虾养殖")
    page.fill("#id_sector", "水产养殖")
    page.select_option("#id_level", value="corps")
    page.fill("#id_group_name", "张三等职工合伙")
    page.fill("#id_submitted_on", "2019年10月1日")
    page.click("[data-testid=record-form] button[type=submit]")
    page.click("[data-testid=step-review]")
    page.wait_for_selector("[data-testid=project-status]:text-is('审核')")
    assert page.locator("[data-testid=step-approve]").count() == 1  # offered, but refused to the maker
    project_url = page.url

    approver = browser_as(chromium, page, "gz_approver")
    approver.goto(project_url)
    approver.click("[data-testid=step-approve]")
    approver.wait_for_selector("[data-testid=project-status]:text-is('立项')")

    page.goto(project_url)
    page.click("[data-testid=new-loan]")
    page.fill("#id_bank", "中国农业银行阿拉尔分行")
    page.fill("#id_contract_number", "NH-2019-001")
    page.fill("#id_principal", "1,000,000")
    page.fill("#id_annual_rate", "4.35")
    page.fill("#id_start_on", "2019-12-10")
    page.fill("#id_term_months", "12")
    page.select_option("#id_plan", value="bullet")
    page.click("[data-testid=record-form] button[type=submit]")
    page.wait_for_selector("[data-testid=schedule-rows]")
    assert "3,745.83" in page.inner_text("[data-testid=schedule-rows]")  # 100 万 × 4.35 % × 31 / 360
    loan = Loan.objects.get(contract_number="NH-2019-001")
    for row in loan.instalments.order_by("number")[:3]:  # the bank's statement of the quarter, paid on time
        page.fill("#id_number", str(row.number))
        page.fill("#id_paid_on", row.due_on.isoformat())
        page.fill("#id_principal", "0")
        page.fill("#id_interest", format_yuan(row.interest_fen, unit=False))
        page.fill("#id_reference", f"LS{row.number:04d}")
        page.click("[data-testid=repayment-form] button[type=submit]")
        page.wait_for_load_state()
    assert loan.repayments.count() == 3

    page.goto(f"{page.base_url}/ventures/runs/")
    page.select_option("#id_policy", value=str(policy.pk))
    page.fill("#id_period_start", "2020-01-01")
    page.fill("#id_period_end", "2020-03-31")
    page.click("[data-testid=compute-run]")
    page.wait_for_selector("[data-testid=run-total]")
    assert "10,995.83" in page.inner_text("[data-testid=run-total]")  # 3,745.83 + 3,745.83 + 3,504.17
    page.click("[data-testid=run-submit]")
    page.wait_for_selector("[data-testid=run-approve]")
    run_url = page.url

    approver.goto(run_url)
    approver.click("[data-testid=run-approve]")
    approver.wait_for_selector("[data-testid=run-status]:has-text('并发放')")
    approver.context.close()

    run = SubsidyRun.objects.get()
    line = run.payments.get()
    assert (line.status, line.amount_fen) == (PaymentStatus.DISBURSED, 1_099_583)
    disbursement = line.disbursement
    assert disbursement is not None
    assert (disbursement.status, disbursement.idempotency_key) == (DisbursementStatus.PAID,
                                                                  f"venture-subsidy:{line.pk}")
