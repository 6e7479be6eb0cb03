"""Reads of units and users, always through `scoped()`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.http import Http404

from bangfu.accounts.models import ApiToken, GrantStatus, OrgUnit, RoleAssignment, RoleGrant, User
from bangfu.accounts.scoping import get_scoped_or_404, may_somewhere, scoped
from bangfu.core.errors import ServiceError
from bangfu.core.normalize import search_text


def visible_units(user: Any) -> QuerySet[OrgUnit]:
    return scoped(OrgUnit.objects.all(), user, "view")


def unit_for(user: Any, code: str | None, action: str = "view", *, permission: str | None = None) -> OrgUnit:
    """The unit coded `code` — the user's own when none is named — when a role of the user that grants
    `permission` (what the page or route is about to do there; default `action` on units) reaches it; else
    404 (403 when no role grants it anywhere). The one way a page or route opens a unit chosen by code."""
    if not code:
        if getattr(user, "org", None) is None:
            raise Http404
        code = user.org.code
    return get_scoped_or_404(OrgUnit.objects.select_related("parent"), user, action, permission=permission,
                             code=code)


def unit_named_or_own(user: Any, code: str | None) -> OrgUnit:
    """The unit an API write files a record under: the one named by `org_code` (in the writer's reach, else
    404), else the writer's own unit; a writer with no unit must name one (422)."""
    if code:
        return unit_for(user, code)
    org = getattr(user, "org", None)
    if org is None:
        raise ServiceError("请指定所属单位（org_code）", status=422)
    return org


def root_unit_for(user: Any) -> OrgUnit:
    """The top of the tree, when the user's scope reaches it (a user with no unit of their own); else 404."""
    return get_scoped_or_404(OrgUnit.objects.all(), user, "view", parent__isnull=True)


def search_units(user: Any, *, under: OrgUnit | None, text: str = "", level: str = "") -> QuerySet[OrgUnit]:
    """Units inside `under` (itself excluded) that match the search form; within scope. An empty (or invisible,
    `search_text`) text and no level: the children of `under`."""
    text = search_text(text)
    units = visible_units(user)
    if under is not None:
        units = units.filter(path__startswith=under.path).exclude(pk=under.pk)
        if not text and not level:
            units = units.filter(parent=under)
    if text:
        units = units.filter(Q(name__icontains=text) | Q(code__startswith=text) | Q(region_code__startswith=text))
    if level:
        units = units.filter(level=level)
    return units.select_related("parent").order_by("path")


def visible_users(user: Any, *, text: str = "", under: OrgUnit | None = None) -> QuerySet[User]:
    users = scoped(User.objects.all(), user, "view").select_related("org").prefetch_related("groups")
    if under is not None:
        users = users.filter(org__path__startswith=under.path)
    if text := search_text(text):
        users = users.filter(Q(username__icontains=text) | Q(display_name__icontains=text))
    return users.order_by("org__path", "username")


def users_of_unit(user: Any, unit: OrgUnit) -> QuerySet[User]:
    """The accounts of `unit` itself, for its page. A reader whose roles do not read accounts (a street
    worker opening their street) gets none, without asking the scope of accounts: asking would note a
    read through an ungranted permission, and the route would answer 403 for a page the worker may open."""
    if not may_somewhere(user, "accounts.view_user"):
        return User.objects.none()
    return visible_users(user, under=unit).filter(org=unit)


def tree_nodes(user: Any) -> list[dict[str, Any]]:
    """The visible tree as nested dicts, for the left-hand tree of the organisation browser."""
    units = list(visible_units(user).only("id", "code", "name", "path", "parent_id", "level").order_by("path"))
    by_parent: dict[int | None, list[OrgUnit]] = {}
    visible_ids = {unit.pk for unit in units}
    for unit in units:
        parent_key = unit.parent_id if unit.parent_id in visible_ids else None
        by_parent.setdefault(parent_key, []).append(unit)

    def build(parent_id: int | None) -> list[dict[str, Any]]:
        return [
            {"unit": unit, "children": build(unit.pk)}
            for unit in sorted(by_parent.get(parent_id, []), key=lambda u: (u.sort_order, u.code))
        ]

    return build(None)


def user_for(user: Any, pk: int, action: str = "view") -> User:
    """The one access function for a user account: in scope for `action`, else 404."""
    return get_scoped_or_404(User.objects.select_related("org"), user, action, pk=pk)


def user_by_username(user: Any, username: str, action: str = "view") -> User | None:
    """The account named `username` when the reader may `action` it, else None (a form names the field)."""
    return scoped(User.objects.select_related("org"), user, action).filter(username=username.strip()).first()


def user_named(user: Any, username: str, action: str = "view") -> User:
    """The account called `username`, in scope for `action`; else 404."""
    return get_scoped_or_404(User.objects.select_related("org"), user, action, username=username)


def assignments_of(target: User) -> QuerySet[RoleAssignment]:
    """The roles `target` holds (the caller reached `target` through `user_for`)."""
    return (
        RoleAssignment.objects.filter(user=target)
        .select_related("group", "org", "granted_by", "approved_by")
        .order_by("group_id")
    )


def assignment_for(user: Any, target_pk: int, pk: int) -> RoleAssignment:
    """One role of a user the actor may change, or 404."""
    target = user_for(user, target_pk, "change")
    try:
        return assignments_of(target).select_related("user__org").get(pk=pk)
    except (RoleAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def pending_grants_of(target: User) -> QuerySet[RoleGrant]:
    """The role grants of `target` awaiting a second officer (the caller reached `target` through `user_for`)."""
    return RoleGrant.objects.filter(user=target, status=GrantStatus.PENDING).select_related("group", "org")


def role_named(key: str) -> Group | None:
    """The role whose key is `key` (roles are not scoped: who may grant which is the service's check)."""
    return Group.objects.filter(role_profile__key=key).first()


def visible_grants(user: Any, *, pending_only: bool = True) -> QuerySet[RoleGrant]:
    grants = scoped(RoleGrant.objects.select_related("user", "group", "org", "requested_by", "decided_by"), user)
    return grants.filter(status=GrantStatus.PENDING) if pending_only else grants


def grant_for(user: Any, pk: int) -> RoleGrant:
    """One role grant request in the reader's scope (by the unit the role would be held at), or 404."""
    try:
        return visible_grants(user, pending_only=False).get(pk=pk)
    except (RoleGrant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def own_tokens(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def own_token_for(user: Any, pk: int) -> ApiToken:
    try:
        return own_tokens(user).get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_tokens(user: Any) -> QuerySet[ApiToken]:
    """Every token in the reader's scope (by the owner's unit), with its last use — the auditor's list."""
    return scoped(ApiToken.objects.select_related("user", "user__org"), user).order_by("-created_at")


def role_holders(user: Any, group: Any) -> QuerySet[RoleAssignment]:
    """Who holds `group`, among the users the reader may see (by the holder's unit), with the unit of the role."""
    return (
        RoleAssignment.objects.filter(group=group, user__in=visible_users(user).values("pk"))
        .select_related("user", "user__org", "org", "granted_by", "approved_by")
        .order_by("user__org__path", "user__username")
    )
