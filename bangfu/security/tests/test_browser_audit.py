"""In a real browser: the auditor finds a reveal by its Chinese name, pages through the result, and Back
returns to the same search and page (the list's state lives in the URL); the filter labels are whole on a
phone."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.core import audit
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _events(org: Any) -> None:
    for n in range(12):
        audit.record("sensitive.reveal", actor_name=f"worker{n:02d}", org=org, changes={"field": "id_number"})
    for n in range(5):
        audit.record("people.export", actor_name=f"officer{n}", org=org)


def test_the_auditor_finds_a_reveal_by_its_chinese_name_and_back_keeps_the_search(
        page: Any, org_tree: Any, make_user: Any) -> None:
    make_user("auditor", org_tree["root"], username="auditor1")
    _events(org_tree["tianhe"])
    browser_login(page, "auditor1")
    page.goto(page.base_url + "/security/audit/?size=10")
    page.fill("#f-action", "查看明文")
    page.click("#event-table button[type=submit]")
    page.wait_for_url("**/security/audit/?*action=*")
    rows = page.locator("[data-testid=event-action]")
    assert rows.count() == 10 and all("查看明文" in text for text in rows.all_inner_texts())
    page.click("#event-table .pagination a:has-text('下一页')")
    page.wait_for_url("**page=2*")
    assert page.locator("[data-testid=event-action]").count() == 2
    page.goto(page.base_url + "/")  # away …
    page.go_back()  # … and back: the same search, the same page
    page.wait_for_selector("[data-testid=event-action]")
    assert "page=2" in page.url and page.input_value("#f-action") == "查看明文"
    assert page.locator("[data-testid=event-action]").count() == 2
    page.go_back()  # page 1 of the search
    page.wait_for_selector("[data-testid=event-action]")
    assert "page=2" not in page.url and page.locator("[data-testid=event-action]").count() == 10
    assert page.input_value("#f-action") == "查看明文"


def test_a_bad_date_is_named_and_the_typed_search_kept(page: Any, org_tree: Any, make_user: Any) -> None:
    make_user("auditor", org_tree["root"], username="auditor2")
    _events(org_tree["tianhe"])
    browser_login(page, "auditor2")
    page.goto(page.base_url + "/security/audit/")
    page.fill("#f-action", "导出")
    page.fill("#f-from", "abc")
    page.click("#event-table button[type=submit]")
    page.wait_for_selector("[data-testid=filter-errors]")
    assert "起始日期" in page.inner_text("[data-testid=filter-errors]")
    assert page.input_value("#f-from") == "abc" and page.input_value("#f-action") == "导出"
    assert page.locator("[data-testid=event-action]").count() == 0


def test_the_filter_labels_are_whole_on_a_phone(page: Any, org_tree: Any, make_user: Any) -> None:
    make_user("auditor", org_tree["root"], username="auditor3")
    _events(org_tree["tianhe"])
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "auditor3")
    page.goto(page.base_url + "/security/audit/")
    for label in page.locator("#event-table form label").all():
        box = label.bounding_box()
        assert box is not None and box["height"] < 30, label.inner_text()  # one line, never cut or wrapped
    names = page.locator("#event-table tbody td:nth-child(3)").all()
    assert names and all((name.bounding_box() or {"width": 0})["width"] > 40 for name in names)
