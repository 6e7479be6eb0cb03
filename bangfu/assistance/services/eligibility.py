"""Who is eligible in a unit for a campaign, under which groups and why: evaluated in the database.

One query per group (the rule compiled to a Q, with a boolean per `any` branch for the reasons), then a
pass in Python that keeps, for each person, the groups in priority order. Nothing is written here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from bangfu.accounts.models import OrgUnit
from bangfu.assistance.models import CampaignGroup, Program
from bangfu.assistance.rules.compiler import branch_flags, compile_rule
from bangfu.assistance.rules.render import render_rule
from bangfu.assistance.rules.validate import validate_rule
from bangfu.people.models import Person


@dataclass
class Candidate:
    person_id: int
    groups: list[CampaignGroup] = field(default_factory=list)  # priority order: groups[0] is kept
    reasons: list[str] = field(default_factory=list)  # one line per group, in Chinese


def people_of_unit(unit: OrgUnit) -> Any:
    """Everyone registered in the unit or below, except those who died (their families may be eligible)."""
    return Person.objects.filter(org__path__startswith=unit.path, died_on_duty=False)


def campaign_groups(program: Program) -> list[CampaignGroup]:
    return list(program.groups.select_related("target_group").order_by("priority"))


def eligible_people(program: Program, unit: OrgUnit, *, as_of: dt.date | None = None,
                    people: Any = None) -> dict[int, Candidate]:
    """person id → Candidate, over the unit's people (or `people`, a Person queryset)."""
    as_of = as_of or program.starts_on
    base = people if people is not None else people_of_unit(unit)
    candidates: dict[int, Candidate] = {}
    with translation.override("zh-hans"):
        for group in campaign_groups(program):
            if not group.target_group.is_active:
                continue
            rule = validate_rule(group.target_group.rule)
            branches = branch_flags(rule, as_of)
            flags = {f"branch_{index}": expr for index, (_child, expr) in enumerate(branches) if expr is not None}
            # position of each branch's flag in the row (None: the branch held for everyone selected)
            column = {index: 1 + list(flags).index(f"branch_{index}") if expr is not None else None
                      for index, (_child, expr) in enumerate(branches)}
            texts = [render_rule(child, nested=True) for child, _expr in branches]
            rows = base.filter(compile_rule(rule, as_of)).annotate(**flags).values_list("pk", *flags)
            name = group.target_group.name
            for row in rows.iterator(chunk_size=5000):
                held = [texts[index] for index, position in column.items() if position is None or row[position]]
                candidate = candidates.get(row[0])
                if candidate is None:
                    candidate = candidates[row[0]] = Candidate(person_id=row[0])
                candidate.groups.append(group)
                candidate.reasons.append(reason_text(name, held))
    return candidates


def reason_text(group_name: str, held: list[str]) -> str:
    """`建档困难职工：困难档案状态为 正式建档/临时档案/返困` (stored in Chinese with the entry)."""
    return f"{group_name}：{'；'.join(held)}"
