from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.queries import search_units
from bangfu.accounts.schemas import MeOut, OrgPage, OrgUnitOut
from bangfu.accounts.scoping import data_scope_of, get_scoped_or_404

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
        get_scoped_or_404(OrgUnit.objects.all(), request.user, "view", code=filters.under) if filters.under else None
    )
    units = search_units(request.user, under=under, text=filters.q, level=filters.level)
    limit = max(1, min(filters.limit, 500))
    offset = max(0, filters.offset)
    return OrgPage(count=units.count(), items=[_org_out(u) for u in units[offset : offset + limit]])


@router.get(
    "/orgs/{code}", response=OrgUnitOut, summary="组织详情", description="一个工会组织；不在数据范围内时返回 404。"
)
def get_org(request: HttpRequest, code: str) -> OrgUnitOut:
    return _org_out(get_scoped_or_404(OrgUnit.objects.select_related("parent"), request.user, "view", code=code))
