"""An administrator unlocks a locked account (recorded); only accounts inside the administrator's scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bangfu.core.models import AuditEvent
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _lock(username: str) -> None:
    other = Client()
    for _ in range(5):
        other.post("/login/", {"username": username, "password": "wrong-password-123"})


def test_admin_sees_and_unlocks_a_locked_account(client: Client, make_user: Any, org_tree: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"], username="worker1")
    admin = make_user("system_admin", org_tree["guangzhou"], username="gzadmin")
    _lock("worker1")
    client.force_login(admin)
    page = client.get("/security/lockouts/")
    assert page.status_code == 200 and "worker1" in page.content.decode()
    response = client.post(f"/security/lockouts/{worker.pk}/unlock/")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.unlocked")
    assert (event.actor_id, event.object_id, event.changes) == (admin.pk, str(worker.pk), {"attempts_cleared": 1})
    assert f"/security/lockouts/{worker.pk}/unlock/" not in client.get("/security/lockouts/").content.decode()
    assert Client().post("/login/", {"username": "worker1", "password": TEST_PASSWORD}).status_code == 302


def test_an_admin_of_another_branch_cannot_unlock(client: Client, make_user: Any, org_tree: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"], username="worker1")
    admin = make_user("system_admin", org_tree["beijing"], username="bjadmin")
    _lock("worker1")
    client.force_login(admin)
    assert f"/security/lockouts/{worker.pk}/unlock/" not in client.get("/security/lockouts/").content.decode()
    assert client.post(f"/security/lockouts/{worker.pk}/unlock/").status_code == 404
    assert not AuditEvent.objects.filter(action="auth.unlocked").exists()


def test_other_roles_may_not_unlock(client: Client, make_user: Any, org_tree: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"], username="worker1")
    client.force_login(make_user("auditor", org_tree["root"]))
    assert client.get("/security/lockouts/").status_code == 403
    assert client.post(f"/security/lockouts/{worker.pk}/unlock/").status_code == 403
