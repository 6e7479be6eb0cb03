"""Re-derive a file's facts (size, income per head, flags, local minimum) and its tier with reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from bangfu.people.facts import MinimumTable, household_facts
from bangfu.people.models import HardshipFile, HouseholdMember
from bangfu.people.tiers import TierFacts, TierResult, compute_tier, load_tier_rules


def assessment_fields(hardship_file: HardshipFile, members: list[HouseholdMember], *, as_of: dt.date | None = None,
                      region_code: str) -> dict[str, Any]:
    """The derived fields of the file, to be written with its other changes (nothing is saved here)."""
    as_of = as_of or timezone.localdate()
    facts = household_facts(members)
    minimum = MinimumTable.load().monthly_fen(region_code, as_of)
    result: TierResult = compute_tier(
        TierFacts(
            income_per_capita_fen=facts.income_per_capita_fen, local_minimum_fen=minimum,
            zero_labour=facts.zero_labour, major_illness=facts.major_illness,
            disability_or_mental_illness=facts.disability_or_mental_illness,
            causes=frozenset(hardship_file.causes), incident_on=hardship_file.incident_on,
            household_size=facts.household_size, as_of=as_of,
        ),
        load_tier_rules(),
    )
    return {
        "household_size": facts.household_size,
        "income_per_capita_fen": facts.income_per_capita_fen,
        "zero_labour": facts.zero_labour,
        "disability_or_mental_illness": facts.disability_or_mental_illness,
        "local_minimum_fen": minimum,
        "tier": result.tier,
        "tier_reasons": list(result.reasons),
        "assessed_on": as_of,
    }
