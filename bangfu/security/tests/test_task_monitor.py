"""The administrator's task monitor: failed tasks (immediate backend) and waiting ones (database backend) with
their errors, a recorded retry that runs once, the server page; nobody else opens them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from bangfu.core.models import AuditEvent
from bangfu.core.tasks import queue_probe

pytestmark = pytest.mark.django_db

CALLS: list[int] = []


@task()
def flaky_task(household_id: int) -> int:
    """Fails on its first run (a stand-in for an import whose file server was down), then succeeds."""
    CALLS.append(household_id)
    if len(CALLS) == 1:
        raise ConnectionError("文件服务器无响应")
    return household_id


@pytest.fixture
def admin(make_user: Any, org_tree: Any) -> Any:
    return make_user("system_admin", org_tree["guangzhou"], username="gzadmin")


def test_a_failed_task_shows_its_error_and_is_retried_once(client: Client, admin: Any) -> None:
    CALLS.clear()
    flaky_task.enqueue(42)
    failed = DBTaskResult.objects.get(task_path=flaky_task.module_path)
    assert failed.status == "FAILED" and failed.args_kwargs == {"args": [42], "kwargs": {}}
    client.force_login(admin)
    page = client.get("/security/tasks/?status=FAILED").content.decode()
    assert "ConnectionError: 文件服务器无响应" in page and "失败" in page
    assert f"/security/tasks/{failed.pk}/retry/" in page

    response = client.post(f"/security/tasks/{failed.pk}/retry/", follow=True)
    assert "已重新入队" in response.content.decode()
    assert CALLS == [42, 42]  # the immediate backend ran it again, with its argument, and it succeeded
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1  # the retry did not fail
    event = AuditEvent.objects.get(action="system.task_retry")
    assert (event.actor_id, event.changes["task_id"]) == (admin.pk, str(failed.pk))
    page = client.get("/security/tasks/?status=FAILED").content.decode()
    assert f"/security/tasks/{failed.pk}/retry/" not in page and "已重试" in page

    again = client.post(f"/security/tasks/{failed.pk}/retry/", follow=True).content.decode()
    assert "该任务已经重试过" in again and CALLS == [42, 42]
    assert AuditEvent.objects.filter(action="system.task_retry").count() == 1


@override_settings(TASK_BACKEND="database", TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                                               "QUEUES": ["default", "selftest"]}})
def test_queued_tasks_of_the_database_backend_wait_in_the_list(client: Client, admin: Any) -> None:
    queue_probe.enqueue("abc")
    client.force_login(admin)
    page = client.get("/security/tasks/?status=READY").content.decode()
    assert "队列探测（check_queue）" in page and "排队中" in page and "selftest" in page
    assert "数据库队列" in page
    waiting = DBTaskResult.objects.get()
    refused = client.post(f"/security/tasks/{waiting.pk}/retry/", follow=True).content.decode()
    assert "只有失败的任务可以重试" in refused
    assert DBTaskResult.objects.count() == 1 and not AuditEvent.objects.filter(action="system.task_retry").exists()
    server = client.get("/security/server/").content.decode()
    assert "任务（排队中）" in server


def test_the_server_page_names_database_disk_and_versions(client: Client, admin: Any) -> None:
    client.force_login(admin)
    page = client.get("/security/server/")
    assert page.status_code == 200
    text = page.content.decode()
    for label in ("数据库引擎", "数据库大小", "任务后端", "磁盘", "帮扶平台版本", "Python", "Django"):
        assert label in text, label
    import django

    assert django.get_version() in text


@pytest.mark.parametrize("role", ["auditor", "city_officer", "street_social_worker"])
def test_nobody_but_the_administrator_opens_the_monitor(client: Client, make_user: Any, org_tree: Any,
                                                        role: str) -> None:
    CALLS.clear()
    flaky_task.enqueue(7)
    failed = DBTaskResult.objects.get()
    client.force_login(make_user(role, org_tree["guangzhou"], username="someone"))
    assert client.get("/security/tasks/").status_code == 403
    assert client.get("/security/server/").status_code == 403
    assert client.post(f"/security/tasks/{failed.pk}/retry/").status_code == 403
    assert CALLS == [7]


def test_a_malformed_or_unknown_task_id_is_404(client: Client, admin: Any) -> None:
    client.force_login(admin)
    assert client.post("/security/tasks/not-a-uuid/retry/").status_code == 404
    assert client.post("/security/tasks/00000000-0000-0000-0000-000000000000/retry/").status_code == 404
    assert client.get("/security/tasks/retry/").status_code == 404


def test_the_administrators_home_lists_failed_tasks_as_work_to_do(client: Client, admin: Any) -> None:
    client.force_login(admin)
    assert "暂无待办事项" in client.get("/").content.decode()
    CALLS.clear()
    flaky_task.enqueue(3)
    home = client.get("/").content.decode()
    assert "待处理的失败后台任务" in home and 'href="/security/tasks/"' in home
    client.post(f"/security/tasks/{DBTaskResult.objects.get().pk}/retry/")
    assert "暂无待办事项" in client.get("/").content.decode()  # retried: nothing left to look at
