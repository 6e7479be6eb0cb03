"""Filing a family through the pages, from application to approval: the applicant cannot review their own
application, the investigation has its record, the notice runs its course and an objection is answered."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from bangfu.people.models import FileEvent, FileStatus, HardshipFile
from bangfu.people.tests.helpers import new_id, notice_has_run
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page: Any, action: str, expected_status: str) -> None:
    page.click(f"[data-testid=steps] button[data-action={action}]")
    page.wait_for_selector(f"[data-testid=file-status]:has-text('{expected_status}')")


def _as(page: Any, username: str, url: str) -> None:
    page.context.clear_cookies()
    browser_login(page, username)
    page.goto(url)


def test_street_worker_applies_and_district_officer_approves(page: Any, org_tree: Any, make_user: Any) -> None:
    make_user("street_social_worker", org_tree["wushan"], username="wushan_worker", display_name="五山社工")
    make_user("street_social_worker", org_tree["wushan"], username="wushan_reviewer", display_name="五山复核社工")
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

    assert page.locator("[data-testid=steps] button[data-action=review]").is_disabled()
    assert "初审须由申请人以外的人员办理" in page.inner_text("[data-testid=step-refused]")
    household_url = page.url

    _as(page, "wushan_reviewer", household_url)
    _step(page, "review", "初审通过")

    _as(page, "wushan_worker", household_url)
    page.click("[data-testid=steps] a[data-action=investigate]")
    step_form = page.locator("[data-testid=step-form]")
    step_form.locator("button[type=submit]").click()
    assert "走访日期" in page.inner_text("[data-testid=step-form]")  # the record is required
    step_form.locator("input[name=visited_on]").fill(timezone.localdate().isoformat())
    step_form.locator("input[name=visitors]").fill("五山社工、社区主任")
    step_form.locator("textarea[name=notes]").fill("入户核实：严先生失业，女儿上学。")
    step_form.locator("input[name=no_evidence_reason]").fill("失业证明正在补办")
    step_form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=file-status]:has-text('入户调查完成')")
    assert "五山社工、社区主任" in page.inner_text("[data-testid=investigation]")
    _step(page, "publicise", "公示")
    assert "公示" in page.inner_text("[data-testid=notice-period]")

    _as(page, "tianhe_officer", household_url)
    assert page.locator("[data-testid=steps] button[data-action=approve]").is_disabled()
    assert "尚未结束" in page.inner_text("[data-testid=step-refused]")
    notice_has_run(HardshipFile.objects.get())
    page.fill("[data-testid=objection-form] textarea[name=content]", "邻居反映其有经营收入")
    page.click("[data-testid=objection-form] button[type=submit]")
    page.wait_for_selector("[data-testid=objection]")
    assert "1 条异议尚未答复" in page.inner_text("[data-testid=step-refused]")
    page.fill("[data-testid=objection] textarea[name=answer]", "核实：店铺已于去年关闭，无经营收入")
    page.click("[data-testid=objection] button[type=submit]")
    page.wait_for_selector("[data-testid=objection]:has-text('店铺已于去年关闭')")
    _step(page, "approve", "正式建档")
    timeline = page.inner_text("[data-testid=timeline]")
    assert "天河干部" in timeline and "五山社工" in timeline and "五山复核社工" in timeline

    hardship_file = HardshipFile.objects.get()
    assert hardship_file.status == FileStatus.FORMAL
    assert hardship_file.approved_by is not None and hardship_file.approved_by.username == "tianhe_officer"
    assert hardship_file.created_by is not None and hardship_file.created_by.username == "wushan_worker"
    assert list(FileEvent.objects.filter(file=hardship_file).values_list("action", flat=True)) == [
        "apply", "review", "investigate", "publicise", "objection", "objection_answer", "approve"]
