"""The one place that decides which records a user may act on: `may()` and `scoped_for()`.

A user holds roles through `RoleAssignment`s; each assignment is one *reach*: the role's permissions
together with the role's data scope measured from that assignment's unit. A user may do action A on
record R only if ONE of their reaches both grants A and has R in its scope — scopes are never pooled
across roles, so a worker who is also an auditor changes only what the worker role reaches.
Records outside scope are simply absent: callers turn that into 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from bangfu.accounts.models import SCOPE_BREADTH, DataScope, OrgUnit, RoleAssignment

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Reach:
    """One role as a user holds it: what it grants, how far, from which unit."""

    role_key: str
    role_name: str
    scope: DataScope
    org: OrgUnit | None
    permissions: frozenset[str]

    def grants(self, permission: str) -> bool:
        return permission in self.permissions


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def reaches_of(user: Any) -> list[Reach]:
    """The user's roles, each with its own scope and unit (two queries, cached on the user object)."""
    if not _active(user):
        return []
    cached: list[Reach] | None = getattr(user, "_bangfu_reaches", None)
    if cached is not None:
        return cached
    # One query: a row per (assignment, permission); a role without permissions still gives one row.
    rows = RoleAssignment.objects.filter(user=user, group__role_profile__isnull=False).values_list(
        "group_id",
        "group__name",
        "group__role_profile__key",
        "group__role_profile__data_scope",
        "org_id",
        "org__path",
        "group__permissions__content_type__app_label",
        "group__permissions__codename",
    )
    held: dict[int, tuple[str, str, str, OrgUnit | None]] = {}
    granted: dict[int, set[str]] = {}
    for group_id, name, key, scope, org_id, org_path, app_label, codename in rows:
        if group_id not in held:
            # Only pk and path are read from a reach's unit; the user's own unit is the full object.
            org = OrgUnit(pk=org_id, path=org_path) if org_id is not None else getattr(user, "org", None)
            held[group_id] = (name, key, scope, org)
            granted[group_id] = set()
        if codename:
            granted[group_id].add(f"{app_label}.{codename}")
    reaches = [
        Reach(role_key=key, role_name=name, scope=DataScope(scope), org=org, permissions=frozenset(granted[group_id]))
        for group_id, (name, key, scope, org) in held.items()
    ]
    user._bangfu_reaches = reaches
    return reaches


