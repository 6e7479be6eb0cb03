"""In a real browser: an officer schedules a week on the board; the trainer, on a phone-sized screen, opens
the week and records a session with a photo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bangfu.training.models import SessionStatus, TrainingSession
from bangfu.training.tests.helpers import make_plan, make_trainer
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_schedule_a_week_and_record_a_session_on_a_phone(page: Any, chromium: Any, org_tree: dict,
                                                          make_user: Any) -> None:
    org = org_tree["tianhe"]
    make_user("district_officer", org, username="th_officer", display_name="天河区干部")
    trainer_account = make_user("trainer", org, username="th_trainer", display_name="天河培训师")
    make_plan(org, "严志明")
    make_plan(org, "夜班甲", free_slots=0)  # no free time at all: left out, with a reason
    make_trainer(org, user=trainer_account)
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())

    browser_login(page, "th_officer")
    page.goto(f"{page.base_url}/training/board/")
    page.select_option("#id_org", label="天河区总工会")
    page.fill("#id_week_start", monday.isoformat())
    page.click("[data-testid=schedule-week]")
    page.wait_for_selector(f"[data-testid=runs] td:has-text('{monday.isoformat()}')")
    left_out = page.inner_text("[data-testid=unscheduled-rows]")
    assert "夜班甲" in left_out and "没有" in left_out and "严志明" not in left_out
    session = TrainingSession.objects.get(plan__person__name="严志明")

    phone = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                 has_touch=True).new_page()
    phone.base_url = page.base_url
    phone.set_default_timeout(15_000)
    browser_login(phone, "th_trainer")
    phone.goto(f"{phone.base_url}/training/week/?week={monday.isoformat()}")
    item = phone.locator("[data-testid=week-session]", has_text="严志明")
    item.locator("[data-testid=record-session]").click()
    phone.wait_for_selector("[data-testid=save-session]")
    phone.fill("#id_notes", "讲解淘宝后台使用和商品摄影")
    phone.set_input_files("#id_photo", files=[{"name": "home.png", "mimeType": "image/png", "buffer": PNG}])
    phone.click("[data-testid=save-session]")
    phone.wait_for_selector("[data-testid=week-session]:has-text('已上课')")
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD and session.photo and "淘宝后台" in session.notes
    phone.context.close()
