"""角色管理 on pages: each role with its data scope and permissions in Chinese; granting from a role's page
goes through the same service and rules as the user page (no self-grant, within one's grantable roles and
reach, a second person for roles that read personal data)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bangfu.accounts.models import GrantStatus, RoleAssignment, RoleGrant
from bangfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_role_list_shows_scopes_and_permissions_in_chinese(client: Client, make_user: Any,
                                                               org_tree: Any) -> None:
    admin = make_user("system_admin", org_tree["guangzhou"])
    make_user("trainer", org_tree["tianhe"])
    make_user("trainer", org_tree["beijing"])  # outside the admin's scope: not counted
    client.force_login(admin)
    page = client.get("/roles/")
    text = page.content.decode()
    assert page.status_code == 200
    cards = {card.spec.key: card for card in page.context["cards"]}
    assert len(cards) == 7
    assert (cards["auditor"].scope_label, cards["trainer"].scope_label) == ("全部", "仅本人")
    assert cards["street_social_worker"].scope_label == "本级及以下"
    assert cards["trainer"].holders == 1
    assert "需要（读取个人数据）" in text and "系统管理员" in text
    labels = [label for section in cards["street_social_worker"].sections for label in section.labels]
    assert any(label.startswith("查看") for label in labels) and not any("Can " in label for label in labels)


def test_a_role_page_lists_its_holders_inside_scope(client: Client, make_user: Any, org_tree: Any) -> None:
    admin = make_user("system_admin", org_tree["tianhe"])
    make_user("trainer", org_tree["wushan"], username="trainer-in")
    make_user("trainer", org_tree["haizhu"], username="trainer-out")
    client.force_login(admin)
    text = client.get("/roles/trainer/").content.decode()
    assert "trainer-in" in text and "trainer-out" not in text
    assert client.get("/roles/nothing/").status_code == 404


def test_granting_from_the_role_page_follows_the_granting_rules(client: Client, make_user: Any,
                                                                org_tree: Any) -> None:
    admin = make_user("system_admin", org_tree["tianhe"], username="th-admin")
    newcomer = make_user(None, org_tree["wushan"], username="newcomer")
    make_user(None, org_tree["haizhu"], username="stranger")
    client.force_login(admin)
    granted = client.post("/roles/system_admin/", {"username": "newcomer", "org": org_tree["wushan"].pk})
    assert granted.status_code == 302
    assert RoleAssignment.objects.filter(user=newcomer, group__role_profile__key="system_admin").exists()
    assert AuditEvent.objects.filter(action="role.granted", object_id=str(newcomer.pk)).exists()
    # A role that reads personal data waits for a second person.
    pending = client.post("/roles/trainer/", {"username": "newcomer", "org": org_tree["wushan"].pk})
    assert pending.status_code == 302
    assert RoleGrant.objects.get(user=newcomer).status == GrantStatus.PENDING
    # Oneself, an account outside the scope, a role wider than one's own reach: refused, with the field named.
    own = client.post("/roles/trainer/", {"username": "th-admin", "org": org_tree["tianhe"].pk})
    assert own.status_code == 403 and "不能修改自己" in own.content.decode()
    outside = client.post("/roles/trainer/", {"username": "stranger", "org": org_tree["tianhe"].pk})
    assert outside.status_code == 400 and "未找到该账号" in outside.content.decode()
    wider = client.post("/roles/auditor/", {"username": "newcomer", "org": org_tree["wushan"].pk})
    assert wider.status_code == 403 and "超出您可授予的角色或您的数据范围" in wider.content.decode()
    assert not RoleAssignment.objects.filter(user=newcomer, group__role_profile__key="auditor").exists()


def test_the_auditor_reads_roles_but_grants_nothing(client: Client, make_user: Any, org_tree: Any) -> None:
    auditor = make_user("auditor", org_tree["root"])
    target = make_user(None, org_tree["wushan"], username="target")
    client.force_login(auditor)
    page = client.get("/roles/trainer/")
    assert page.status_code == 200 and not page.context["may_grant"]
    assert client.post("/roles/trainer/", {"username": "target", "org": org_tree["wushan"].pk}).status_code == 403
    assert not RoleAssignment.objects.filter(user=target).exists()
    worker = make_user("street_social_worker", org_tree["wushan"])
    client.force_login(worker)
    assert client.get("/roles/").status_code == 403
