"""Target groups: an officer defines a rule from rows of field / operator / value, without a developer.

The form is flat (one `all` or `any` over rows); a nested rule (from the API) is edited as JSON. Each row is
a partial that htmx re-renders when the field changes (operators and values follow the field), and the
"add condition" button appends a fresh row.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.assistance.access import require_perm, target_group_or_404
from bangfu.assistance.forms import SearchForm
from bangfu.assistance.models import TargetGroup
from bangfu.assistance.queries import (
    target_group_for,
    visible_people,
    visible_target_groups,
)
from bangfu.assistance.rules.compiler import compile_rule
from bangfu.assistance.rules.fields import (
    CONTAINS,
    EQ,
    GTE,
    IN,
    LTE,
    OPERATORS,
    OWN_FIELDS,
    WITHIN_MONTHS,
    field_spec,
    offered_fields,
)
from bangfu.assistance.rules.render import render_group, render_rule
from bangfu.assistance.rules.validate import RuleError, validate_rule
from bangfu.assistance.services import programs
from bangfu.assistance.views.common import own_unit, table_or_page
from bangfu.core.errors import ServiceError
from bangfu.core.pagination import paginate, querystring_without_page

DEFAULT_FIELD = "file.status"


def field_groups(keep: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for spec, name in offered_fields(keep):
        grouped.setdefault(str(spec.group), []).append((spec.key, name))
    return list(grouped.items())


def row_context(index: str, field: str, op: str = "", values: list[str] | None = None) -> dict[str, Any]:
    spec = field_spec(field) or OWN_FIELDS[DEFAULT_FIELD]
    ops = [(code, str(OPERATORS[code])) for code in spec.operators]
    if op not in spec.operators:
        op = spec.operators[0]
    values = values or []
    return {
        "index": index, "field": spec.key, "fields": field_groups(keep=spec.key), "ops": ops, "op": op, "spec": spec,
        "choices": [(code, str(label)) for code, label in spec.choice_list()], "values": values,
        "needs_number": op in (GTE, LTE, WITHIN_MONTHS) or (op == EQ and spec.type == "number"),
        "needs_choice": op in (IN, CONTAINS, EQ) and spec.type != "number",
        "number": values[0] if values else "",
        "free_text": ",".join(v for v in values if v not in {c for c, _l in spec.choice_list()}),
    }


def _rows_from_rule(rule: dict[str, Any]) -> tuple[str, list[dict[str, Any]]] | None:
    """A flat rule as (combine, rows); None when it is nested (edited as JSON instead)."""
    combine = "all" if "all" in rule else "any"
    rows = []
    for leaf in rule[combine]:
        if "field" not in leaf:
            return None
        value = leaf.get("value")
        values = [str(v) for v in value] if isinstance(value, list) else ([] if value is None else [str(value)])
        rows.append(row_context(uuid.uuid4().hex[:8], leaf["field"], leaf["op"], values))
    return combine, rows


def rule_from_post(post: Any) -> dict[str, Any]:
    """Rebuild the rule JSON from the posted rows (or the JSON box); validation happens in the service."""
    if post.get("mode") == "json":
        try:
            return dict(json.loads(post.get("rule_json", "")))
        except (ValueError, TypeError):
            raise RuleError("规则 JSON 格式不正确") from None
    combine = "any" if post.get("combine") == "any" else "all"
    conditions = []
    for index in post.getlist("row"):
        field = post.get(f"field_{index}", "")
        op = post.get(f"op_{index}", "")
        spec = field_spec(field)
        leaf: dict[str, Any] = {"field": field, "op": op}
        if spec is not None and spec.type not in ("bool", "exists"):
            if op in (GTE, LTE, WITHIN_MONTHS) or (op == EQ and spec.type == "number"):
                leaf["value"] = post.get(f"number_{index}", "")
            else:
                values = post.getlist(f"value_{index}")
                free = post.get(f"free_{index}", "")
                values += [part.strip() for part in free.replace("，", ",").split(",") if part.strip()]
                leaf["value"] = values[0] if op == EQ and values else values
        conditions.append(leaf)
    if not conditions:
        raise RuleError("请至少添加一个条件")
    return {combine: conditions}


@login_required
def target_group_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_targetgroup")
    form = SearchForm(request.GET or None)
    groups = visible_target_groups(request.user, text=form.cleaned_data["q"] if form.is_valid() else "")
    page = paginate(request, groups)
    rows = [{"group": g, "text": render_rule(g.rule)} for g in page]
    context = {"form": form, "page": page, "rows": rows, "query": querystring_without_page(request)}
    return table_or_page(request, "assistance/_target_group_table.html", "assistance/target_group_list.html", context)


@login_required
def target_group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = target_group_or_404(request.user, pk)
    people = visible_people(request.user).filter(died_on_duty=False)
    matches = people.filter(compile_rule(validate_rule(group.rule), timezone.localdate())).count()
    return render(request, "assistance/target_group_detail.html", {
        "group": group, "text": render_group(group.name, group.rule), "matches": matches,
        "rule_json": json.dumps(group.rule, ensure_ascii=False, indent=2),
        "can_edit": request.user.has_perm("assistance.change_targetgroup"),
    })


def _editor(request: HttpRequest, group: TargetGroup | None) -> HttpResponse:
    rule = group.rule if group else {"all": [{"field": DEFAULT_FIELD, "op": IN, "value": ["formal"]}]}
    flat = _rows_from_rule(rule)
    mode = request.POST.get("mode") or ("form" if flat else "json")
    combine, rows = flat if flat else ("all", [])
    error = ""
    if request.method == "POST":
        try:
            posted = rule_from_post(request.POST)
            name = request.POST.get("name", "")
            description = request.POST.get("description", "")
            if group is None:
                group = programs.create_target_group(actor=request.user, org=own_unit(request.user), name=name,
                                                     rule=posted, description=description)
            else:
                programs.update_target_group(actor=request.user, group=group,
                                             expected_version=int(request.POST.get("version", "0") or 0),
                                             name=name, rule=posted, description=description,
                                             is_active=request.POST.get("is_active") == "on")
            return redirect("assistance:target_group_detail", pk=group.pk)
        except ServiceError as exc:
            error = str(exc)
            rows = [row_context(i, request.POST.get(f"field_{i}", DEFAULT_FIELD), request.POST.get(f"op_{i}", ""),
                                request.POST.getlist(f"value_{i}") or [request.POST.get(f"number_{i}", "")])
                    for i in request.POST.getlist("row")]
            combine = request.POST.get("combine", "all")
    return render(request, "assistance/target_group_form.html", {
        "group": group, "rows": rows, "combine": combine, "mode": mode, "error": error,
        "rule_json": request.POST.get("rule_json") or json.dumps(rule, ensure_ascii=False, indent=2),
        "name": request.POST.get("name", group.name if group else ""),
        "description": request.POST.get("description", group.description if group else ""),
    })


@login_required
def target_group_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.add_targetgroup")
    return _editor(request, None)


@login_required
def target_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = target_group_for(request.user, pk, "change")
    return _editor(request, group)


@login_required
def condition_row(request: HttpRequest) -> HttpResponse:
    """One condition row (htmx): a new one, or the same row re-rendered for another field."""
    require_perm(request.user, "assistance.view_targetgroup")
    index = request.GET.get("index") or uuid.uuid4().hex[:8]
    index = "".join(ch for ch in index if ch.isalnum())[:12] or uuid.uuid4().hex[:8]
    field = request.GET.get(f"field_{index}", request.GET.get("field", DEFAULT_FIELD))
    op = request.GET.get(f"op_{index}", "")
    return render(request, "assistance/_condition_row.html", row_context(index, field, op))


@login_required
def rule_preview(request: HttpRequest) -> HttpResponse:
    """How many people in the user's scope the rule picks today, and the rule in words (nothing saved)."""
    require_perm(request.user, "assistance.view_targetgroup")
    context: dict[str, Any] = {}
    try:
        rule = validate_rule(rule_from_post(request.POST if request.method == "POST" else request.GET))
        people = visible_people(request.user).filter(died_on_duty=False)
        context = {"matches": people.filter(compile_rule(rule, timezone.localdate())).count(),
                   "text": render_group(request.POST.get("name") or _("New group"), rule)}
    except ServiceError as exc:
        context = {"error": str(exc)}
    return render(request, "assistance/_rule_preview.html", context)
