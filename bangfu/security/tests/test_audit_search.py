"""The audit log read by an auditor in the office's words: actions, kinds of record and outcomes in Chinese,
searched by those words, by person, unit and period; bad dates refused with the field named; the search
exported to Excel, and the export itself recorded."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from bangfu.core.auditlabels import action_label, action_labels, object_type_label
from bangfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _sheet_rows(body: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def _rows(body: str) -> list[str]:
    return re.findall(r'data-testid="event-action">(.*?)<', body)


def test_actions_kinds_and_outcomes_read_in_chinese(client: Client, auditor: Any, events: Any) -> None:
    body = client.get("/security/audit/").content.decode()
    assert "查看明文（敏感信息）" in body and "登录成功" in body and "登录失败" in body
    assert "人员 #" in body  # the kind of record, not people.Person
    assert ">成功<" in body and ">失败<" in body


def test_an_action_is_found_by_its_chinese_name(client: Client, auditor: Any, events: Any) -> None:
    body = client.get("/security/audit/", {"action": "查看明文"}).content.decode()
    assert _rows(body) == ["查看明文（敏感信息） "]
    by_code = client.get("/security/audit/", {"action": "auth."}).content.decode()
    # the worker's and the auditor's sign-ins, and the intruder's failure
    assert sorted(_rows(by_code)) == ["登录失败 ", "登录成功 ", "登录成功 "]


def test_a_kind_of_record_is_found_by_its_chinese_name(client: Client, auditor: Any, events: Any) -> None:
    body = client.get("/security/audit/", {"object_type": "人员"}).content.decode()
    assert _rows(body) == ["查看明文（敏感信息） "]


def test_person_unit_and_outcome_narrow_the_search(client: Client, auditor: Any, events: Any) -> None:
    by_name = client.get("/security/audit/", {"actor": "李明"}).content.decode()
    assert sorted(_rows(by_name)) == ["查看明文（敏感信息） ", "登录成功 "]
    by_unit = client.get("/security/audit/", {"unit": "海珠"}).content.decode()
    assert _rows(by_unit) == ["导出困难职工名单 "]
    by_city = client.get("/security/audit/", {"unit": "广州市总工会"}).content.decode()
    assert len(_rows(by_city)) == 3  # the city and the districts below it, not the unit-less failure
    failures = client.get("/security/audit/", {"outcome": "failure"}).content.decode()
    assert _rows(failures) == ["登录失败 "]


def test_a_date_that_is_not_a_date_is_refused_and_finds_nothing(client: Client, auditor: Any, events: Any) -> None:
    body = client.get("/security/audit/", {"date_from": "abc", "actor": "李明"}).content.decode()
    assert "起始日期：请输入日期，如 2024-03-05" in body
    assert _rows(body) == [] and 'value="abc"' in body and 'value="李明"' in body  # what was typed is kept
    backwards = client.get("/security/audit/", {"date_from": "2024-03-05", "date_to": "2024/3/1"}).content.decode()
    assert "截止日期早于起始日期" in backwards and _rows(backwards) == []
    chinese = client.get("/security/audit/", {"date_from": "2000年1月1日"}).content.decode()
    assert len(_rows(chinese)) == AuditEvent.objects.count()


def test_the_search_is_exported_in_chinese_and_the_export_recorded(client: Client, auditor: Any,
                                                                  events: Any) -> None:
    response = client.get("/security/audit/export/", {"action": "auth."})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet_rows(response.content)
    assert rows[0][:4] == ("序号", "时间", "操作人", "操作")
    assert sorted(row[3] for row in rows[1:]) == ["登录失败", "登录成功", "登录成功"]
    recorded = AuditEvent.objects.filter(action="security.audit_export").get()
    assert recorded.actor_id == auditor.pk and recorded.changes["rows"] == 3
    assert recorded.changes["filters"] == {"action": "auth."}


def test_an_invalid_search_is_not_exported(client: Client, auditor: Any, events: Any) -> None:
    response = client.get("/security/audit/export/", {"date_to": "abc"})
    assert response.status_code == 302 and "date_to=abc" in response["Location"]
    assert not AuditEvent.objects.filter(action="security.audit_export").exists()
    page = client.get(response["Location"]).content.decode()
    assert "筛选条件有误" in page


def test_the_export_is_the_auditors_alone(client: Client, make_user: Any, org_tree: Any, events: Any) -> None:
    client.force_login(make_user("system_admin", org_tree["root"]))
    assert client.get("/security/audit/export/").status_code == 403


def test_the_sign_in_log_exports_sign_ins_only(client: Client, auditor: Any, events: Any) -> None:
    response = client.get("/security/audit/export/", {"auth_only": "1"})
    rows = _sheet_rows(response.content)[1:]
    assert {row[4] for row in rows} == {"auth.login", "auth.login_failed"}


ACTION_LITERAL = re.compile(r"""(?:record|record_audit)\(\s*"([a-z_]+\.[a-z_.]+)"|action="([a-z_]+\.[a-z_.]+)\"""")


def test_every_action_the_code_records_has_a_chinese_name() -> None:
    """A new action without a name in its app's audit_actions.py would show as a bare code."""
    found = set()
    for path in Path(settings.BASE_DIR, "bangfu").rglob("*.py"):
        if "tests" in path.parts:
            continue
        for match in ACTION_LITERAL.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    assert len(found) > 80
    assert sorted(code for code in found if code not in action_labels()) == []


def test_families_and_unknown_codes_still_read() -> None:
    assert action_label("ventures.project_approve") == "创业项目：立项"
    assert action_label("ventures.project_newstep") == "创业项目：newstep"
    assert action_label("nobody.named_this") == "nobody.named_this"
    assert object_type_label("people.Person") == "人员" and object_type_label("gone.Model") == "gone.Model"
