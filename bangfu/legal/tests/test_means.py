"""The means test on the register's data and rules (see bangfu/legal/means.py for the rule)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.legal.means import MeansInput, means_test
from bangfu.legal.models import MeansResult
from bangfu.people.models import HardshipFile, HouseholdMember

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 1, 5)


def _test(**facts: Any) -> Any:
    values: dict[str, Any] = {"person_id": None, "migrant_worker": False, "household_size": None,
                              "declared_income_fen": None}
    values.update(facts)
    dispute = str(values.pop("dispute", "contract"))
    return means_test(MeansInput(**values), dispute_type=dispute, region_code="440106", on=ON)


@pytest.mark.parametrize("dispute", ["wages", "injury"])
def test_a_migrant_worker_claiming_wages_or_injury_is_exempt(dispute: str) -> None:
    outcome = _test(migrant_worker=True, dispute=dispute)
    assert outcome.result == MeansResult.EXEMPT and "第四十二条" in outcome.reasons[0]


def test_a_migrant_worker_in_a_contract_dispute_is_tested() -> None:
    assert _test(migrant_worker=True).result == MeansResult.PENDING


def test_without_a_declared_income_the_claimant_is_to_be_checked() -> None:
    assert _test().result == MeansResult.PENDING


def test_a_low_income_passes_the_registers_tier_rules() -> None:
    outcome = _test(household_size=3, declared_income_fen=60_000)
    assert outcome.result == MeansResult.ELIGIBLE and any("低保" in reason for reason in outcome.reasons)


def test_a_high_income_does_not() -> None:
    outcome = _test(household_size=2, declared_income_fen=3_000_000)
    assert outcome.result == MeansResult.NOT_ELIGIBLE and "未达到" in "".join(outcome.reasons)


def test_a_person_with_a_file_in_the_register_is_in_hardship(org_tree: dict[str, Any]) -> None:
    from bangfu.jobs.tests.helpers import setup_user
    from bangfu.people.tests.helpers import apply_family

    hardship_file = apply_family(setup_user(), org_tree["wushan"])
    # The approval steps are the register's own tests; here only the file's state matters.
    HardshipFile.objects.filter(pk=hardship_file.pk).update(status="formal", tier="deep")
    member = HouseholdMember.objects.filter(household=hardship_file.household).first()
    assert member is not None
    outcome = _test(person_id=member.person_id, household_size=1, declared_income_fen=9_000_000)
    assert outcome.result == MeansResult.ELIGIBLE and "在档困难职工（深度困难）" in outcome.reasons[0]
