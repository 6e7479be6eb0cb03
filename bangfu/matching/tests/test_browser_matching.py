"""In a real browser: a city officer runs matching for Guangzhou, reviews the plan and confirms a pair."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.jobs.models import Referral, ReferralSource
from bangfu.jobs.tests.helpers import make_opening, make_seeker
from bangfu.matching.models import PairDecision, ProposedPair
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_city_officer_runs_matching_and_confirms_a_pair(page: Any, org_tree: dict, make_user: Any) -> None:
    org = org_tree["wushan"]
    make_opening(org, title="网店运营（居家办公）", accommodations=["remote"], positions=1)
    make_opening(
        org, title="仓储管理员", occupation_code="4-02-06-01", tags=["仓储"], positions=1, description="电商仓库收发货"
    )
    make_seeker(org, "严先生", needs=["remote"], employment_difficulty=True)
    make_seeker(org, "李女士", tags=["仓储", "Excel"], intended_occupations=["4-02-06"], intention="仓储管理")
    make_user("city_officer", org_tree["guangzhou"], username="gz_officer", display_name="广州市总帮扶干部")

    browser_login(page, "gz_officer")
    page.click("[data-testid=nav] >> text=人岗匹配")
    page.wait_for_selector("[data-testid=run-form]")
    page.select_option("#id_org", label="广州市总工会")
    page.click("[data-testid=run-form] button[type=submit]")
    page.wait_for_selector("[data-testid=run-status]")
    assert page.inner_text("[data-testid=run-status]") == "已完成"
    assert page.inner_text("[data-testid=run-assigned]") == "2"
    rows = page.inner_text("[data-testid=pair-rows]")
    assert "严先生" in rows and "网店运营（居家办公）" in rows and "就业困难人员，优先推荐" in rows
    assert "李女士" in rows and "仓储管理员" in rows

    pair = ProposedPair.objects.select_related("seeker__person").get(seeker__person__name="严先生")
    page.click(f"tr[data-pair='{pair.pk}'] button[data-action=confirm]")
    page.wait_for_selector(".alert-success")
    referral = Referral.objects.get()
    assert f"已确认：生成推荐记录 #{referral.pk}。" in page.inner_text(".alert-success")
    assert page.inner_text(f"tr[data-pair='{pair.pk}'] [data-testid=pair-decision]") == "已确认"
    assert (referral.seeker_id, referral.source) == (pair.seeker_id, ReferralSource.MATCHING)
    assert ProposedPair.objects.get(pk=pair.pk).decision == PairDecision.CONFIRMED

    page.click(f"tr[data-pair='{pair.pk}'] >> text=推荐记录")
    page.wait_for_selector("[data-testid=referral-status]")
    assert page.inner_text("[data-testid=referral-status]") == "推荐"
    assert "就业困难人员，优先推荐" in page.inner_text("[data-testid=match-reasons]")
