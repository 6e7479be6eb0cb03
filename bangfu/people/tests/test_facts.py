"""Facts derived from members, and the local minimum that applies to a region on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from bangfu.people.facts import MinimumTable, household_facts, region_prefix
from bangfu.people.models import EmploymentStatus, LocalMinimum

E = EmploymentStatus


@dataclass
class Row:
    employment_status: str
    monthly_income_fen: int = 0
    has_major_illness: bool = False
    disability_or_mental_illness: bool = False


def test_size_income_per_head_and_flags() -> None:
    result = household_facts([Row(E.EMPLOYED, 250_001), Row(E.STUDENT), Row(E.RETIRED, 50_000, True)])
    assert (result.household_size, result.income_per_capita_fen) == (3, 100_000)  # rounded down to the fen
    assert result.major_illness and not result.disability_or_mental_illness and not result.zero_labour


@pytest.mark.parametrize(("statuses", "zero"), [
    ((E.UNABLE, E.RETIRED, E.CHILD), True),
    ((E.STUDENT,), True),
    ((E.UNABLE, E.UNEMPLOYED), False),  # someone able and looking for work is labour
    ((E.EMPLOYED,), False),
])
def test_zero_labour_means_nobody_in_the_labour_force(statuses: tuple[str, ...], zero: bool) -> None:
    assert household_facts([Row(s) for s in statuses]).zero_labour is zero


def test_empty_household_is_not_zero_labour() -> None:
    result = household_facts([])
    assert (result.household_size, result.income_per_capita_fen, result.zero_labour) == (0, 0, False)


@pytest.mark.parametrize(("code", "prefix"), [("440100", "4401"), ("110000", "11"), ("440106", "440106"),
                                              ("440106011", "440106011"), ("", "")])
def test_region_prefix(code: str, prefix: str) -> None:
    assert region_prefix(code) == prefix


@pytest.mark.django_db
@pytest.mark.parametrize(("region", "fen"), [("440106011", 108_000), ("110101", 117_000), ("310117001", 124_000),
                                             ("659002001", 80_000)])
def test_bundled_minimums_apply_while_the_table_is_empty(region: str, fen: int) -> None:
    assert MinimumTable.load().monthly_fen(region, dt.date(2020, 12, 18)) == fen


@pytest.mark.django_db
def test_most_specific_region_then_latest_date_wins() -> None:
    LocalMinimum.objects.create(region_code="", region_name="默认", monthly_fen=70_000,
                                effective_from=dt.date(2019, 1, 1))
    LocalMinimum.objects.create(region_code="440100", region_name="广州市", monthly_fen=101_000,
                                effective_from=dt.date(2019, 1, 1))
    LocalMinimum.objects.create(region_code="440100", region_name="广州市", monthly_fen=108_000,
                                effective_from=dt.date(2020, 1, 1))
    LocalMinimum.objects.create(region_code="440117", region_name="从化区", monthly_fen=95_000,
                                effective_from=dt.date(2020, 1, 1))
    table = MinimumTable.load()
    assert table.monthly_fen("440106011", dt.date(2019, 6, 1)) == 101_000
    assert table.monthly_fen("440106011", dt.date(2020, 6, 1)) == 108_000
    assert table.monthly_fen("440117101", dt.date(2020, 6, 1)) == 95_000
    assert table.monthly_fen("440117101", dt.date(2019, 6, 1)) == 101_000
    assert table.monthly_fen("110101", dt.date(2020, 6, 1)) == 70_000
    assert table.monthly_fen("110101", dt.date(2018, 6, 1)) == 0
