"""Announcements (通知公告): a union publishes to the accounts of its unit and the units below; each account
sees its unread count on the home page; the publisher reads who in which unit has read it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent
from bangfu.sysadmin.models import Announcement, AnnouncementRead
from bangfu.sysadmin.services import AnnouncementInput, publish_announcement

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user: Any, org_tree: Any) -> Any:
    return make_user("city_officer", org_tree["guangzhou"], username="gz-officer")


def _publish(officer: Any, org: Any, title: str = "关于做好元旦春节送温暖工作的通知") -> Announcement:
    body = "请各单位于本月底前完成入户走访。"
    return publish_announcement(actor=officer, org=org, data=AnnouncementInput(title, body))


def test_an_officer_publishes_from_the_page_and_it_is_audited(client: Client, officer: Any, org_tree: Any) -> None:
    client.force_login(officer)
    form = client.get("/system/notices/new/")
    assert form.status_code == 200 and "广州市总工会" in form.content.decode()
    answer = client.post("/system/notices/new/", {"org": org_tree["guangzhou"].pk, "title": "关于送温暖的通知",
                                                  "body": "请各区于月底前完成走访。"})
    notice = Announcement.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/system/notices/{notice.pk}/"
    event = AuditEvent.objects.get(action="announcement.publish")
    assert event.actor_id == officer.pk and event.org_path == org_tree["guangzhou"].path


def test_a_wrong_form_names_the_field_and_keeps_what_was_typed(client: Client, officer: Any, org_tree: Any) -> None:
    client.force_login(officer)
    long_title = "长" * 101
    answer = client.post("/system/notices/new/", {"org": org_tree["guangzhou"].pk, "title": long_title, "body": ""})
    text = answer.content.decode()
    assert answer.status_code == 400
    assert "最多 100 个字（现有 101 个字）" in text and "请填写正文" in text and long_title in text
    assert not Announcement.objects.exists()


def test_no_publishing_in_the_name_of_a_unit_outside_ones_scope(client: Client, officer: Any,
                                                                org_tree: Any) -> None:
    client.force_login(officer)
    answer = client.post("/system/notices/new/", {"org": org_tree["beijing"].pk, "title": "越权通知", "body": "正文"})
    assert answer.status_code == 400 and "请从列表中选择单位" in answer.content.decode()
    assert not Announcement.objects.exists()
    with pytest.raises(ServiceError) as refused:  # the service holds the rule whatever the form offers
        _publish(officer, org_tree["beijing"])
    assert refused.value.status == 403


def test_units_below_see_it_unread_on_the_home_page_and_reading_it_is_a_receipt(
        client: Client, officer: Any, make_user: Any, org_tree: Any) -> None:
    notice = _publish(officer, org_tree["guangzhou"])
    worker = make_user("street_social_worker", org_tree["wushan"], username="ws-worker")
    client.force_login(worker)
    home = client.get("/").content.decode()
    assert "未读通知" in home
    listing = client.get("/system/notices/").content.decode()
    assert notice.title in listing and "1 条未读通知" in listing
    detail = client.get(f"/system/notices/{notice.pk}/")
    assert detail.status_code == 200 and "请各单位于本月底前完成入户走访" in detail.content.decode()
    assert "已读人员" not in detail.content.decode()  # a worker reads the notice, not the receipts
    assert AnnouncementRead.objects.filter(announcement=notice, user=worker).count() == 1
    client.get(f"/system/notices/{notice.pk}/")
    assert AnnouncementRead.objects.filter(announcement=notice, user=worker).count() == 1
    assert "0 条未读通知" in client.get("/system/notices/").content.decode()


def test_other_branches_and_units_above_are_not_addressed(client: Client, officer: Any, make_user: Any,
                                                          org_tree: Any) -> None:
    notice = _publish(officer, org_tree["tianhe"])
    for unit in ("beijing", "haizhu", "chigang", "guangdong"):
        reader = make_user("street_social_worker", org_tree[unit])
        client.force_login(reader)
        assert client.get(f"/system/notices/{notice.pk}/").status_code == 404, unit
        assert notice.title not in client.get("/system/notices/").content.decode()
    assert not AnnouncementRead.objects.exists()


def test_the_publisher_reads_receipts_by_unit(client: Client, officer: Any, make_user: Any, org_tree: Any) -> None:
    notice = _publish(officer, org_tree["guangzhou"])
    readers = [make_user("street_social_worker", org_tree["wushan"], username=f"ws-{n}") for n in range(3)]
    make_user("street_social_worker", org_tree["chigang"], username="cg-1")
    for reader in readers[:2]:
        client.force_login(reader)
        client.get(f"/system/notices/{notice.pk}/")
    client.force_login(officer)
    page = client.get(f"/system/notices/{notice.pk}/")
    rows = {unit.unit_name: (unit.accounts, unit.read) for unit in page.context["units"]}
    assert rows["五山街道总工会"] == (3, 2) and rows["赤岗街道总工会"] == (1, 0)
    assert rows["广州市总工会"] == (1, 1)  # the officer opened it too
    text = page.content.decode()
    assert "ws-0" in text and "ws-1" in text and "ws-2" not in text.split("已读人员")[1]
    assert page.context["total_read"] == 3 and page.context["total_accounts"] == 5
