"""In a real browser: a street social worker records a talk with a photo on a phone-sized screen; an officer
proposes a model worker's hardship subsidy and a second officer approves it, paid through the ledger."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.assistance.models import DisbursementStatus
from bangfu.assistance.tests.factories import make_file
from bangfu.honours.models import CareStatus, ModelWorkerCare, TalkStatus
from bangfu.honours.tests.helpers import honoured, make_fund, make_talk, make_team
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_talk_on_a_phone_and_a_subsidy_through_approval(page: Any, chromium: Any, org_tree: dict,
                                                        make_user: Any) -> None:
    make_user("street_social_worker", org_tree["wushan"], username="ws_worker")
    make_user("city_officer", org_tree["guangzhou"], username="gz_maker")
    make_user("city_officer", org_tree["guangzhou"], username="gz_approver")
    talk = make_talk(make_team(org_tree["wushan"]), host="东港实验学校")
    person, _honour = honoured(org_tree["wushan"], "困难劳模")
    make_file(person)
    fund = make_fund(org_tree["guangzhou"])

    phone = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                 has_touch=True).new_page()
    phone.base_url = page.base_url
    phone.set_default_timeout(15_000)
    browser_login(phone, "ws_worker")
    phone.goto(f"{phone.base_url}/honours/talks/{talk.pk}/")
    phone.fill("#id_audience", "600")
    phone.fill("#id_report", "劳动创造幸福，劳模工匠进学校")
    phone.set_input_files("#id_photo", files=[{"name": "talk.png", "mimeType": "image/png", "buffer": PNG}])
    phone.click("[data-testid=save]")
    phone.wait_for_selector("[data-testid=talk-photo]")
    talk.refresh_from_db()
    assert talk.status == TalkStatus.HELD and talk.audience == 600 and talk.photos.count() == 1
    phone.context.close()

    browser_login(page, "gz_maker")
    page.goto(f"{page.base_url}/honours/people/{person.pk}/")
    page.select_option("#id_kind", "hardship")
    page.fill("#id_year", "2020")
    page.fill("#id_amount", "2,000.00")
    page.select_option("#id_fund", str(fund.pk))
    page.click("[data-testid=propose]")
    page.wait_for_selector("[data-testid=care-status]:has-text('待审批')")
    assert page.locator("[data-testid=decision-form]").count() == 1  # shown, but the maker is refused (403)
    page.context.clear_cookies()
    browser_login(page, "gz_approver")
    service = ModelWorkerCare.objects.get(person=person)
    page.goto(f"{page.base_url}/honours/care/{service.pk}/")
    page.select_option("#id_decision", "approve")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=care-status]:has-text('已发放')")
    service.refresh_from_db()
    assert service.status == CareStatus.APPROVED and service.amount_fen == 200_000
    assert service.disbursement is not None and service.disbursement.status == DisbursementStatus.PAID
