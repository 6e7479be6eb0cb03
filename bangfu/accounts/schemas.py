from __future__ import annotations

from ninja import Schema


class OrgUnitOut(Schema):
    code: str
    name: str
    level: str
    path: str
    region_code: str
    parent_code: str | None = None


class MeOut(Schema):
    username: str
    display_name: str
    org_code: str | None
    org_name: str | None
    roles: list[str]
    data_scope: str | None


class OrgPage(Schema):
    count: int
    items: list[OrgUnitOut]
