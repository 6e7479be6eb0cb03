"""Lookups shared by pages and API: in scope or 404, and the permission an action needs (else 403)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bangfu.assistance.models import Program, TargetGroup
from bangfu.assistance.queries import visible_programs, visible_target_groups


def require_perm(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def program_or_404(user: Any, pk: int) -> Program:
    try:
        return visible_programs(user).get(pk=pk)
    except (Program.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def target_group_or_404(user: Any, pk: int) -> TargetGroup:
    try:
        return visible_target_groups(user).get(pk=pk)
    except (TargetGroup.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
