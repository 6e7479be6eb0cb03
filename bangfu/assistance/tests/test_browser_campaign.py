"""In a real browser: an officer builds a list from the rules, a second officer approves it (the maker
cannot), and a social worker records a visit on a phone-sized screen."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.assistance.models import Beneficiary, ListStatus, Visit
from bangfu.assistance.services import ledger
from bangfu.assistance.tests.factories import make_campaign, make_file, make_person
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_build_approve_and_visit_a_list(page: Any, chromium: Any, live_server: Any, bj: Any, make_user: Any) -> None:
    officer = make_user("city_officer", bj["beijing"], username="bj_officer", display_name="北京市总帮扶干部")
    make_user("city_officer", bj["beijing"], username="bj_approver", display_name="复核干部")
    make_user("district_officer", bj["dongcheng"], username="dc_officer", display_name="东城区干部")
    make_user("street_social_worker", bj["dongcheng"], username="dc_worker", display_name="东城社工")
    program = make_campaign(bj["beijing"], actor=officer)
    ledger.allocate(actor=officer, fund=program.funds.get(), to_unit=bj["dongcheng"], amount_fen=500_000, key="a")
    filed = make_person(bj["dongcheng"], "张三丰")
    make_file(filed)
    make_person(bj["dongcheng"], "李四", honours=["national_model"])
    make_person(bj["xicheng"], "王五", honours=["national_model"])  # another district: not on this list

    browser_login(page, "dc_officer")
    page.goto(f"{page.base_url}/assistance/programs/{program.pk}/lists/")
    page.select_option("#id_unit", label="东城区总工会")
    page.click("[data-testid=build-list]")
    page.wait_for_selector("[data-testid=entry-rows]")
    rows = page.inner_text("[data-testid=entry-rows]")
    assert "张三丰" in rows and "李四" in rows and "王五" not in rows
    assert "建档困难职工：困难档案状态为 正式建档/临时档案/返困" in rows
    page.click("[data-testid=submit-list]")
    page.wait_for_selector("[data-testid=list-status]:has-text('已提交')")
    assert page.locator("[data-testid=approve-list]").count() == 0  # the maker sees no approve button
    list_url = page.url

    approver = chromium.new_context(locale="zh-CN").new_page()
    approver.base_url = page.base_url
    approver.set_default_timeout(15_000)
    browser_login(approver, "bj_approver")
    approver.goto(list_url)
    approver.click("[data-testid=approve-list]")
    approver.wait_for_selector("[data-testid=list-status]:has-text('已审批（冻结）')")
    assert "复核干部" in approver.inner_text("[data-testid=approved-by]")
    approver.context.close()

    phone = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                 has_touch=True).new_page()
    phone.base_url = page.base_url
    phone.set_default_timeout(15_000)
    browser_login(phone, "dc_worker")
    phone.goto(f"{phone.base_url}/assistance/visits/todo/")
    todo = phone.inner_text("[data-testid=todo-rows]")
    assert "张三丰" in todo and "李四" in todo
    phone.locator("[data-testid=todo-rows] .list-group-item", has_text="张三丰").locator("a").click()
    phone.wait_for_selector("[data-testid=visit-person]:has-text('张三丰')")
    # the pad listens from DOMContentLoaded (a deferred script): an element can be there before it (a CI flake)
    phone.wait_for_load_state("load")
    phone.fill("#id_place", "东城区某社区 5 号楼")
    phone.fill("#id_goods_description", "米面油")
    phone.fill("#id_goods_value", "150")
    canvas = phone.locator("[data-testid=signature-pad]")
    box = canvas.bounding_box()
    for event, (dx, dy) in [("pointerdown", (20, 30)), ("pointermove", (80, 60)), ("pointermove", (140, 25)),
                            ("pointermove", (200, 70)), ("pointerup", (200, 70))]:
        canvas.dispatch_event(event, {"clientX": box["x"] + dx, "clientY": box["y"] + dy, "pointerId": 1,
                                      "pointerType": "touch", "isPrimary": True, "bubbles": True})
    assert phone.input_value("#id_signature_data").startswith("data:image/png;base64,")
    phone.click("[data-testid=save-visit]")
    phone.wait_for_selector("[data-testid=visit-detail]")
    assert "1,000.00 元" in phone.inner_text("[data-testid=visit-cash]")
    assert phone.locator("[data-testid=visit-signature]").count() == 1
    phone.goto(f"{phone.base_url}/assistance/visits/todo/")
    todo = phone.inner_text("[data-testid=todo-rows]")
    assert "张三丰" not in todo and "李四" in todo
    phone.context.close()

    visit = Visit.objects.get(person=filed)
    assert visit.cash_fen == 100_000 and visit.goods_value_fen == 15_000 and visit.signature
    assert visit.disbursement is not None and visit.disbursement.status == "paid"
    assert Beneficiary.objects.get(person=filed).blist.status == ListStatus.APPROVED
