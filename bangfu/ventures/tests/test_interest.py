"""The arithmetic by hand: ACT/360, half-up rounding to the fen, both repayment plans, the subsidy rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bangfu.ventures.interest import (
    EQUAL_INSTALMENTS,
    INTEREST_ONLY,
    InstalmentState,
    Terms,
    add_months,
    interest_fen,
    level_payment_fen,
    quarter_bounds,
    schedule,
    subsidy_for_period,
)

FULL = Terms(share_percent=Decimal(100), grace_days=5, cap_per_year_fen=None, cap_per_project_fen=None)


def test_act_360_interest_rounds_half_up_to_the_fen() -> None:
    # 1,500 fen × 3.6 % × 30 / 360 = 4.5 fen → 5 (half up; banker's rounding would give 4)
    assert interest_fen(1_500, Decimal("3.6"), 30) == 5
    # 2,500 fen → 7.5 → 8; 1,000,000 元 × 4.35 % × 31 / 360 = 374,583.33 fen → 374,583
    assert interest_fen(2_500, Decimal("3.6"), 30) == 8
    assert interest_fen(100_000_000, Decimal("4.35"), 31) == 374_583


def test_due_dates_clamp_to_the_end_of_the_month() -> None:
    assert add_months(dt.date(2019, 1, 31), 1) == dt.date(2019, 2, 28)
    assert add_months(dt.date(2020, 1, 31), 1) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2019, 1, 31), 2) == dt.date(2019, 3, 31)
    assert add_months(dt.date(2019, 11, 15), 3) == dt.date(2020, 2, 15)


def test_interest_only_then_bullet_by_hand() -> None:
    rows = schedule(100_000_000, Decimal("4.35"), dt.date(2019, 1, 15), 3, INTEREST_ONLY)
    # 31, 28 and 31 days on 1,000,000 元: 374,583.33 → 374,583; 338,333.33 → 338,333
    assert [(r.due_on, r.days, r.principal_fen, r.interest_fen) for r in rows] == [
        (dt.date(2019, 2, 15), 31, 0, 374_583),
        (dt.date(2019, 3, 15), 28, 0, 338_333),
        (dt.date(2019, 4, 15), 31, 100_000_000, 374_583),
    ]


def test_equal_instalments_by_hand() -> None:
    # A = 120,000 元 × 0.5 % / (1 − 1.005^−3) = 40,400.667 元 → 4,040,067 fen
    assert level_payment_fen(12_000_000, Decimal(6), 3) == 4_040_067
    rows = schedule(12_000_000, Decimal(6), dt.date(2019, 1, 31), 3, EQUAL_INSTALMENTS)
    # 1: 12,000,000 × 6 % × 28/360 = 56,000; principal 4,040,067 − 56,000 = 3,984,067
    # 2: 8,015,933 × 6 % × 31/360 = 41,415.65 → 41,416; principal 3,998,651
    # 3: 4,017,282 × 6 % × 30/360 = 20,086.41 → 20,086; the rest of the principal, 4,017,282
    assert [(r.opening_fen, r.principal_fen, r.interest_fen) for r in rows] == [
        (12_000_000, 3_984_067, 56_000), (8_015_933, 3_998_651, 41_416), (4_017_282, 4_017_282, 20_086)]


@given(principal=st.integers(min_value=1, max_value=10**10), rate=st.decimals("0", "24", places=4),
       months=st.integers(min_value=1, max_value=60), plan=st.sampled_from([EQUAL_INSTALMENTS, INTEREST_ONLY]),
       start=st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)))
def test_principal_always_sums_exactly(principal: int, rate: Decimal, months: int, plan: str,
                                       start: dt.date) -> None:
    rows = schedule(principal, rate, start, months, plan)
    assert sum(r.principal_fen for r in rows) == principal
    assert all(r.principal_fen >= 0 and r.interest_fen >= 0 for r in rows)
    assert len(rows) == months


def _states(paid: dict[int, dt.date | None]) -> list[InstalmentState]:
    # Monthly 1,000.00 元 interest due on the 10th of Jan, Feb, Mar, Apr 2020
    return [InstalmentState(n, dt.date(2020, n, 10), 100_000, paid.get(n, dt.date(2020, n, 10))) for n in (1, 2, 3, 4)]


def test_subsidy_share_of_interest_paid_on_time() -> None:
    start, end = quarter_bounds(2020, 1)
    terms = Terms(share_percent=Decimal("50"), grace_days=5, cap_per_year_fen=None, cap_per_project_fen=None)
    line = subsidy_for_period(_states({}), start, end, terms)
    assert (line.eligible_interest_fen, line.computed_fen, line.amount_fen, line.suspended) == (
        300_000, 150_000, 150_000, False)


def test_grace_days_count_and_a_late_instalment_earns_nothing() -> None:
    start, end = quarter_bounds(2020, 1)
    within = subsidy_for_period(_states({2: dt.date(2020, 2, 15)}), start, end, FULL)  # 5 days: on time
    assert within.amount_fen == 300_000
    late = subsidy_for_period(_states({2: dt.date(2020, 2, 16)}), start, end, FULL)  # 6 days: late
    assert late.amount_fen == 200_000 and not late.suspended
    assert "第 2 期逾期 6 天还清" in late.reasons[1]


def test_arrears_at_the_period_end_suspend_the_line() -> None:
    start, end = quarter_bounds(2020, 1)
    line = subsidy_for_period(_states({3: dt.date(2020, 4, 1)}), start, end, FULL)
    assert (line.amount_fen, line.suspended) == (0, True)
    assert line.reasons == ["逾期暂停：第 3 期（2020-03-10 到期）截至 2020-03-31 未足额还款"]
    unpaid = subsidy_for_period(_states({1: None}), start, end, FULL)
    assert unpaid.suspended and "第 1 期" in unpaid.reasons[0]
    # the next quarter, once paid, is not suspended for the earlier lateness
    q2_start, q2_end = quarter_bounds(2020, 2)
    assert not subsidy_for_period(_states({3: dt.date(2020, 4, 1)}), q2_start, q2_end, FULL).suspended


def test_caps_per_year_and_per_project() -> None:
    start, end = quarter_bounds(2020, 1)
    terms = Terms(share_percent=Decimal(100), grace_days=0, cap_per_year_fen=250_000, cap_per_project_fen=400_000)
    yearly = subsidy_for_period(_states({}), start, end, terms)
    assert (yearly.computed_fen, yearly.amount_fen) == (300_000, 250_000)
    assert "年度上限" in yearly.reasons[-1]
    project = subsidy_for_period(_states({}), start, end, terms, earlier_all_fen=250_000)
    assert project.amount_fen == 150_000 and "项目累计上限" in project.reasons[-1]
    spent = subsidy_for_period(_states({}), start, end, terms, earlier_this_year_fen=300_000)
    assert spent.amount_fen == 0


def test_rounding_of_the_share_is_half_up() -> None:
    start, end = quarter_bounds(2020, 1)
    states = [InstalmentState(1, dt.date(2020, 1, 10), 333, dt.date(2020, 1, 10))]
    terms = Terms(share_percent=Decimal("50"), grace_days=0, cap_per_year_fen=None, cap_per_project_fen=None)
    assert subsidy_for_period(states, start, end, terms).amount_fen == 167  # 166.5 → 167


def test_bad_inputs_refused() -> None:
    with pytest.raises(ValueError):
        schedule(0, Decimal(4), dt.date(2020, 1, 1), 12, INTEREST_ONLY)
    with pytest.raises(ValueError):
        schedule(100, Decimal(4), dt.date(2020, 1, 1), 12, "other")
    with pytest.raises(ValueError):
        quarter_bounds(2020, 5)
