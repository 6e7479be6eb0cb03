"""Writes to the organisation tree and to users. Views, API and commands call these, nothing else."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bangfu.accounts.models import ApiToken, OrgLevel, OrgUnit, User
from bangfu.core import audit

ROOT_PATH = "/"


def child_path(parent: OrgUnit | None, code: str) -> str:
    if "/" in code or not code:
        raise ValueError(f"组织代码“{code}”不能为空或包含“/”")
    return (parent.path if parent else ROOT_PATH) + code + "/"


def upsert_org_unit(
    *,
    code: str,
    name: str,
    level: OrgLevel | str,
    parent: OrgUnit | None,
    region_code: str = "",
    is_development_zone: bool = False,
    sort_order: int = 0,
) -> OrgUnit:
    """Create the unit or bring it up to date (idempotent: seeding twice changes nothing)."""
    path = ROOT_PATH if parent is None and level == OrgLevel.NATIONAL else child_path(parent, code)
    unit, _created = OrgUnit.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "level": level,
            "parent": parent,
            "path": path,
            "depth": path.count("/") - 1,
            "region_code": region_code,
            "is_development_zone": is_development_zone,
            "sort_order": sort_order,
        },
    )
    return unit


@transaction.atomic
def create_user(
    *,
    actor: Any,
    username: str,
    password: str,
    org: OrgUnit,
    roles: list[Any],
    display_name: str = "",
    must_change_password: bool = True,
) -> User:
    user = User.objects.create_user(
        username=username,
        password=password,
        org=org,
        display_name=display_name,
        must_change_password=must_change_password,
    )
    user.groups.set(roles)
    audit.record("user.create", actor=actor, obj=user, org=org, changes={"roles": [str(r) for r in roles]})
    return user


@transaction.atomic
def update_user_roles(*, actor: Any, user: User, org: OrgUnit, roles: list[Any], is_active: bool) -> User:
    before = sorted(str(group) for group in user.groups.all())
    user.org = org
    user.is_active = is_active
    user.save(update_fields=["org", "is_active"])
    user.groups.set(roles)
    audit.record(
        "user.update",
        actor=actor,
        obj=user,
        org=org,
        changes={"roles": {"from": before, "to": sorted(str(r) for r in roles)}, "is_active": is_active},
    )
    return user


@transaction.atomic
def issue_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A personal token for scripts and other systems; the token itself is shown once, only its digest kept."""
    row, token = ApiToken.issue(actor, name)
    audit.record("api_token.issue", actor=actor, obj=row, org=actor.org, changes={"name": name})
    return row, token


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise ValueError("a user revokes only their own tokens")
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)
    audit.record("api_token.revoke", actor=actor, obj=token, org=actor.org)
