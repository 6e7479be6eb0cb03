"""Issue 9 §4: the export in clear is its own permission, asks for a purpose, is approved by a second person,
is downloaded by the requester alone, once, within BANGFU_PLAIN_EXPORT_HOURS, carries a watermark row and is
audited with its row count. The masked export stays one click."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent
from bangfu.people.tests.helpers import apply_family
from bangfu.reports import plain_export
from bangfu.reports.models import PlainExportRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(org_tree: Any, make_user: Any) -> dict[str, Any]:
    return {"worker": make_user("street_social_worker", org_tree["wushan"], username="wushan_worker"),
            "officer": make_user("district_officer", org_tree["tianhe"], username="th_officer"),
            "second": make_user("district_officer", org_tree["tianhe"], username="th_second"),
            "auditor": make_user("auditor", org_tree["root"], username="auditor"),
            "haizhu": make_user("district_officer", org_tree["haizhu"], username="hz_officer")}


@pytest.fixture
def family(users: dict[str, Any], org_tree: Any) -> Any:
    return apply_family(users["worker"], org_tree["wushan"], head="明文户主")


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(io.BytesIO(content))["家庭成员"].iter_rows(values_only=True))


def test_the_masked_export_stays_one_click_and_the_clear_one_does_not(family: Any, users: dict[str, Any],
                                                                     login: Any) -> None:
    masked = login(users["officer"]).get(reverse("people_imports:export"))
    number = family.household.head.id_number
    assert masked.status_code == 200 and number not in str(_rows(masked.content))
    one_click = login(users["officer"]).get(reverse("people_imports:export") + "?unmasked=1")
    assert one_click.status_code == 302 and "/reports/plain-exports/new/" in one_click["Location"]
    with pytest.raises(ServiceError, match="导出明文须先申请并经第二人审批"):
        from bangfu.people.imports.export import export_households

        export_households(user=users["officer"], org=family.org, unmasked=True)


def test_request_approve_download_once(family: Any, users: dict[str, Any], login: Any, org_tree: Any) -> None:
    officer, second = users["officer"], users["second"]
    with pytest.raises(ServiceError, match="请说明导出明文的用途") as no_reason:
        plain_export.request_plain_export(actor=officer, org=org_tree["tianhe"], reason=" ")
    assert no_reason.value.status == 400
    with pytest.raises(ServiceError, match="没有申请导出明文") as no_right:
        plain_export.request_plain_export(actor=users["worker"], org=org_tree["wushan"], reason="核对名单用途")
    assert no_right.value.status == 403
    response = login(officer).post(reverse("reports:plain_export_new") + "?org=440106",
                                   {"reason": "核对银行代发名单"})
    assert response.status_code == 302
    made = PlainExportRequest.objects.get()
    assert (made.status, made.created_by, made.org.code) == ("pending", officer, "440106")
    download = reverse("reports:plain_export_download", args=[made.pk])
    assert login(officer).get(download).status_code == 409  # not approved yet
    decide = reverse("reports:plain_export_decide", args=[made.pk])
    for who, status in (("officer", 302), ("auditor", 302), ("haizhu", 404)):  # refused: back to the list
        assert login(users[who]).post(decide, {"decision": "approve"}).status_code == status
        made.refresh_from_db()
        assert made.status == "pending", who
    before = timezone.now()
    login(second).post(decide, {"decision": "approve"})
    made.refresh_from_db()
    assert made.status == "approved" and made.decided_by == second
    assert made.expires_at is not None and made.expires_at >= before + dt.timedelta(hours=24)
    assert login(second).get(download).status_code == 403  # only the requester downloads
    first = login(officer).get(download)
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    rows = _rows(first.content)
    assert rows[0][0].startswith(f"明文导出 #{made.pk}：申请人 th_officer，批准人 th_second，下载时间 ")
    assert "用途：核对银行代发名单" in rows[0][0]
    assert rows[1][3] == "身份证号" and rows[2][3] == family.household.head.id_number
    again = login(officer).get(download)
    assert again.status_code == 409 and "已下载过一次" in again.content.decode()
    made.refresh_from_db()
    assert (made.status, made.rows, made.households) == ("downloaded", 1, 1)
    event = AuditEvent.objects.get(action="reports.plain_export_download")
    assert event.changes == {"rows": 1, "households": 1} and event.actor_id == officer.pk
    assert {"reports.plain_export_request", "reports.plain_export_approved"} <= set(
        AuditEvent.objects.values_list("action", flat=True))


def test_the_approval_expires(family: Any, users: dict[str, Any], org_tree: Any) -> None:
    made = plain_export.request_plain_export(actor=users["officer"], org=org_tree["tianhe"], reason="年度核对用途")
    with override_settings(BANGFU_PLAIN_EXPORT_HOURS=2):
        approved = plain_export.approve_plain_export(actor=users["second"], request=made)
    assert approved.expires_at is not None and approved.decided_at is not None
    assert approved.expires_at - approved.decided_at == dt.timedelta(hours=2)
    PlainExportRequest.objects.filter(pk=made.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    made.refresh_from_db()
    with pytest.raises(ServiceError, match="下载期限（批准后 24 小时）已过") as late:
        plain_export.download_plain_export(actor=users["officer"], request=made)
    assert late.value.status == 409
    assert not AuditEvent.objects.filter(action="reports.plain_export_download").exists()


def test_rejected_requests_are_never_downloaded(family: Any, users: dict[str, Any], org_tree: Any) -> None:
    made = plain_export.request_plain_export(actor=users["officer"], org=org_tree["tianhe"], reason="年度核对用途")
    with pytest.raises(ServiceError, match="退回原因"):
        plain_export.reject_plain_export(actor=users["second"], request=made, note="")
    plain_export.reject_plain_export(actor=users["second"], request=made, note="用途不需要明文")
    made.refresh_from_db()
    with pytest.raises(ServiceError, match="尚未获批准"):
        plain_export.download_plain_export(actor=users["officer"], request=made)
    with pytest.raises(ServiceError, match="已处理"):
        plain_export.approve_plain_export(actor=users["second"], request=made)


def test_the_api_path_and_its_attacks(family: Any, users: dict[str, Any], login: Any) -> None:
    def post(user: str, path: str, body: dict[str, Any]) -> Any:
        return login(users[user]).post(path, json.dumps(body), content_type="application/json")

    outside = post("haizhu", "/api/v1/reports/plain-exports", {"org": "440106", "reason": "越权导出用途"})
    assert outside.status_code == 404
    made = post("officer", "/api/v1/reports/plain-exports", {"org": "440106", "reason": "核对银行代发名单"})
    assert made.status_code == 201 and made.json()["status"] == "pending"
    export_id = made.json()["id"]
    base = f"/api/v1/reports/plain-exports/{export_id}"
    assert post("officer", f"{base}/approve", {}).status_code == 403
    assert post("officer", f"{base}/approve", {}).json()["detail"] == "明文导出须由申请人以外的第二人审批。"
    assert post("haizhu", f"{base}/approve", {}).status_code == 404
    assert login(users["haizhu"]).get(base).status_code == 404
    assert post("second", f"{base}/approve", {}).json()["status"] == "approved"
    assert post("second", f"{base}/approve", {}).status_code == 409
    assert login(users["second"]).get(f"{base}/download").status_code == 403
    first = login(users["officer"]).get(f"{base}/download")
    assert first.status_code == 200 and _rows(first.content)[2][3] == family.household.head.id_number
    assert login(users["officer"]).get(f"{base}/download").status_code == 409
    listed = login(users["auditor"]).get("/api/v1/reports/plain-exports").json()
    assert [(r["id"], r["status"], r["rows"]) for r in listed] == [(export_id, "downloaded", 1)]
