"""`scoped()`: the one read filter. Every view, API route, export and report reads through it.

Roles grant actions (Django model permissions); data scope is the union over the user's roles,
relative to the user's own unit. Records outside scope are simply absent: callers turn that into 404.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from bangfu.accounts.models import SCOPE_BREADTH, DataScope, OrgUnit

M = TypeVar("M", bound=models.Model)


def data_scope_of(user: Any) -> DataScope | None:
    """The broadest data scope among the user's roles; None when the user has no role at all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return DataScope.ALL
    cached: DataScope | str | None = getattr(user, "_bangfu_data_scope", "unset")
    if cached != "unset":
        return cached if cached is None else DataScope(cached)
    scopes = [DataScope(value) for value in user.groups.values_list("role_profile__data_scope", flat=True) if value]
    scope = max(scopes, key=lambda s: SCOPE_BREADTH[s]) if scopes else None
    user._bangfu_data_scope = scope
    return scope


def _permission_for(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _org_prefix(model: type[models.Model]) -> str:
    """How to reach the owning unit's path from this model: OrgUnit is itself the tree."""
    if issubclass(model, OrgUnit):
        return ""
    return getattr(model, "SCOPE_ORG_LOOKUP", "org") + "__"


def scope_filter(model: type[models.Model], user: Any) -> Q | None:
    """The Q that keeps the user's records, or None when the user reads nothing of this model."""
    scope = data_scope_of(user)
    if scope is None:
        return None
    if scope == DataScope.ALL:
        return Q()
    org = getattr(user, "org", None)
    if org is None:
        return None
    prefix = _org_prefix(model)
    if scope == DataScope.SUBTREE:
        return Q(**{f"{prefix}path__startswith": org.path})
    if scope == DataScope.UNIT:
        return Q(**{f"{prefix}pk": org.pk})
    if issubclass(model, OrgUnit):
        return Q(pk=org.pk)
    owner_field = getattr(model, "SCOPE_OWNER_FIELD", None)
    if owner_field is None:
        return None
    return Q(**{owner_field: user})


def scoped(queryset: QuerySet[M], user: Any, action: str = "view") -> QuerySet[M]:
    """Records of `queryset` the user may `action` (view/add/change/delete/…): permission, then data scope."""
    model = queryset.model
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if not user.has_perm(_permission_for(model, action)):
        return queryset.none()
    condition = scope_filter(model, user)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition)


def get_scoped_or_404(queryset: QuerySet[M], user: Any, action: str = "view", **lookup: Any) -> M:
    """One record inside the user's scope, or 404 — never 403, so existence is not disclosed."""
    try:
        return scoped(queryset, user, action).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def org_in_scope(user: Any, org: OrgUnit, action: str = "view") -> bool:
    """Whether `org` itself is one the user may act on (for writes that name a target unit)."""
    return scoped(OrgUnit.objects.filter(pk=org.pk), user, action).exists()
