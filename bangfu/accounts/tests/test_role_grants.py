"""Issue 9 §1: nobody edits their own roles; grants stay within the granter's list and reach; a role that
reads personal data waits for a second person's approval; every step is audited; pages and API alike."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from bangfu.accounts.models import GrantStatus, RoleAssignment, RoleGrant, User
from bangfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _api(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    if method in ("get", "delete"):
        return getattr(client, method)(f"/api/v1{path}")
    return getattr(client, method)(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json")


def test_a_district_admin_cannot_give_itself_roles(client: Client, make_user: Any, org_tree: Any,
                                                   roles: Any) -> None:
    admin = make_user("system_admin", org_tree["tianhe"])
    client.force_login(admin)
    page = client.post(f"/users/{admin.pk}/roles/", {"role": roles["city_officer"].pk, "org": org_tree["tianhe"].pk})
    assert page.status_code == 403
    api = Client(enforce_csrf_checks=False)
    api.force_login(admin)
    answer = _api(api, "post", f"/users/{admin.pk}/roles", {"role": "auditor", "org_code": "440106"})
    assert answer.status_code == 403 and "自己" in answer.json()["detail"]
    assert list(admin.groups.values_list("role_profile__key", flat=True)) == ["system_admin"]


def test_no_grant_beyond_the_granters_reach(client: Client, make_user: Any, org_tree: Any) -> None:
    admin = make_user("system_admin", org_tree["tianhe"])
    other = make_user(None, org_tree["wushan"])
    client.force_login(admin)
    # The auditor reads 全部: wider than a district admin's own reach.
    answer = _api(client, "post", f"/users/{other.pk}/roles", {"role": "auditor", "org_code": "440106011"})
    assert answer.status_code == 403
    # A unit outside the admin's district: 404, as is a user outside it.
    assert _api(client, "post", f"/users/{other.pk}/roles",
                {"role": "trainer", "org_code": "440105"}).status_code == 404
    stranger = make_user(None, org_tree["haizhu"])
    assert _api(client, "post", f"/users/{stranger.pk}/roles",
                {"role": "trainer", "org_code": "440106"}).status_code == 404
    assert not RoleAssignment.objects.filter(user__in=[other, stranger]).exists()


def test_a_personal_data_role_waits_for_a_second_officer(client: Client, make_user: Any, org_tree: Any) -> None:
    admin = make_user("system_admin", org_tree["tianhe"])
    officer = make_user("district_officer", org_tree["tianhe"])
    newcomer = make_user(None, org_tree["wushan"])
    client.force_login(admin)
    answer = _api(client, "post", f"/users/{newcomer.pk}/roles",
                  {"role": "street_social_worker", "org_code": "440106011"})
    assert answer.status_code == 201 and answer.json()["status"] == "pending"
    grant_id = answer.json()["grant"]["id"]
    assert not newcomer.groups.exists()
    # The requester cannot approve its own request (and an admin holds no approval permission at all).
    assert _api(client, "post", f"/role-grants/{grant_id}/approve").status_code == 403
    approver = Client()
    approver.force_login(officer)
    assert grant_id in [g["id"] for g in _api(approver, "get", "/role-grants").json()["items"]]
    approved = approver.post(f"/users/grants/{grant_id}/approve/")
    assert approved.status_code == 302
    held = RoleAssignment.objects.get(user=newcomer)
    assert (held.group.role_profile.key, held.org_id, held.granted_by_id, held.approved_by_id) == (
        "street_social_worker", org_tree["wushan"].pk, admin.pk, officer.pk)
    # A second decision finds it decided.
    assert _api(approver, "post", f"/role-grants/{grant_id}/reject").status_code == 409
    assert RoleGrant.objects.get(pk=grant_id).status == GrantStatus.APPROVED
    actions = set(AuditEvent.objects.filter(action__startswith="role.").values_list("action", flat=True))
    assert actions == {"role.grant_requested", "role.granted"}


def test_the_grantee_cannot_approve_its_own_grant(make_user: Any, org_tree: Any) -> None:
    admin = make_user("system_admin", org_tree["tianhe"])
    officer = make_user("district_officer", org_tree["tianhe"])
    client = Client()
    client.force_login(admin)
    answer = _api(client, "post", f"/users/{officer.pk}/roles", {"role": "city_officer", "org_code": "440106"})
    grant_id = answer.json()["grant"]["id"]
    client.force_login(officer)
    refused = _api(client, "post", f"/role-grants/{grant_id}/approve")
    assert refused.status_code == 403 and "以外" in refused.json()["detail"]


def test_an_officer_of_another_district_does_not_see_the_grant(make_user: Any, org_tree: Any) -> None:
    admin = make_user("system_admin", org_tree["tianhe"])
    newcomer = make_user(None, org_tree["wushan"])
    client = Client()
    client.force_login(admin)
    grant_id = _api(client, "post", f"/users/{newcomer.pk}/roles",
                    {"role": "trainer", "org_code": "440106011"}).json()["grant"]["id"]
    client.force_login(make_user("district_officer", org_tree["haizhu"]))
    assert _api(client, "post", f"/role-grants/{grant_id}/approve").status_code == 404


def test_a_role_without_personal_data_is_granted_at_once_and_revoked(make_user: Any, org_tree: Any) -> None:
    admin = make_user("system_admin", org_tree["guangzhou"])
    other = make_user(None, org_tree["tianhe"])
    client = Client()
    client.force_login(admin)
    answer = _api(client, "post", f"/users/{other.pk}/roles", {"role": "system_admin", "org_code": "440106"})
    assert answer.status_code == 201 and answer.json()["status"] == "granted"
    roles = _api(client, "get", f"/users/{other.pk}/roles").json()
    assert [(r["role_key"], r["org_code"]) for r in roles] == [("system_admin", "440106")]
    assert _api(client, "post", f"/users/{other.pk}/roles",
                {"role": "system_admin", "org_code": "440106"}).status_code == 409
    assert _api(client, "delete", f"/users/{other.pk}/roles/{roles[0]['id']}").status_code == 204
    assert not User.objects.get(pk=other.pk).groups.exists()
    assert AuditEvent.objects.filter(action="role.revoked", object_id=str(other.pk)).exists()


def test_the_user_page_shows_roles_and_grants_only_grantable_ones(client: Client, make_user: Any,
                                                                  org_tree: Any, roles: Any) -> None:
    admin = make_user("system_admin", org_tree["tianhe"])
    other = make_user("trainer", org_tree["wushan"])
    client.force_login(admin)
    page = client.get(f"/users/{other.pk}/").content.decode()
    assert "培训师" in page and "五山街道总工会" in page
    client.force_login(admin)
    assert "不能修改自己的" in client.get(f"/users/{admin.pk}/").content.decode()
