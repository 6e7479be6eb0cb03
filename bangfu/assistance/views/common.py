"""Helpers shared by the assistance pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bangfu.accounts.models import OrgUnit
from bangfu.assistance.models import Program
from bangfu.assistance.queries import (
    program_units,
)
from bangfu.core.errors import ServiceError


def units_for(user: Any, program: Program) -> list[tuple[str, str]]:
    """Units in the user's scope that take part in the program (the owner's subtree), as form choices."""
    units = program_units(user, program)
    return [(unit.code, f"{'　' * max(0, unit.depth - program.org.depth)}{unit.name}") for unit in units[:2000]]


def set_choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    """Choices computed per request (scoped units, groups, people)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def own_unit(user: Any) -> OrgUnit:
    """The unit new records are created in; a user without one cannot create any."""
    org = getattr(user, "org", None)
    if org is None:
        raise ServiceError("您的账号没有所属单位，不能新建记录", status=403)
    return org  # type: ignore[no-any-return]


def table_or_page(request: HttpRequest, partial: str, page: str, context: dict[str, Any]) -> HttpResponse:
    """htmx swaps the table only; a normal request gets the whole page."""
    htmx = getattr(request, "htmx", None)
    template = partial if htmx and not htmx.boosted else page
    return render(request, template, context)
