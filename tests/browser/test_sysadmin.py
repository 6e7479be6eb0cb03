"""Issue 19 part A in a real browser: an administrator sets a system parameter (a wrong value is named and kept);
an officer publishes a notice, a street worker sees it unread on the home page and opens it, and the officer
reads the receipt by unit."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import browser_as, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_sets_the_publicity_days(page: Any, org_tree: Any, make_user: Any) -> None:
    make_user("system_admin", org_tree["root"], username="root_admin")
    browser_login(page, "root_admin")
    page.goto(page.base_url + "/system/parameters/")
    row = page.locator("#param-peoplepublicity_days")
    row.locator("input[name=value]").fill("abc")
    row.locator("button[type=submit]").click()
    row = page.locator("#param-peoplepublicity_days")
    assert "公示天数：请填写整数（1～60 天）。" in row.inner_text()
    assert row.locator("input[name=value]").input_value() == "abc"
    row.locator("input[name=value]").fill("10")
    row.locator("button[type=submit]").click()
    page.wait_for_url(page.base_url + "/system/parameters/")
    assert page.locator("#param-peoplepublicity_days td[data-value]").get_attribute("data-value") == "10"
    assert "公示天数已改为 10 天。" in page.locator("body").inner_text()
    history = page.locator("table").nth(1).inner_text()
    assert "root_admin" in history and "公示天数" in history


def test_a_notice_reaches_the_street_and_its_receipt_comes_back(chromium: Any, page: Any, org_tree: Any,
                                                                 make_user: Any) -> None:
    make_user("city_officer", org_tree["guangzhou"], username="gz_officer_b")
    make_user("street_social_worker", org_tree["wushan"], username="ws_worker_b")
    browser_login(page, "gz_officer_b")
    page.goto(page.base_url + "/system/notices/new/")
    page.select_option("#id_org", label="广州市总工会")
    page.fill("#id_title", "关于做好元旦春节送温暖工作的通知")
    page.fill("#id_body", "请各单位于本月底前完成入户走访。")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#read-total")
    assert "2 个账号中已读 1 个" in page.locator("#read-total").inner_text()  # the officer has it open

    worker = browser_as(chromium, page, "ws_worker_b")
    assert "未读通知" in worker.locator("body").inner_text()
    worker.goto(worker.base_url + "/system/notices/")
    assert "1 条未读通知" in worker.locator("body").inner_text()
    worker.click("text=关于做好元旦春节送温暖工作的通知")
    worker.wait_for_selector("text=请各单位于本月底前完成入户走访。")
    worker.goto(worker.base_url + "/system/notices/")
    assert "0 条未读通知" in worker.locator("body").inner_text()

    page.reload()
    assert "2 个账号中已读 2 个" in page.locator("#read-total").inner_text()
    assert "ws_worker_b" in page.locator("body").inner_text()
