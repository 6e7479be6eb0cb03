from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from bangfu.accounts import services
from bangfu.accounts.models import ApiToken, OrgUnit, RoleAssignment, RoleGrant
from bangfu.accounts.queries import (
    assignment_for,
    assignments_of,
    grant_for,
    own_tokens,
    role_named,
    search_units,
    unit_for,
    user_for,
    visible_grants,
    visible_tokens,
)
from bangfu.accounts.schemas import (
    ApiTokenOut,
    ApiTokenPage,
    GrantResultOut,
    MeOut,
    OrgPage,
    OrgUnitOut,
    RoleAssignmentOut,
    RoleGrantIn,
    RoleGrantOut,
    RoleGrantPage,
)
from bangfu.accounts.scoping import data_scope_of
from bangfu.core.errors import ServiceError
from bangfu.core.pagination import api_window

router = Router(tags=["组织与账号"])


class OrgFilter(Schema):
    under: str | None = None
    q: str = ""
    level: str = ""
    offset: int = 0
    limit: int = 50


def _org_out(unit: OrgUnit) -> OrgUnitOut:
    return OrgUnitOut(
        code=unit.code,
        name=unit.name,
        level=unit.level,
        path=unit.path,
        region_code=unit.region_code,
        parent_code=unit.parent.code if unit.parent else None,
    )


@router.get("/me", response=MeOut, summary="当前用户", description="当前登录用户、所属单位、角色与数据范围。")
def me(request: HttpRequest) -> MeOut:
    user: Any = request.user
    scope = data_scope_of(user)
    return MeOut(
        username=user.username,
        display_name=getattr(user, "display_name", ""),
        org_code=user.org.code if user.org else None,
        org_name=user.org.name if user.org else None,
        roles=[group.name for group in user.groups.all()],
        data_scope=scope.value if scope else None,
    )


@router.get(
    "/orgs", response=OrgPage, summary="组织列表", description="数据范围内的工会组织，可按上级、名称、层级筛选。"
)
def list_orgs(request: HttpRequest, filters: Query[OrgFilter]) -> OrgPage:
    under = (
        unit_for(request.user, filters.under) if filters.under else None
    )
    units = search_units(request.user, under=under, text=filters.q, level=filters.level)
    return OrgPage(count=units.count(), items=[_org_out(u) for u in units[api_window(filters.limit, filters.offset)]])


@router.get(
    "/orgs/{code}", response=OrgUnitOut, summary="组织详情", description="一个工会组织；不在数据范围内时返回 404。"
)
def get_org(request: HttpRequest, code: str) -> OrgUnitOut:
    return _org_out(unit_for(request.user, code))


def _assignment_out(assignment: RoleAssignment) -> RoleAssignmentOut:
    org = assignment.org or assignment.user.org
    return RoleAssignmentOut(
        id=assignment.pk,
        role=assignment.group.name,
        role_key=assignment.group.role_profile.key,
        org_code=org.code if org else None,
        granted_by=assignment.granted_by.username if assignment.granted_by else None,
        approved_by=assignment.approved_by.username if assignment.approved_by else None,
    )


def _grant_out(grant: RoleGrant) -> RoleGrantOut:
    return RoleGrantOut(
        id=grant.pk,
        username=grant.user.username,
        role=grant.group.name,
        org_code=grant.org.code,
        requested_by=grant.requested_by.username,
        status=grant.status,
    )


def _token_out(token: ApiToken) -> ApiTokenOut:
    return ApiTokenOut(
        id=token.pk,
        username=token.user.username,
        name=token.name,
        prefix=token.prefix,
        read_only=token.read_only,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked=token.revoked,
        revoked_reason=token.revoked_reason,
    )


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@router.get(
    "/users/{user_id}/roles",
    response=list[RoleAssignmentOut],
    summary="用户的角色",
    description="一个用户所担任的角色及各角色的所属单位（数据范围自该单位起算）。",
)
def list_user_roles(request: HttpRequest, user_id: int) -> list[RoleAssignmentOut]:
    _require(request, "accounts.view_user")
    target = user_for(request.user, user_id, "view")
    return [_assignment_out(a) for a in assignments_of(target).select_related("user__org", "group__role_profile")]


