"""Scope probes for the organisation and user pages and API (see tests/scope_matrix.py)."""

from __future__ import annotations

from typing import Any

from bangfu.accounts.models import OrgLevel, OrgUnit, User
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


def _user_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    User.objects.create_user(username="probe-listed", org=org, display_name="列表探针用户")
    return {}, "列表探针用户"


PROBES = [
    Probe("accounts:org_detail", role="district_officer", make=_child_unit),
    Probe("accounts:org_browser", role="district_officer", make=_unit_listed, kind="list", query="?q=列表探针"),
    Probe("accounts:user_list", role="system_admin", make=_user_listed, kind="list", query="?q=probe-listed"),
    Probe("accounts:user_edit", role="system_admin", make=_user),
    Probe("api:get_org", role="district_officer", make=_child_unit),
    Probe("api:list_orgs", role="district_officer", make=_unit_listed, kind="list", query="?q=列表探针"),
]
EXEMPT = {
    "api:me": "the signed-in user only",
    "accounts:api_tokens": "the signed-in user's own tokens only (test_api_tokens)",
    "accounts:api_token_revoke": "POST, one's own token only; another's is 404 (test_api_tokens)",
}