def forget_reaches(user: Any) -> None:
    """Drop the cached reaches (and Django's permission caches) after the user's roles changed."""
    for attribute in ("_bangfu_reaches", "_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def data_scope_of(user: Any) -> DataScope | None:
    """The broadest scope among the user's roles — for display only (`/api/v1/me`); never for access."""
    if not _active(user):
        return None
    if user.is_superuser:
        return DataScope.ALL
    scopes = [reach.scope for reach in reaches_of(user)]
    return max(scopes, key=lambda s: SCOPE_BREADTH[s]) if scopes else None


def permission_for(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _org_prefix(model: type[models.Model]) -> str:
    """How to reach the owning unit's path from this model: OrgUnit is itself the tree."""
    if issubclass(model, OrgUnit):
        return ""
    return getattr(model, "SCOPE_ORG_LOOKUP", "org") + "__"


def reach_filter(model: type[models.Model], reach: Reach, user: Any) -> Q | None:
    """The records of `model` one reach covers, or None when it covers none."""
    if reach.scope == DataScope.ALL:
        return Q()
    org = reach.org
    if org is None:
        return None
    prefix = _org_prefix(model)
    if reach.scope == DataScope.SUBTREE:
        if not prefix:
            return Q(path__startswith=org.path)
        # The subtree's units as a subquery, so the database searches the records' own unit index unit by unit:
        # a join filtered on the unit's path (LIKE) made SQLite read the whole record table (measured at 10⁶ files:
        # a district's count 0.5 s → 1 ms, bench/province.py).
        return Q(**{f"{prefix}in": OrgUnit.objects.filter(path__startswith=org.path).values("pk")})
    if reach.scope == DataScope.UNIT:
        return Q(**{f"{prefix}pk": org.pk})
    if issubclass(model, OrgUnit):
        return Q(pk=org.pk)
    owner_field = getattr(model, "SCOPE_OWNER_FIELD", None)
    return None if owner_field is None else Q(**{owner_field: user})


@dataclass
class RouteReads:
    """What one request read records through: each permission asked of `scope_q` for the request's own
    user, with whether any of that user's roles grants it. Units are left out: every role reads the unit
    tree to find its way, so reading units says nothing about what a route is for."""

    request: Any
    permissions: dict[str, bool] = field(default_factory=dict)

    def note(self, user: Any, model: type[models.Model], permission: str, granted: bool) -> None:
        reader = getattr(self.request, "user", None)  # an API token's owner is set on the request mid-way
        if issubclass(model, OrgUnit) or reader is None or reader.pk != user.pk:
            return
        self.permissions[permission] = self.permissions.get(permission, False) or granted

    @property
    def none_granted(self) -> bool:
        """The request read records, and through no permission any role of the reader grants: the
        status policy's 403 ("the role lacks the permission"), not an empty list or a 404."""
        return bool(self.permissions) and not any(self.permissions.values())


_route_reads: ContextVar[RouteReads | None] = ContextVar("bangfu_route_reads", default=None)


@contextmanager
def reads_of(request: Any) -> Iterator[RouteReads]:
    """Note, while a request is served, the permissions it reads records through (see `RouteReads`)."""
    reads = RouteReads(request)
    token = _route_reads.set(reads)
    try:
        yield reads
    finally:
        _route_reads.reset(token)


def scope_q(user: Any, model: type[models.Model], permission: str, *, note: bool = True) -> Q | None:
    """The Q that keeps the records of `model` on which the user may exercise `permission`; None: none.
    `note=False`: a question about one act (a button), not a read of records (see `RouteReads`)."""
    if not _active(user):
        return None
    reads = _route_reads.get()
    if reads is not None and note:
        reads.note(user, model, permission, may_somewhere(user, permission))
    if user.is_superuser:
        return Q()
    condition: Q | None = None
    for reach in reaches_of(user):
        if not reach.grants(permission):
            continue
        part = reach_filter(model, reach, user)
        if part is None:
            continue
        if part == Q():
            return Q()
        condition = part if condition is None else condition | part
    return condition


def scoped_for(user: Any, queryset: QuerySet[M], permission: str) -> QuerySet[M]:
    """Records of `queryset` on which one of the user's roles both grants `permission` and reaches them."""
    condition = scope_q(user, queryset.model, permission)
    return queryset.none() if condition is None else queryset.filter(condition)


def may(user: Any, permission: str, obj: models.Model) -> bool:
    """Whether one of the user's roles both grants `permission` and has `obj` in its scope."""
    model = type(obj)
    condition = scope_q(user, model, permission, note=False)
    return condition is not None and model._default_manager.filter(condition, pk=obj.pk).exists()


def may_somewhere(user: Any, permission: str) -> bool:
    """Whether any of the user's roles grants `permission` (to show a button; the record check is `may`)."""
    return _active(user) and (user.is_superuser or any(reach.grants(permission) for reach in reaches_of(user)))


def scoped(queryset: QuerySet[M], user: Any, action: str = "view") -> QuerySet[M]:
    """Records of `queryset` the user may `action` (view/add/change/delete/…), role by role."""
    return scoped_for(user, queryset, permission_for(queryset.model, action))


def scope_filter(model: type[models.Model], user: Any, action: str = "view") -> Q | None:
    """The Q that keeps the user's records of `model` for `action`, or None when the user has none."""
    return scope_q(user, model, permission_for(model, action))


def get_scoped_or_404(queryset: QuerySet[M], user: Any, action: str = "view", *, permission: str | None = None,
                      **lookup: Any) -> M:
    """One record inside the user's scope, or 404 — never 403, so existence is not disclosed.

    `permission` (default: `action` on the queryset's model) is what the page or route is about to do: a
    unit chosen for a report is looked up with the report's permission, so that the role that grants the
    report is the one that must reach the unit (a worker who is also an administrator elsewhere gets 404).
    When no role of the user grants the permission at all, the answer is 403 (the status policy: lacking
    the permission is told, whatever the record; only a record out of reach is hidden).
    """
    permission = permission or permission_for(queryset.model, action)
    if not may_somewhere(user, permission):
        raise PermissionDenied
    try:
        return scoped_for(user, queryset, permission).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def org_in_scope(user: Any, org: OrgUnit, action: str = "view", *, permission: str | None = None) -> bool:
    """Whether `org` is a unit the user may act on: with `permission`, by a role that grants it there."""
    return may(user, permission or permission_for(OrgUnit, action), org)
