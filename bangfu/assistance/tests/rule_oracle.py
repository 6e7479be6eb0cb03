"""The test oracle: the same rules evaluated in plain Python over per-person snapshots.

The product evaluates rules once, in the database (rules/compiler.py). This second evaluation lives with the
tests, as their cross-check (both must select the same people), and is the baseline bench/campaign.py compares
the database evaluation against. It mirrors compiler.py rule for rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bangfu.assistance.models.facts import PersonFact
from bangfu.assistance.rules.dates import age_on, months_before
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
    field_spec,
)
from bangfu.honours.models import Honour
from bangfu.people.models import HardshipFile, HouseholdMember, Person

PERSON_COLUMNS = ("id", "sex", "birth_date", "hukou_type", "employer_name", "is_union_member",
                  "work_injury_disabled", "occupational_disease", "disability_grade", "industry", "job_tags",
                  "died_on_duty")


@dataclass
class Snapshot:
    person: dict[str, Any]
    relations: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


def load_snapshots(people: Iterable[int] | Any) -> list[Snapshot]:
    """Everything the rules may read about these people (ids, or a Person queryset), in a handful of queries."""
    ids = people if hasattr(people, "values") else list(people)
    person_rows = list(Person.objects.filter(pk__in=ids.values("pk") if hasattr(ids, "values") else ids)
                       .values(*PERSON_COLUMNS))
    snapshots = {row["id"]: Snapshot(person=row) for row in person_rows}
    if hasattr(ids, "values"):
        ids = ids.values("pk")
    files: Any = HardshipFile.objects.filter(household__head__in=ids).values(
        "household__head", "status", "primary_cause", "secondary_causes", "tier", "level", "zero_labour",
        "disability_or_mental_illness", "filed_on")
    for file_row in files:
        snapshots[file_row["household__head"]].relations["file"].append(dict(file_row))
    members: Any = HouseholdMember.objects.filter(household__head__in=ids).values(
        "household__head", "person", "person__died_on_duty", "has_major_illness", "employment_status")
    for member_row in members:
        if member_row["person"] != member_row["household__head"]:
            snapshots[member_row["household__head"]].relations["family"].append(dict(member_row))
    own: Any = HouseholdMember.objects.filter(person__in=ids).values("person", "has_major_illness", "employment_status")
    for own_row in own:
        snapshots[own_row["person"]].relations["self_member"].append(dict(own_row))
    facts: Any = PersonFact.objects.filter(person__in=ids).values("person", "kind", "detail", "number", "valid_from",
                                                                  "valid_to")
    for fact_row in facts:
        snapshots[fact_row["person"]].relations[f"fact:{fact_row['kind']}"].append(dict(fact_row))
    honours: Any = Honour.objects.filter(person__in=ids, revoked_on__isnull=True).values(
        "person", "title__code", "title__level", "title__model_worker_treatment")
    for honour_row in honours:  # the relation `bangfu.honours.assistance_hooks` contributes
        snapshots[honour_row["person"]].relations["honour"].append(dict(honour_row))
    return list(snapshots.values())


def _holds(spec: FieldSpec, op: str, value: Any, row: dict[str, Any], as_of: dt.date) -> bool:
    if spec.special == "age":
        age = age_on(row["birth_date"], as_of)
        return {GTE: age >= value, LTE: age <= value, EQ: age == value}[op]
    if spec.special == "migrant_worker":
        migrant = row["hukou_type"] == "rural" and bool(row["employer_name"])
        return migrant if op == IS_TRUE else not migrant
    if spec.special == "current":
        return row["valid_from"] <= as_of and (row["valid_to"] is None or row["valid_to"] >= as_of)
    if spec.special == "cause":
        return row["primary_cause"] in value or any(cause in value for cause in row["secondary_causes"] or [])
    if spec.type == EXISTS:
        return True
    current = row.get(spec.column)
    if op == IS_TRUE:
        return current is True
    if op == IS_FALSE:
        return current is False
    if op == EQ:
        return bool(current == value)
    if op == IN:
        return current in value
    if op == CONTAINS:
        return any(item in value for item in (current or []))
    if op in (GTE, LTE):
        return current is not None and (current >= value if op == GTE else current <= value)
    if op == WITHIN_MONTHS:
        return current is not None and months_before(as_of, value) <= current <= as_of
    raise ValueError(op)


def _leaf(leaf: dict[str, Any], snap: Snapshot, as_of: dt.date) -> bool:
    spec = field_spec(leaf["field"])
    assert spec is not None
    op, value = leaf["op"], leaf.get("value")
    if spec.relation == "person":
        return _holds(spec, op, value, snap.person, as_of)
    rows = snap.relations.get(spec.relation, [])
    if op == IS_FALSE:
        return not any(_holds(spec, IS_TRUE, None, row, as_of) for row in rows)
    return any(_holds(spec, op, value, row, as_of) for row in rows)


def evaluate(node: dict[str, Any], snap: Snapshot, as_of: dt.date) -> bool:
    if "field" in node:
        return _leaf(node, snap, as_of)
    if "any" in node:
        return any(evaluate(child, snap, as_of) for child in node["any"])
    merged: dict[str, list[dict[str, Any]]] = {}
    for child in node["all"]:
        spec = field_spec(child["field"]) if "field" in child else None
        if spec is not None and spec.relation != "person" and child["op"] != IS_FALSE:
            merged.setdefault(spec.relation, []).append(child)
        elif not evaluate(child, snap, as_of):
            return False
    for relation, leaves in merged.items():
        rows = snap.relations.get(relation, [])
        if not any(all(_holds(field_spec(leaf["field"]), leaf["op"], leaf.get("value"), row, as_of)  # type: ignore[arg-type]
                       for leaf in leaves) for row in rows):
            return False
    return True
