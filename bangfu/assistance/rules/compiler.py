"""Compiling a validated rule to a Django Q over people.Person, evaluated entirely in the database.

Conditions on a related table become `EXISTS (…)` subqueries, so a person is never duplicated by a join;
inside an `all` node the positive conditions on one relation are merged into a single EXISTS (the same
fact row must satisfy them all). JSON list fields are searched with `json_each` on SQLite and `?|` on
PostgreSQL (Django's `contains` on JSON does not exist on SQLite).
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Func, OuterRef, Q, QuerySet

from bangfu.assistance.models.facts import PersonFact
from bangfu.assistance.rules.dates import months_before, years_before
from bangfu.assistance.rules.fields import (
    CONTAINS,
    EQ,
    EXISTS,
    GTE,
    IN,
    IS_FALSE,
    IS_TRUE,
    LTE,
    WITHIN_MONTHS,
    FieldSpec,
    extension_relation,
    field_spec,
)
from bangfu.people.models import HardshipFile, HouseholdMember


class JsonArrayHasAny(Func):
    """True when a JSON array column holds any of `values` as an element (exact string match)."""

    output_field = BooleanField()

    def __init__(self, column: str, values: list[str]) -> None:
        super().__init__(F(column))
        self.values = list(values)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column_sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"({column_sql} ?| %s::text[])", [*params, self.values]
        marks = ", ".join(["%s"] * len(self.values))
        # only the compiled column and placeholders are interpolated; the values travel as parameters
        return (f"EXISTS (SELECT 1 FROM json_each({column_sql}) AS je WHERE je.value IN ({marks}))",  # noqa: S608
                [*params, *self.values])


def relation_queryset(relation: str) -> QuerySet[Any]:
    """Rows of a relation belonging to the outer person (OuterRef("pk"))."""
    if relation == "file":
        return HardshipFile.objects.filter(household__head=OuterRef("pk"))
    if relation == "family":
        return HouseholdMember.objects.filter(household__head=OuterRef("pk")).exclude(person=OuterRef("pk"))
    if relation == "self_member":
        return HouseholdMember.objects.filter(person=OuterRef("pk"))
    if relation.startswith("fact:"):
        return PersonFact.objects.filter(person=OuterRef("pk"), kind=relation.split(":", 1)[1])
    rows = extension_relation(relation)
    if rows is None:
        raise ValueError(relation)
    return rows()


def _age_q(spec: FieldSpec, op: str, years: int, as_of: dt.date) -> Q:
    # age ≥ N ⇔ born on or before as_of − N years; age ≤ N ⇔ born after as_of − (N+1) years
    born_by = years_before(as_of, years)
    born_after = years_before(as_of, years + 1)
    column = spec.column
    if op == GTE:
        return Q(**{f"{column}__lte": born_by})
    if op == LTE:
        return Q(**{f"{column}__gt": born_after})
    return Q(**{f"{column}__lte": born_by, f"{column}__gt": born_after})


def _current_q(as_of: dt.date) -> Q:
    return Q(valid_from__lte=as_of) & (Q(valid_to__isnull=True) | Q(valid_to__gte=as_of))


def positive_q(spec: FieldSpec, op: str, value: Any, as_of: dt.date) -> Q:
    """The condition as a Q on the relation's own model, read positively (IS_FALSE on a relation is
    handled by the caller as NOT EXISTS of the IS_TRUE condition)."""
    column = spec.column
    if spec.special == "age":
        return _age_q(spec, op, int(value), as_of)
    if spec.special == "migrant_worker":
        migrant = Q(hukou_type="rural") & ~Q(employer_name="")
        return migrant if op == IS_TRUE else ~migrant
    if spec.special == "current":
        return _current_q(as_of)
    if spec.special == "cause":
        return Q(primary_cause__in=value) | Q(JsonArrayHasAny("secondary_causes", value))
    if spec.type == EXISTS:
        return Q()
    if op == IS_TRUE:
        return Q(**{column: True})
    if op == IS_FALSE:
        return Q(**{column: False})
    if op == EQ:
        return Q(**{column: value})
    if op == IN:
        return Q(**{f"{column}__in": value})
    if op == CONTAINS:
        return Q(JsonArrayHasAny(column, value))
    if op == GTE:
        return Q(**{f"{column}__gte": int(value)})
    if op == LTE:
        return Q(**{f"{column}__lte": int(value)})
    if op == WITHIN_MONTHS:
        return Q(**{f"{column}__gte": months_before(as_of, int(value)), f"{column}__lte": as_of})
    raise ValueError(op)


def _is_negated_relation(spec: FieldSpec, op: str) -> bool:
    return spec.relation != "person" and op == IS_FALSE


def _leaf_q(leaf: dict[str, Any], as_of: dt.date) -> Q:
    spec = field_spec(leaf["field"])
    assert spec is not None  # validated before compiling
    op, value = leaf["op"], leaf.get("value")
    if spec.relation == "person":
        return positive_q(spec, op, value, as_of)
    if _is_negated_relation(spec, op):
        return ~Q(Exists(relation_queryset(spec.relation).filter(positive_q(spec, IS_TRUE, None, as_of))))
    return Q(Exists(relation_queryset(spec.relation).filter(positive_q(spec, op, value, as_of))))


def compile_node(node: dict[str, Any], as_of: dt.date) -> Q:
    if "field" in node:
        return _leaf_q(node, as_of)
    if "any" in node:
        return reduce(operator.or_, (compile_node(child, as_of) for child in node["any"]))
    parts: list[Q] = []
    merged: dict[str, list[Q]] = {}
    for child in node["all"]:
        spec = field_spec(child["field"]) if "field" in child else None
        if spec is not None and spec.relation != "person" and not _is_negated_relation(spec, child["op"]):
            merged.setdefault(spec.relation, []).append(
                positive_q(spec, child["op"], child.get("value"), as_of))
        else:
            parts.append(compile_node(child, as_of))
    for relation, conditions in merged.items():
        parts.append(Q(Exists(relation_queryset(relation).filter(*conditions))))
    return reduce(operator.and_, parts)


def compile_rule(rule: dict[str, Any], as_of: dt.date) -> Q:
    """The rule as one Q over Person (the rule must have passed validate_rule)."""
    return compile_node(rule, as_of)


def branch_flags(rule: dict[str, Any], as_of: dt.date) -> list[tuple[dict[str, Any], ExpressionWrapper | None]]:
    """For explanations: the top-level branches with a boolean expression telling whether each held.

    Under `all` every branch held for a matching person (no expression needed); under `any` each branch
    is annotated so the reasons name only the branches that matched.
    """
    if "any" in rule:
        return [(child, ExpressionWrapper(compile_node(child, as_of), output_field=BooleanField()))
                for child in rule["any"]]
    return [(child, None) for child in rule["all"]]
