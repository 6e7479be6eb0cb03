"""Scope probes for the organisation and user pages and API (see tests/scope_matrix.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

from bangfu.accounts.models import ApiToken, OrgLevel, OrgUnit, RoleGrant, User
from bangfu.accounts.services import upsert_org_unit
from tests.scope_matrix import Probe


def _child_unit(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    unit = upsert_org_unit(code=f"{org.code}-probe", name="探针工会", level=OrgLevel.GRASSROOTS, parent=org)
    return {"code": unit.code}, unit.name


def _unit_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    unit = upsert_org_unit(code=f"{org.code}-listed", name="列表探针工会", level=OrgLevel.GRASSROOTS, parent=org)
    return {}, unit.name


def _user(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    target = User.objects.create_user(username="probe-target", org=org, display_name="探针用户")
    return {"pk": target.pk}, "probe-target"


def _user_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    target = User.objects.create_user(username="probe-roles", org=org)
    target.groups.set([Group.objects.get(role_profile__key="trainer")])
    return {"user_id": target.pk}, "probe-roles"


def _pending_grant(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    target = User.objects.create_user(username="probe-grantee", org=org)
    requester = User.objects.create_user(username="probe-requester", org=org)
    group = Group.objects.get(role_profile__key="street_social_worker")
    RoleGrant.objects.create(user=target, group=group, org=org, requested_by=requester)
    return {}, "probe-grantee"


def _token_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    owner = User.objects.create_user(username="probe-token-owner", org=org)
    ApiToken.issue(owner, "探针令牌")
    return {}, "probe-token-owner"


def _user_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    User.objects.create_user(username="probe-listed", org=org, display_name="列表探针用户")
    return {}, "列表探针用户"


def _role_holder(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    holder = User.objects.create_user(username="probe-role-holder", org=org)
    holder.groups.set([Group.objects.get(role_profile__key="trainer")])
    return {"key": "trainer"}, "probe-role-holder"


PROBES = [
    Probe("accounts:role_detail", role="system_admin", make=_role_holder, kind="list"),
    Probe("accounts:org_detail", role="district_officer", make=_child_unit),
    Probe("accounts:org_browser", role="district_officer", make=_unit_listed, kind="list", query="?q=列表探针"),
    Probe("accounts:user_list", role="system_admin", make=_user_listed, kind="list", query="?q=probe-listed"),
    Probe("accounts:user_edit", role="system_admin", make=_user),
    Probe("api:get_org", role="district_officer", make=_child_unit),
    Probe("api:list_user_roles", role="system_admin", make=_user_id),
    Probe("accounts:grant_list", role="district_officer", make=_pending_grant, kind="list"),
    Probe("api:list_role_grants", role="district_officer", make=_pending_grant, kind="list"),
    Probe("accounts:token_list", role="system_admin", make=_token_listed, kind="list"),
    Probe("api:list_tokens", role="system_admin", make=_token_listed, kind="list"),
    Probe("api:list_orgs", role="district_officer", make=_unit_listed, kind="list", query="?q=列表探针"),
]
EXEMPT = {
    "accounts:role_list": "the roles' definitions; holders are only counted, through the reader's user scope "
    "(test_role_pages)",
    "api:me": "the signed-in user only",
    "accounts:api_tokens": "the signed-in user's own tokens only (test_api_tokens)",
    "accounts:api_token_revoke": "POST, one's own token only; another's is 404 (test_api_tokens)",
    "api:list_my_tokens": "the signed-in user's own tokens only (test_tokens)",
    "accounts:role_grant": "POST; the target user and unit in scope, else 404 (test_role_grants)",
    "accounts:role_revoke": "POST; the target user in scope, else 404 (test_role_grants)",
    "accounts:grant_decide": "POST; the grant in the approver's scope, else 404 (test_role_grants)",
    "api:grant_user_role": "POST; as accounts:role_grant (test_role_grants)",
    "api:revoke_user_role": "DELETE; as accounts:role_revoke (test_role_grants)",
    "api:approve_role_grant": "POST; as accounts:grant_decide (test_role_grants)",
    "api:reject_role_grant": "POST; as accounts:grant_decide (test_role_grants)",
}
