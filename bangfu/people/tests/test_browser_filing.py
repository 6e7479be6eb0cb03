"""Filing a family through the pages, from application to approval, as two different users."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.people.models import FileEvent, FileStatus, HardshipFile
from bangfu.people.tests.helpers import new_id
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page: Any, action: str, expected_status: str) -> None:
    page.click(f"[data-testid=steps] button[data-action={action}]")
    page.wait_for_selector(f"[data-testid=file-status]:has-text('{expected_status}')")


def test_street_worker_applies_and_district_officer_approves(page: Any, org_tree: Any, make_user: Any) -> None:
    make_user("street_social_worker", org_tree["wushan"], username="wushan_worker", display_name="五山社工")
    make_user("district_officer", org_tree["tianhe"], username="tianhe_officer", display_name="天河干部")
    number = new_id()

    browser_login(page, "wushan_worker")
    page.click("[data-testid=nav] >> text=困难职工建档")  # the register's menu section
    page.click("[data-testid=nav] >> text=困难职工家庭")
    page.click("[data-testid=apply]")
    form = page.locator("[data-testid=apply-form]")
    form.locator("#id_address").fill("广州市天河区五山路100号3栋201")
    form.locator("#id_primary_cause").select_option("laid_off")
    form.locator("input[name=secondary_causes][value=child_schooling]").check()
    form.locator("#id_members-0-name").fill("严先生")
    form.locator("#id_members-0-id_number").fill(number)
    form.locator("#id_members-0-employment_status").select_option("unemployed")
    form.locator("#id_members-0-monthly_income").fill("1200")
    form.locator("#id_members-1-name").fill("严小妹")
    form.locator("#id_members-1-id_number").fill(new_id())
    form.locator("#id_members-1-relation").select_option("child")
    form.locator("#id_members-1-employment_status").select_option("student")
    page.click("button:has-text('提交申请')")
    page.wait_for_selector("[data-testid=file-status]:has-text('申请')")
    assert "相对困难" in page.inner_text("[data-testid=file-tier]")
    assert "人均月收入 600.00 元" in page.inner_text("[data-testid=tier-reasons]")
    members = page.inner_text("[data-testid=members]")
    assert "严先生" in members and "严小妹" in members and number not in page.content()
    assert page.locator("[data-testid=steps] button[data-action=approve]").count() == 0

    _step(page, "review", "初审通过")
    _step(page, "investigate", "入户调查完成")
    _step(page, "publicise", "公示")
    assert page.locator("[data-testid=steps] button[data-action=approve]").count() == 0  # the maker cannot
    household_url = page.url

    page.context.clear_cookies()
    browser_login(page, "tianhe_officer")
    page.goto(household_url)
    assert page.locator("[data-testid=steps] button[data-action=review]").count() == 0
    _step(page, "approve", "正式建档")
    timeline = page.inner_text("[data-testid=timeline]")
    assert "天河干部" in timeline and "五山社工" in timeline

    hardship_file = HardshipFile.objects.get()
    assert hardship_file.status == FileStatus.FORMAL
    assert hardship_file.approved_by is not None and hardship_file.approved_by.username == "tianhe_officer"
    assert hardship_file.created_by is not None and hardship_file.created_by.username == "wushan_worker"
    assert list(FileEvent.objects.filter(file=hardship_file).values_list("action", flat=True)) == [
        "apply", "review", "investigate", "publicise", "approve"]
