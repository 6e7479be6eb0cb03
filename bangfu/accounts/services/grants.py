"""Granting and revoking roles.

The rules (issue 9 §1): nobody edits their own roles; a granter gives only the roles its own role may
grant (`roles.GRANTABLE_ROLES`), only to users inside its scope, and only with a reach no wider than its
own; a role that reads personal data is granted only when a second person approves; every grant, request,
approval, refusal and revocation is audited, and voids the user's API tokens.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import ROOT_PATH, DataScope, GrantStatus, OrgUnit, RoleAssignment, RoleGrant, User
from bangfu.accounts.roles import GRANTABLE_ROLES, RoleSpec, role_spec
from bangfu.accounts.scoping import Reach, forget_reaches, may, reaches_of
from bangfu.accounts.services.tokens import RevokeReason, revoke_user_tokens
from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError

CHANGE_USER = "accounts.change_user"
APPROVE_GRANT = "accounts.approve_rolegrant"


def reach_covers(outer: Reach, scope: DataScope, org: OrgUnit) -> bool:
    """Whether a role held with `scope` at `org` reads nothing that `outer` does not."""
    if outer.scope == DataScope.ALL:
        return True
    if outer.org is None:
        return False
    if outer.scope == DataScope.SUBTREE:
        if scope == DataScope.ALL:
            return outer.org.path == ROOT_PATH
        return org.path.startswith(outer.org.path)
    if outer.scope == DataScope.UNIT:
        return org.pk == outer.org.pk and scope in (DataScope.UNIT, DataScope.SELF)
    return False  # a role that reads only its own records grants nobody anything


def _spec_of(group: Group) -> RoleSpec:
    try:
        return role_spec(group.role_profile.key)
    except (KeyError, Group.role_profile.RelatedObjectDoesNotExist):  # type: ignore[attr-defined]
        raise ServiceError(f"角色：“{group.name}”不是平台角色。") from None


def grantable_roles(actor: Any) -> list[str]:
    """Keys of the roles `actor` may grant somewhere (for the form's choices)."""
    if getattr(actor, "is_superuser", False):
        return [key for keys in GRANTABLE_ROLES.values() for key in keys]
    keys: list[str] = []
    for reach in reaches_of(actor):
        if reach.grants(CHANGE_USER):
            keys += [key for key in GRANTABLE_ROLES.get(reach.role_key, ()) if key not in keys]
    return keys


def may_grant(actor: Any, spec: RoleSpec, org: OrgUnit) -> bool:
    """One of the actor's roles may grant `spec` and reaches everything the role would read at `org`."""
    if getattr(actor, "is_superuser", False):
        return True
    return any(
        reach.grants(CHANGE_USER)
        and spec.key in GRANTABLE_ROLES.get(reach.role_key, ())
        and reach_covers(reach, spec.data_scope, org)
        for reach in reaches_of(actor)
    )


def refuse_self_edit(actor: Any, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise ServiceError("不能修改自己的账号、单位或角色：请由其他管理员办理。", status=403)


def _check_granter(actor: Any, user: User, spec: RoleSpec, org: OrgUnit) -> None:
    refuse_self_edit(actor, user)
    if not may(actor, CHANGE_USER, user):
        raise ServiceError("未找到该用户，或不在您的数据范围内。", status=404)
    if not may_grant(actor, spec, org):
        raise ServiceError(
            f"角色：您不能在“{org.name}”授予“{spec.name}”（超出您可授予的角色或您的数据范围）。", status=403
        )


def _assign(*, actor: Any, user: User, group: Group, org: OrgUnit, approved_by: Any = None) -> RoleAssignment:
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user,
        group=group,
        defaults={"org": org, "granted_by": actor, "approved_by": approved_by, "granted_at": timezone.now()},
    )
    revoke_user_tokens(actor=approved_by or actor, user=user, reason=RevokeReason.ROLES)
    forget_reaches(user)
    return assignment


@transaction.atomic
def grant_role(*, actor: Any, user: User, group: Group, org: OrgUnit) -> RoleGrant | None:
    """Give `user` the role `group` at `org`. Returns the pending request when the role reads personal
    data (it takes effect on approval), None when granted at once. `actor=None`: the platform itself."""
    spec = _spec_of(group)
    if actor is not None:
        _check_granter(actor, user, spec, org)
    held = RoleAssignment.objects.filter(user=user, group=group).first()
    if held is not None and (held.org_id or user.org_id) == org.pk:
        raise ConflictError(f"角色：该用户已在“{org.name}”担任“{spec.name}”。")
    if spec.personal_data and actor is not None and not actor.is_superuser:
        if RoleGrant.objects.filter(user=user, group=group, status=GrantStatus.PENDING).exists():
            raise ConflictError(f"角色：授予“{spec.name}”的申请已在等待审批。")
        grant = RoleGrant.objects.create(user=user, group=group, org=org, requested_by=actor)
        audit.record(
            "role.grant_requested", actor=actor, obj=user, org=org, changes={"role": spec.name, "unit": org.code}
        )
        return grant
    _assign(actor=actor, user=user, group=group, org=org)
    audit.record("role.granted", actor=actor, obj=user, org=org, changes={"role": spec.name, "unit": org.code})
    return None


def _check_approver(actor: Any, grant: RoleGrant) -> RoleSpec:
    if not may(actor, "accounts.view_rolegrant", grant):
        raise ServiceError("未找到该授权申请，或不在您的数据范围内。", status=404)
    spec = _spec_of(grant.group)
    if actor.pk in (grant.requested_by_id, grant.user_id):
        raise ServiceError("授权申请须由申请人和被授权人以外的人员审批。", status=403)
    approving = [
        r for r in reaches_of(actor) if r.grants(APPROVE_GRANT) and reach_covers(r, spec.data_scope, grant.org)
    ]
    if not (approving or actor.is_superuser):
        raise ServiceError(f"您不能审批在“{grant.org.name}”授予“{spec.name}”：超出您的审批权限或数据范围。", status=403)
    return spec


def _decide(actor: Any, grant: RoleGrant, status: str) -> None:
    """Claim the pending request: a second decision (or a concurrent one) finds it decided — 409."""
    claimed = RoleGrant.objects.filter(pk=grant.pk, status=GrantStatus.PENDING).update(
        status=status, decided_by=actor, decided_at=timezone.now()
    )
    if not claimed:
        raise ConflictError("该授权申请已被处理，请刷新后查看。")
    grant.refresh_from_db()


@transaction.atomic
def approve_role_grant(*, actor: Any, grant: RoleGrant) -> RoleAssignment:
    spec = _check_approver(actor, grant)
    _decide(actor, grant, GrantStatus.APPROVED)
    assignment = _assign(actor=grant.requested_by, user=grant.user, group=grant.group, org=grant.org, approved_by=actor)
    audit.record(
        "role.granted",
        actor=actor,
        obj=grant.user,
        org=grant.org,
        changes={"role": spec.name, "unit": grant.org.code, "requested_by": grant.requested_by_id},
    )
    return assignment


@transaction.atomic
def reject_role_grant(*, actor: Any, grant: RoleGrant) -> RoleGrant:
    spec = _check_approver(actor, grant)
    _decide(actor, grant, GrantStatus.REJECTED)
    audit.record("role.grant_rejected", actor=actor, obj=grant.user, org=grant.org, changes={"role": spec.name})
    return grant


@transaction.atomic
def revoke_role(*, actor: Any, assignment: RoleAssignment) -> None:
    """Take a role away: the same granter rules as giving it (own scope, grantable list, not oneself)."""
    user = assignment.user
    org = assignment.org or user.org
    spec = _spec_of(assignment.group)
    if org is None:
        raise ServiceError("该角色没有所属单位，请先为用户设置单位。")
    _check_granter(actor, user, spec, org)
    deleted, _rows = RoleAssignment.objects.filter(pk=assignment.pk).delete()
    if not deleted:
        raise ConflictError("该角色已被撤销，请刷新后查看。")
    revoke_user_tokens(actor=actor, user=user, reason=RevokeReason.ROLES)
    forget_reaches(user)
    audit.record("role.revoked", actor=actor, obj=user, org=org, changes={"role": spec.name, "unit": org.code})
