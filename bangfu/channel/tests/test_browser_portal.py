"""A worker's whole path on a 390-px phone: sign in with a code, bind the real name, self-test, apply with a
photo taken by the camera, and see the status change after the street union accepts the application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bangfu.channel.models import WorkerApplication
from bangfu.channel.tests.helpers import PNG, new_id, new_phone
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_worker_applies_on_a_phone_and_follows_the_case(chromium: Any, live_server: Any, org_tree: dict,
                                                        make_user: Any, tmp_path: Path, settings: Any) -> None:
    settings.BANGFU_SMS_SENDER = "console"
    make_user("street_social_worker", org_tree["wushan"], username="ws_desk", display_name="五山社工")
    photo = tmp_path / "收入证明.png"
    photo.write_bytes(PNG)
    number = new_id()
    phone = chromium.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url
    try:
        page.goto(base + "/w/")
        page.click("[data-testid=go-sign-in]")
        page.fill("#id_phone", new_phone())
        page.click("[data-testid=send-code]")
        code = page.locator("[data-testid=demo-code] strong").inner_text()
        page.fill("#id_code", code)
        page.click("[data-testid=verify]")
        page.wait_for_url(base + "/w/real-name/")
        page.fill("#id_name", "严明")
        page.fill("#id_id_number", number)
        page.click("[data-testid=bind]")
        page.wait_for_url(base + "/w/")

        page.click("[data-testid=go-self-test]")
        page.select_option("#id_street", str(org_tree["wushan"].pk))
        page.fill("#id_household_size", "3")
        page.fill("#id_monthly_income", "1,500")
        page.fill("#id_essential_costs", "300")
        page.click("[data-testid=run-self-test]")
        result = page.locator("[data-testid=self-test-result]")
        assert result.get_attribute("data-verdict") == "deep"
        assert "人均每月 400.00 元" in result.inner_text()
        page.click("[data-testid=apply-after-test]")

        page.select_option("#id_street", str(org_tree["wushan"].pk))
        page.fill("#id_address", "五山路 1 号 3 栋 502")
        page.select_option("#id_primary_cause", "major_illness")
        page.select_option("#id_m-0-employment_status", "unemployed")
        page.fill("#id_m-1-name", "严小雨")
        page.fill("#id_m-1-id_number", new_id(sex="F"))
        page.select_option("#id_m-1-employment_status", "student")
        page.check("#id_m-1-has_major_illness")
        page.set_input_files("[data-testid=photos]", str(photo))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width  # nothing wider than the phone
        page.check("#id_consent")
        page.click("[data-testid=submit-application]")
        page.wait_for_selector("[data-testid=steps]")
        assert page.locator("li[data-state=current]").inner_text() == "已受理"

        application = WorkerApplication.objects.get()
        assert application.photos.count() == 1
        staff = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        desk = staff.new_page()
        desk.base_url = base
        browser_login(desk, "ws_desk")
        desk.goto(f"{base}/channel/applications/{application.pk}/")
        desk.fill("[data-testid=staff-phone]", "020-87001234")
        desk.click("[data-testid=accept]")
        desk.wait_for_selector("[data-testid=register-link]")
        staff.close()

        page.reload()
        assert page.locator("li[data-state=current]").inner_text() == "入户调查"
        assert "020-87001234" in page.content() and "五山街道总工会" in page.locator(
            "[data-testid=handled-by]").inner_text()
        page.set_viewport_size({"width": 320, "height": 640})
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        phone.close()
