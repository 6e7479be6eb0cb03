"""In a real browser: "show in clear" swaps the masked number for the real one (htmx, under the CSP),
the auditor ends a session (强退), and five wrong passwords lock the account."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.core.models import AuditEvent
from bangfu.security.tests.helpers import fake_id_number
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _household(org: Any, actor: Any, number: str) -> Any:
    from bangfu.people import services

    member = services.MemberInput(person=services.PersonInput(name="浏览器测试", id_number=number))
    data = services.HouseholdInput(members=(member,), file=services.FileInput(primary_cause="major_illness"))
    return services.create_household(actor=actor, org=org, data=data).household


def test_an_officer_shows_an_id_number_in_clear(page: Any, org_tree: Any, make_user: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"])
    officer = make_user("district_officer", org_tree["tianhe"], username="th_officer")
    number = fake_id_number()
    household = _household(org_tree["wushan"], worker, number)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    browser_login(page, "th_officer")
    page.goto(f"{page.base_url}/people/{household.pk}/")
    cell = page.locator(".bf-sensitive[data-field=id_number]").first
    assert number not in page.content() and number[-4:] in cell.inner_text()
    cell.locator("button").click()
    page.wait_for_selector("[data-testid=revealed]")
    assert page.inner_text("[data-testid=revealed]") == number
    assert AuditEvent.objects.filter(action="sensitive.reveal", actor_id=officer.pk).count() == 1
    page.click(".bf-revealed button")
    page.wait_for_selector("[data-testid=revealed]", state="detached")
    assert number not in page.content()
    assert [error for error in errors if "Content Security Policy" in error] == []


def test_the_auditor_forces_a_sign_out(page: Any, chromium: Any, live_server: Any, org_tree: Any,
                                       make_user: Any) -> None:
    make_user("street_social_worker", org_tree["wushan"], username="worker1")
    make_user("auditor", org_tree["root"], username="auditor1")
    worker_context = chromium.new_context(locale="zh-CN")
    worker_page = worker_context.new_page()
    worker_page.base_url = live_server.url
    try:
        browser_login(worker_page, "worker1")
        browser_login(page, "auditor1")
        page.goto(page.base_url + "/security/sessions/")
        page.click("[data-testid=terminate-worker1]")
        page.wait_for_selector("text=已强制")
        worker_page.goto(worker_page.base_url + "/")
        assert worker_page.url.startswith(worker_page.base_url + "/login/")
    finally:
        worker_context.close()


def test_five_wrong_passwords_lock_the_account(page: Any, org_tree: Any, make_user: Any) -> None:
    make_user("street_social_worker", org_tree["wushan"], username="worker1")
    for _ in range(5):
        page.goto(page.base_url + "/login/")
        page.fill("#id_username", "worker1")
        page.fill("#id_password", "not-the-password-1")
        page.click("button[type=submit]")
    assert "已被锁定 30 分钟" in page.inner_text("[data-testid=locked]")
