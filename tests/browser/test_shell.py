"""The shell in a real browser: sign in, open the organisation tree, open the API docs."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_and_browses_own_part_of_the_tree(page: Any, org_tree: Any, make_user: Any) -> None:
    make_user("district_officer", org_tree["tianhe"], username="th_officer", display_name="天河干部")
    browser_login(page, "th_officer")
    assert "天河干部" in page.inner_text("[data-testid=whoami]")
    page.click("[data-testid=nav] >> text=组织与账号")
    page.click("[data-testid=nav] >> text=组织机构")
    page.wait_for_selector("[data-testid=org-tree]")
    tree = page.inner_text("[data-testid=org-tree]")
    assert "天河区总工会" in tree and "五山街道总工会" in tree
    assert "海珠区总工会" not in tree and "北京市总工会" not in tree
    page.fill("input[name=q]", "五山")
    page.click("button:has-text('搜索')")
    page.wait_for_selector("[data-testid=org-rows] >> text=五山街道总工会")
    assert "共 1 条" in page.inner_text("[data-testid=total]")


def test_api_docs_open_for_a_signed_in_user(page: Any, org_tree: Any, make_user: Any) -> None:
    make_user("city_officer", org_tree["guangzhou"], username="gz")
    browser_login(page, "gz")
    page.goto(page.base_url + "/api/v1/docs")
    page.wait_for_selector("text=帮扶 Bangfu API")
    page.goto(page.base_url + "/api/v1/me")
    assert "广州市总工会" in page.inner_text("body")
