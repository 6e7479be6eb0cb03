"""In a real browser: a collective wage case from intake at a station's desk to settlement. The street worker
pastes three claimants from Excel, a district reviewer reviews and assigns the suggested lawyer, the lawyer
handles it, records each claimant's plan and result, and closes it settled (和解)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bangfu.legal.models import CaseStatus, LegalCase, Outcome
from bangfu.legal.tests.helpers import id_number
from conftest import browser_as, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_collective_case_from_intake_to_settlement(page: Any, chromium: Any, places: dict[str, Any]) -> None:
    numbers = [id_number() for _ in range(3)]
    pasted = "\n".join(f"职工{n}\t{number}\t15,000\t是" for n, number in enumerate(numbers, start=1))
    today = timezone.localdate()

    browser_login(page, "ws_worker_t")
    page.goto(f"{page.base_url}/legal/cases/new/")
    page.select_option("#id_station", label="五山街道职工法律援助工作站")
    page.fill("#id_intake_date", today.isoformat())
    page.fill("#id_employer_name", "五山精密机械有限公司")
    page.select_option("#id_dispute_type", value="wages")
    page.select_option("#id_service_type", value="mediation")
    page.fill("#id_knew_on", (today - dt.timedelta(days=20)).isoformat())
    page.fill("#id_claimants", pasted)
    page.click("[data-testid=intake-submit]")
    page.wait_for_selector("[data-testid=claimant-rows]")
    rows = page.inner_text("[data-testid=claimant-rows]")
    assert "职工3" in rows and numbers[0][:6] + "********" + numbers[0][-4:] in rows and numbers[0] not in rows
    case_url = page.url

    reviewer = browser_as(chromium, page, "th_reviewer_t")
    reviewer.goto(case_url)
    reviewer.click("[data-testid=step-review]")
    reviewer.wait_for_selector("[data-testid=suggestions]")
    assert "林律师" in reviewer.inner_text("[data-testid=suggestions]")
    reviewer.click("[data-testid=step-assign]")
    reviewer.wait_for_selector("[data-testid=case-status][data-status=assigned]")
    reviewer.context.close()

    lawyer = browser_as(chromium, page, "lawyer_lin")
    lawyer.goto(case_url)
    lawyer.click("[data-testid=step-start]")
    lawyer.wait_for_selector("[data-testid=case-status][data-status=handling]")
    for row in (1, 2, 3):
        lawyer.click(f"[data-testid=claimant-edit-{row}]")
        lawyer.fill("#id_plan", f"第{row}位职工：一次性支付拖欠的3个月工资")
        lawyer.select_option("#id_result", value="settled")
        lawyer.fill("#id_recovered", "15,000")
        lawyer.fill("#id_settled_on", today.isoformat())
        lawyer.click("[data-testid=claimant-save]")
        lawyer.wait_for_selector(f"[data-testid=claimant-{row}] [data-testid=claimant-result]:has-text('和解')")
    lawyer.select_option("[data-testid=close-outcome]", value="settled")
    lawyer.fill("[data-testid=close-report]", "劳资双方达成和解，3名职工工资全部兑现。")
    lawyer.click("[data-testid=step-close]")
    lawyer.wait_for_selector("[data-testid=case-status][data-status=closed]")
    assert "45,000.00" in lawyer.inner_text("[data-testid=case-recovered]")
    lawyer.context.close()

    case = LegalCase.objects.get()
    assert (case.status, case.outcome, case.claimant_count, case.recovered_fen) == (
        CaseStatus.CLOSED, Outcome.SETTLED, 3, 4_500_000)
    assert all(claimant.plan and claimant.result == Outcome.SETTLED for claimant in case.claimants.all())
