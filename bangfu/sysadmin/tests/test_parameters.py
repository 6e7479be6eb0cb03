"""System parameters (参数设置): shown in Chinese, changed only by an administrator whose scope is the whole
platform, validated with the parameter named, audited, and read by the code that uses them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent
from bangfu.people.models import Publicity
from bangfu.people.tests.helpers import apply_family, approve_fully, investigation, other_worker, step
from bangfu.reports.suppression import publish_count, publish_partition
from bangfu.sysadmin import services
from bangfu.sysadmin.models import SystemParameter
from bangfu.sysadmin.parameters import (
    LOCKOUT_FAILURES,
    LOCKOUT_MINUTES,
    PUBLICITY_DAYS,
    RECHECK_MONTHS,
    SMALL_CELL,
    parameter_value,
)
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _set(admin: Any, key: str, value: str) -> int:
    row = SystemParameter.objects.filter(key=key).first()
    return services.set_parameter(actor=admin, key=key, value=value, version=row.version if row else None)


@pytest.fixture
def admin(make_user: Any, org_tree: Any) -> Any:
    return make_user("system_admin", org_tree["root"], username="national-admin")


def test_the_page_lists_every_parameter_in_chinese_with_its_default(client: Client, admin: Any) -> None:
    client.force_login(admin)
    page = client.get("/system/parameters/")
    text = page.content.decode()
    assert page.status_code == 200
    for label in ("公示天数", "复核周期", "登录失败锁定次数", "锁定时长", "小数抑制阈值"):
        assert label in text
    assert 'data-value="7"' in text and 'data-value="12"' in text and 'data-value="30"' in text


def test_a_change_is_saved_audited_and_shown_in_the_history(client: Client, admin: Any) -> None:
    client.force_login(admin)
    answer = client.post(f"/system/parameters/{PUBLICITY_DAYS}/", {"value": "10", "version": ""})
    assert answer.status_code == 302
    assert parameter_value(PUBLICITY_DAYS) == 10
    event = AuditEvent.objects.get(action="parameter.change")
    assert event.actor_id == admin.pk
    assert event.changes == {"parameter": "公示天数", "key": PUBLICITY_DAYS, "from": 7, "to": 10}
    history = client.get("/system/parameters/").content.decode()
    assert "national-admin" in history and 'data-value="10"' in history


@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "公示天数：请填写整数（1～60 天）。"),
    ("0", "公示天数：须在 1～60 天之间，您填写的是 0。"),
    ("1000", "公示天数：须在 1～60 天之间，您填写的是 1000。"),
    ("1_0", "公示天数：请填写整数（1～60 天）。"),  # int() reads 10 (outside tester)
    ("٣", "公示天数：请填写整数（1～60 天）。"),  # Arabic-Indic 3, which int() also reads
])
def test_a_wrong_value_is_refused_naming_the_parameter_and_kept(client: Client, admin: Any, typed: str,
                                                                 message: str) -> None:
    client.force_login(admin)
    answer = client.post(f"/system/parameters/{PUBLICITY_DAYS}/", {"value": typed, "version": ""})
    text = answer.content.decode()
    assert answer.status_code == 400
    assert message in text and f'value="{typed}"' in text
    assert parameter_value(PUBLICITY_DAYS) == 7 and not AuditEvent.objects.filter(action="parameter.change").exists()


def test_a_province_administrator_cannot_change_a_platform_parameter(client: Client, make_user: Any,
                                                                     org_tree: Any) -> None:
    provincial = make_user("system_admin", org_tree["guangdong"])
    client.force_login(provincial)
    answer = client.post(f"/system/parameters/{PUBLICITY_DAYS}/", {"value": "3", "version": ""})
    assert answer.status_code == 403 and "覆盖全国" in answer.content.decode()
    assert parameter_value(PUBLICITY_DAYS) == 7
    page = client.get("/system/parameters/").content.decode()
    assert f'action="/system/parameters/{PUBLICITY_DAYS}/"' not in page  # no form to change it


def test_the_auditor_reads_the_parameters_and_changes_none(client: Client, make_user: Any, org_tree: Any) -> None:
    auditor = make_user("auditor", org_tree["root"])
    client.force_login(auditor)
    page = client.get("/system/parameters/")
    assert page.status_code == 200 and f'action="/system/parameters/{PUBLICITY_DAYS}/"' not in page.content.decode()
    assert client.post(f"/system/parameters/{PUBLICITY_DAYS}/", {"value": "3"}).status_code == 403
    worker = make_user("street_social_worker", org_tree["wushan"])
    client.force_login(worker)
    assert client.get("/system/parameters/").status_code == 403


def test_a_stale_form_is_refused_with_409(client: Client, admin: Any) -> None:
    _set(admin, PUBLICITY_DAYS, "9")
    client.force_login(admin)
    answer = client.post(f"/system/parameters/{PUBLICITY_DAYS}/", {"value": "12", "version": ""})
    assert answer.status_code == 409 and "已被他人修改" in answer.content.decode()
    assert parameter_value(PUBLICITY_DAYS) == 9


def test_an_unknown_parameter_is_404(client: Client, admin: Any) -> None:
    client.force_login(admin)
    assert client.post("/system/parameters/people.nothing/", {"value": "3"}).status_code == 404


def test_publicity_days_set_the_length_of_the_notice_and_hold_approval(make_user: Any, org_tree: Any,
                                                                       admin: Any) -> None:
    _set(admin, PUBLICITY_DAYS, "10")
    worker = make_user("street_social_worker", org_tree["wushan"])
    officer = make_user("district_officer", org_tree["tianhe"])
    hardship_file = apply_family(worker, org_tree["wushan"])
    hardship_file = step(other_worker(worker), hardship_file, "review")
    hardship_file = step(worker, hardship_file, "investigate", investigation=investigation())
    hardship_file = step(worker, hardship_file, "publicise")
    notice = Publicity.objects.get(file=hardship_file)
    assert (notice.ends_on - notice.starts_on).days == 10
    with pytest.raises(ServiceError, match="公示 10 天"):
        step(officer, hardship_file, "approve")


def test_the_recheck_period_sets_the_next_due_date(make_user: Any, org_tree: Any, admin: Any) -> None:
    _set(admin, RECHECK_MONTHS, "6")
    worker = make_user("street_social_worker", org_tree["wushan"])
    officer = make_user("district_officer", org_tree["tianhe"])
    approved = approve_fully(worker, officer, apply_family(worker, org_tree["wushan"]))
    today = timezone.localdate()
    assert approved.recheck_due is not None
    months = (approved.recheck_due.year - today.year) * 12 + approved.recheck_due.month - today.month
    assert months == 6 and approved.recheck_due - today < dt.timedelta(days=190)


def test_the_lockout_limit_is_read_at_each_sign_in(client: Client, make_user: Any, org_tree: Any,
                                                   admin: Any) -> None:
    make_user("street_social_worker", org_tree["wushan"], username="worker1")
    _set(admin, LOCKOUT_FAILURES, "3")

    def attempt(password: str) -> int:
        return client.post("/login/", {"username": "worker1", "password": password},
                           REMOTE_ADDR="10.1.2.3").status_code

    _set(admin, LOCKOUT_MINUTES, "45")
    assert [attempt("wrong-password") for _ in range(2)] == [200, 200]
    third = client.post("/login/", {"username": "worker1", "password": "wrong-password"}, REMOTE_ADDR="10.1.2.3")
    assert third.status_code == 429 and "锁定 45 分钟" in third.content.decode()  # the default would allow five
    assert attempt(TEST_PASSWORD) == 429


def test_the_small_cell_threshold_changes_what_is_published(admin: Any) -> None:
    assert publish_count(7).text == "7"
    _set(admin, SMALL_CELL, "10")
    assert publish_count(7).text == "<10" and publish_count(10).text == "10"
    assert [c.text for c in publish_partition([40, 8, 12])] == ["40", "<10", "—"]
