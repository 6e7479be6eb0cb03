"""The means test for legal aid (经济困难审查), on the register's data and rules.

In order, for each claimant:
1. Exempt (免予审查, 法律援助法 第四十二条第三项): a migrant worker (进城务工人员) claiming wages or
   compensation for a work injury.
2. In the register: the claimant's ID number (blind index) finds a person whose household's hardship file is
   in file (临时、正式、返困) → in financial hardship, with the file's tier and income per head.
3. Otherwise the household's declared monthly income and size are put through the register's own tier rules
   (`people.tiers`) against the local minimum (低保) of the station's region on the intake day: a tier
   → in financial hardship; none → not in hardship, with the rules' reasons.
4. Without a declared income: to be checked (staff ask for the income statement).
The system recommends; the reviewer confirms at 审查 (representation and drafting need 1–3 positive).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bangfu.core.money import format_yuan
from bangfu.legal.models import DisputeType, MeansResult
from bangfu.people.facts import MinimumTable
from bangfu.people.models import IN_FILE_STATUSES, HardshipFile, HouseholdMember
from bangfu.people.tiers import TierFacts, compute_tier, load_tier_rules

EXEMPT_DISPUTES = (DisputeType.WAGES, DisputeType.INJURY)


@dataclass(frozen=True)
class MeansInput:
    person_id: int | None
    migrant_worker: bool
    household_size: int | None
    declared_income_fen: int | None


@dataclass(frozen=True)
class MeansOutcome:
    result: str
    reasons: tuple[str, ...]


def _register_file(person_id: int) -> HardshipFile | None:
    households = HouseholdMember.objects.filter(person_id=person_id).values("household_id")
    return (HardshipFile.objects.filter(household_id__in=households, status__in=IN_FILE_STATUSES)
            .order_by("-updated_at").first())


def means_test(facts: MeansInput, *, dispute_type: str, region_code: str, on: dt.date) -> MeansOutcome:
    if facts.migrant_worker and dispute_type in EXEMPT_DISPUTES:
        label = "追索劳动报酬" if dispute_type == DisputeType.WAGES else "请求工伤赔偿"
        return MeansOutcome(MeansResult.EXEMPT, (f"进城务工人员{label}，免予经济困难审查（法律援助法第四十二条）",))
    if facts.person_id is not None:
        hardship_file = _register_file(facts.person_id)
        if hardship_file is not None:
            tier = hardship_file.get_tier_display() if hardship_file.tier else "困难职工"
            return MeansOutcome(MeansResult.ELIGIBLE, (
                f"在档困难职工（{tier}），家庭人均月收入 {format_yuan(hardship_file.income_per_capita_fen)}",
                *hardship_file.tier_reasons,
            ))
    if facts.declared_income_fen is None or not facts.household_size:
        return MeansOutcome(MeansResult.PENDING, ("不在困难职工档案中，须提交家庭收入说明后核查",))
    per_head = facts.declared_income_fen // facts.household_size
    minimum = MinimumTable.load().monthly_fen(region_code, on)
    result = compute_tier(
        TierFacts(income_per_capita_fen=per_head, local_minimum_fen=minimum, household_size=facts.household_size,
                  as_of=on),
        load_tier_rules(),
    )
    if result.tier:
        return MeansOutcome(MeansResult.ELIGIBLE, ("按困难职工认定标准核查：符合", *result.reasons))
    return MeansOutcome(MeansResult.NOT_ELIGIBLE, ("按困难职工认定标准核查：不符合", *result.reasons))
