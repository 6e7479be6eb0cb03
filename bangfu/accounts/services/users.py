"""Writes to the organisation tree and to users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from bangfu.accounts.models import ROOT_PATH, OrgLevel, OrgUnit, RoleAssignment, User
from bangfu.accounts.scoping import may, org_in_scope
from bangfu.accounts.services.grants import grant_role, refuse_self_edit
from bangfu.accounts.services.tokens import RevokeReason, revoke_user_tokens
from bangfu.core import audit
from bangfu.core.errors import ServiceError


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
    roles: list[Group],
    display_name: str = "",
    must_change_password: bool = True,
) -> User:
    """A new user of `org`; each role goes through the granting rules (`grant_role`): roles that read
    personal data wait for a second person's approval. `actor=None` is the platform itself (bootstrap)."""
    if actor is not None and not org_in_scope(actor, org, permission="accounts.add_user"):
        raise ServiceError("所选单位不在您的数据范围内。", status=404)
    user = User.objects.create_user(
        username=username,
        password=password,
        org=org,
        display_name=display_name,
        must_change_password=must_change_password,
    )
    audit.record("user.create", actor=actor, obj=user, org=org, changes={"roles": [str(r) for r in roles]})
    for role in roles:
        grant_role(actor=actor, user=user, group=role, org=org)
    return user


@transaction.atomic
def update_user(*, actor: Any, user: User, org: OrgUnit, is_active: bool, display_name: str | None = None) -> User:
    """Move a user to another unit, (de)activate them. Roles keep the unit they were granted at, so a move
    widens nothing; deactivation voids the user's API tokens."""
    refuse_self_edit(actor, user)
    if not may(actor, "accounts.change_user", user):
        raise ServiceError("未找到该用户，或不在您的数据范围内。", status=404)
    if not org_in_scope(actor, org, permission="accounts.change_user"):
        raise ServiceError("单位：所选单位不在您的数据范围内。", status=404)
    before = {"org": user.org.code if user.org else None, "is_active": user.is_active}
    if user.org_id != org.pk and user.org_id is not None:
        # Roles held "at the user's unit" stay where they were granted.
        RoleAssignment.objects.filter(user=user, org__isnull=True).update(org_id=user.org_id)
    user.org = org
    user.is_active = is_active
    fields = ["org", "is_active"]
    if display_name is not None:
        user.display_name = display_name
        fields.append("display_name")
    user.save(update_fields=fields)
    if not is_active:
        revoke_user_tokens(actor=actor, user=user, reason=RevokeReason.DEACTIVATED)
    audit.record(
        "user.update",
        actor=actor,
        obj=user,
        org=org,
        changes={"from": before, "to": {"org": org.code, "is_active": is_active}},
    )
    return user