@router.post(
    "/users/{user_id}/roles",
    response={201: GrantResultOut},
    summary="授予角色",
    description="在某单位授予一个角色：不能给自己授权，只能授予本人可授予的角色且不超出本人的数据范围；"
    "读取个人数据的角色须由另一名干部审批后生效（status=pending）。",
)
def grant_user_role(request: HttpRequest, user_id: int, body: RoleGrantIn) -> Status:
    _require(request, "accounts.change_user")
    target = user_for(request.user, user_id, "change")
    org = unit_for(request.user, body.org_code)
    group = role_named(body.role)
    if group is None:
        raise ServiceError(f"角色：没有名为“{body.role}”的角色。")
    grant = services.grant_role(actor=request.user, user=target, group=group, org=org)
    if grant is None:
        return Status(201, GrantResultOut(status="granted"))
    return Status(201, GrantResultOut(status="pending", grant=_grant_out(grant)))


@router.delete(
    "/users/{user_id}/roles/{assignment_id}",
    response={204: None},
    summary="撤销角色",
    description="撤销用户的一个角色（与授予同样的规则）；该用户的访问令牌随之作废。",
)
def revoke_user_role(request: HttpRequest, user_id: int, assignment_id: int) -> Status:
    _require(request, "accounts.change_user")
    services.revoke_role(actor=request.user, assignment=assignment_for(request.user, user_id, assignment_id))
    return Status(204, None)


class WindowFilter(Schema):
    offset: int = 0
    limit: int = 50


@router.get(
    "/role-grants",
    response=RoleGrantPage,
    summary="待审批的授权",
    description="数据范围内等待审批的角色授权申请。",
)
def list_role_grants(request: HttpRequest, window: Query[WindowFilter]) -> RoleGrantPage:
    _require(request, "accounts.view_rolegrant")
    grants = visible_grants(request.user).order_by("-requested_at", "-pk")
    return RoleGrantPage(
        count=grants.count(), items=[_grant_out(g) for g in grants[api_window(window.limit, window.offset)]]
    )


@router.post(
    "/role-grants/{grant_id}/approve",
    response=RoleAssignmentOut,
    summary="批准授权",
    description="由申请人和被授权人以外、审批范围覆盖该角色的干部批准；已处理的申请返回 409。",
)
def approve_role_grant(request: HttpRequest, grant_id: int) -> RoleAssignmentOut:
    _require(request, "accounts.approve_rolegrant")
    assignment = services.approve_role_grant(actor=request.user, grant=grant_for(request.user, grant_id))
    return _assignment_out(assignment)


@router.post(
    "/role-grants/{grant_id}/reject",
    response=RoleGrantOut,
    summary="驳回授权",
    description="驳回一项角色授权申请；已处理的申请返回 409。",
)
def reject_role_grant(request: HttpRequest, grant_id: int) -> RoleGrantOut:
    _require(request, "accounts.approve_rolegrant")
    return _grant_out(services.reject_role_grant(actor=request.user, grant=grant_for(request.user, grant_id)))


@router.get(
    "/me/tokens",
    response=ApiTokenPage,
    summary="我的访问令牌",
    description="当前用户的访问令牌：有效期、是否只读、最后使用时间、是否已作废。",
)
def list_my_tokens(request: HttpRequest, window: Query[WindowFilter]) -> ApiTokenPage:
    tokens = own_tokens(request.user).select_related("user")
    return ApiTokenPage(
        count=tokens.count(), items=[_token_out(t) for t in tokens[api_window(window.limit, window.offset)]]
    )


@router.get(
    "/tokens",
    response=ApiTokenPage,
    summary="全部访问令牌",
    description="数据范围内所有用户的访问令牌及最后使用时间（审计员）。",
)
def list_tokens(request: HttpRequest, window: Query[WindowFilter]) -> ApiTokenPage:
    _require(request, "accounts.view_apitoken")
    tokens = visible_tokens(request.user)
    return ApiTokenPage(
        count=tokens.count(), items=[_token_out(t) for t in tokens[api_window(window.limit, window.offset)]]
    )
