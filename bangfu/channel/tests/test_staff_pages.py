"""Staff pages over HTTP: the ticket list warns the assignee, steps go through the services, the report
downloads as Excel, the hotline form routes the call; a refusal is shown, never a 500."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bangfu.channel import services
from bangfu.channel.models import ApplicationStatus, TicketStatus
from bangfu.channel.tests.helpers import apply_hardship, bound_account, ticket_input

pytestmark = pytest.mark.django_db


def test_the_desk_records_a_call_and_the_street_handles_it(client: Client, org_tree: dict, staff: dict) -> None:
    client.force_login(staff["city"])
    bad = client.post(reverse("channel:ticket_create"), {"caller_name": "陈女士", "caller_phone": "1",
                      "region_code": "440106011", "category": "assistance", "urgency": "normal",
                      "complexity": "simple", "summary": "咨询帮扶"})
    assert bad.status_code == 400 and "联系电话" in bad.content.decode()
    made = client.post(reverse("channel:ticket_create"), {
        "caller_name": "陈女士", "caller_phone": "13800138000", "region_code": "440106011", "category": "assistance",
        "urgency": "urgent", "complexity": "simple", "summary": "咨询帮扶"})
    assert made.status_code == 302
    client.force_login(staff["wushan"])
    listing = client.get(reverse("channel:ticket_list")).content.decode()
    assert 'data-testid="ticket-warnings"' in listing  # an urgent call is due today
    ticket = services.record_ticket(actor=staff["city"], desk=org_tree["guangzhou"], data=ticket_input())
    url = reverse("channel:ticket_step", args=[ticket.pk, "answer"])
    client.post(url, {"version": ticket.version, "text": "已告知办理渠道"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ANSWERED
    stale = client.post(reverse("channel:ticket_step", args=[ticket.pk, "close"]), {"version": 1,
                                                                                    "satisfaction": "5"})
    assert stale.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ANSWERED  # the stale version was refused (409 shown as a message)
    client.post(reverse("channel:ticket_step", args=[ticket.pk, "close"]), {"version": ticket.version,
                                                                            "satisfaction": "4"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED and ticket.satisfaction == 4
    client.force_login(staff["chigang"])
    assert client.get(reverse("channel:ticket_detail", args=[ticket.pk])).status_code == 404


def test_the_report_downloads_as_excel(client: Client, org_tree: dict, staff: dict) -> None:
    services.record_ticket(actor=staff["city"], desk=org_tree["guangzhou"], data=ticket_input())
    client.force_login(staff["city"])
    response = client.get(reverse("channel:ticket_report") + "?org=4401&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "工单数" and rows[1][:4] == ("五山街道总工会", rows[1][1], "帮扶救助", 1)


def test_staff_decline_on_the_page_reaches_the_worker(client: Client, org_tree: dict, staff: dict,
                                                      settings: Any) -> None:
    application = apply_hardship(bound_account(), org_tree["wushan"])
    client.force_login(staff["wushan"])
    page = client.get(reverse("channel:application_detail", args=[application.pk])).content.decode()
    assert "*" in page and application.account.id_number not in page  # ID numbers masked
    client.post(reverse("channel:application_step", args=[application.pk, "decline"]),
                {"version": application.version, "text": "户籍不在本街道"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED and application.decline_reason == "户籍不在本街道"
    photo = application.photos.get()
    assert client.get(reverse("channel:photo_download", args=[photo.pk])).status_code == 200
    client.force_login(staff["chigang"])
    assert client.get(reverse("channel:photo_download", args=[photo.pk])).status_code == 404


def test_staff_read_the_application_and_the_ticket_in_words_not_codes(client: Client, org_tree: dict,
                                                                      staff: dict) -> None:
    """An outside tester saw `self`, `employed`, `route`, `answer` on the staff pages."""
    application = apply_hardship(bound_account(), org_tree["wushan"])
    client.force_login(staff["wushan"])
    page = client.get(reverse("channel:application_detail", args=[application.pk])).content.decode()
    assert "本人" in page and ">self<" not in page and ">employed<" not in page
    ticket = services.record_ticket(actor=staff["city"], desk=org_tree["guangzhou"], data=ticket_input())
    detail = client.get(reverse("channel:ticket_detail", args=[ticket.pk])).content.decode()
    assert "派单" in detail and "· route ·" not in detail


def test_a_step_form_that_does_not_validate_says_why(client: Client, org_tree: dict, staff: dict) -> None:
    """A 201-character reason used to be dropped with a redirect and no word (outside tester)."""
    application = apply_hardship(bound_account(), org_tree["wushan"])
    client.force_login(staff["wushan"])
    answer = client.post(reverse("channel:application_step", args=[application.pk, "decline"]),
                         {"version": application.version, "text": "长" * 201}, follow=True)
    assert "理由或需补充的材料：最多 200 个字（现有 201 个）。" in answer.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
