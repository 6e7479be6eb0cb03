"""In a real browser: a district officer runs the assessment of a street union, reviews a worker and proposes a
promotion; a city officer (not the proposer) approves it and the worker's grade goes up."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.workforce.models import CareerDecision
from bangfu.workforce.tests.helpers import REVIEW_ONLY, hire, make_scheme
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assess_a_street_union_and_approve_a_promotion(page: Any, chromium: Any, org_tree: dict,
                                                       make_user: Any) -> None:
    make_user("district_officer", org_tree["tianhe"], username="th_officer", display_name="天河区干部")
    make_user("city_officer", org_tree["guangzhou"], username="gz_approver", display_name="广州审批干部")
    worker = hire(org_tree["wushan"], "林晓燕", grade=2)
    hire(org_tree["wushan"], "周建国")
    make_scheme(org_tree["tianhe"], weights=REVIEW_ONLY)

    browser_login(page, "th_officer")
    page.goto(f"{page.base_url}/workforce/runs/")
    page.fill("#id_unit", "440106011")
    page.select_option("#id_scheme", label="街道社工履职考核")
    page.fill("#id_period_start", "2025-01-01")
    page.fill("#id_period_end", "2025-12-31")
    page.click("[data-testid=run-form] button[type=submit]")
    page.wait_for_selector("[data-testid=assessment-rows]")
    assert "周建国" in page.inner_text("[data-testid=assessment-rows]")
    page.click("[data-testid=assessment-rows] a:has-text('林晓燕')")
    page.wait_for_selector("[data-testid=line-rows]")
    assert "联系帮扶家庭数" in page.inner_text("[data-testid=line-rows]")
    page.fill("#id_score", "95")
    page.fill("#id_comment", "个案服务扎实")
    page.click("[data-testid=review-form] button[type=submit]")
    page.wait_for_selector("[data-testid=result]:has-text('优秀')")

    page.goto(f"{page.base_url}/workforce/workers/{worker.pk}/")
    page.select_option("#id_kind", value="promote")
    page.select_option("#id_assessment", index=1)
    page.fill("#id_reason", "年度履职考核优秀")
    page.fill("#id_effective_on", "2026-01-01")
    page.fill("#id_new_grade", "3")
    page.click("[data-testid=decision-form] button[type=submit]")
    page.wait_for_selector("[data-testid=decision-rows]:has-text('年度履职考核优秀')")
    decision = CareerDecision.objects.get(worker=worker)

    approver = chromium.new_context(locale="zh-CN").new_page()
    approver.base_url = page.base_url
    approver.set_default_timeout(15_000)
    browser_login(approver, "gz_approver")
    approver.goto(f"{approver.base_url}/workforce/decisions/")
    approver.click(f"[data-testid=approve-{decision.pk}]")
    approver.wait_for_selector(".alert-success")
    approver.goto(f"{approver.base_url}/workforce/workers/{worker.pk}/")
    assert approver.inner_text("[data-testid=worker-grade]") == "3"
    approver.context.close()
    decision.refresh_from_db()
    assert decision.status == "approved" and decision.decided_by is not None
    assert decision.decided_by.username == "gz_approver"
