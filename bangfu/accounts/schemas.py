from __future__ import annotations

from datetime import datetime

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


class RoleAssignmentOut(Schema):
    id: int
    role: str
    role_key: str
    org_code: str | None
    granted_by: str | None
    approved_by: str | None


class RoleGrantIn(Schema):
    role: str  # the role's key, e.g. "street_social_worker"
    org_code: str


class RoleGrantOut(Schema):
    id: int
    username: str
    role: str
    org_code: str
    requested_by: str
    status: str


class GrantResultOut(Schema):
    status: str  # "granted" at once, or "pending" a second person's approval
    grant: RoleGrantOut | None = None


class RoleGrantPage(Schema):
    count: int
    items: list[RoleGrantOut]


class ApiTokenOut(Schema):
    id: int
    username: str
    name: str
    prefix: str
    read_only: bool
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool
    revoked_reason: str


class ApiTokenPage(Schema):
    count: int
    items: list[ApiTokenOut]
