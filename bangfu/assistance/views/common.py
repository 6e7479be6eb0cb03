"""Helpers shared by the assistance pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.assistance.models import Program
from bangfu.core.errors import ServiceError


def attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> Any:
    """Run a service call; a refusal becomes an error message (Chinese, from the service). None on failure."""
    try:
        result = action()
    except ServiceError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, success)
    return result


def units_for(user: Any, program: Program) -> list[tuple[str, str]]:
    """Units in the user's scope that take part in the program (the owner's subtree), as form choices."""
    units = scoped(OrgUnit.objects.filter(path__startswith=program.org.path), user, "view").order_by("path")
    return [(unit.code, f"{'　' * max(0, unit.depth - program.org.depth)}{unit.name}") for unit in units[:2000]]


def table_or_page(request: HttpRequest, partial: str, page: str, context: dict[str, Any]) -> HttpResponse:
    """htmx swaps the table only; a normal request gets the whole page."""
    htmx = getattr(request, "htmx", None)
    template = partial if htmx and not htmx.boosted else page
    return render(request, template, context)
