"""The arithmetic of guaranteed loans and their interest subsidy. Pure: no Django, no database.

- Day count ACT/360, as Chinese banks count: an instalment's interest = outstanding principal × annual
  rate × actual days since the previous due date (or the loan's start) ÷ 360.
- Every amount is rounded once, to the whole fen, half up (四舍五入), where it is computed.
- Instalments are monthly, due on the start's day of the month (clamped to the month's last day).
- 等额本息: level payment A = P·r/(1 − (1+r)^−n), r = annual rate / 12; each month's principal is A minus
  that month's ACT/360 interest; the last instalment repays what is left, so principal sums to P exactly.
- 先息后本: interest every month, the whole principal with the last instalment.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

EQUAL_INSTALMENTS = "equal"  # 等额本息
INTEREST_ONLY = "bullet"  # 先息后本
PLANS = (EQUAL_INSTALMENTS, INTEREST_ONLY)
DAYS_IN_YEAR = 360


def half_up(value: Decimal) -> int:
    """Round to the whole fen, 0.5 away from zero (四舍五入)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last))


def interest_fen(principal_fen: int, annual_rate_percent: Decimal, days: int) -> int:
    """ACT/360 interest on `principal_fen` for `days`, rounded half up to the fen."""
    return half_up(Decimal(principal_fen) * annual_rate_percent / 100 * days / DAYS_IN_YEAR)


def level_payment_fen(principal_fen: int, annual_rate_percent: Decimal, months: int) -> int:
    """The 等额本息 monthly payment A = P·r/(1 − (1+r)^−n), rounded half up; plain P/n at a zero rate."""
    rate = annual_rate_percent / 100 / 12
    if rate == 0:
        return half_up(Decimal(principal_fen) / months)
    return half_up(Decimal(principal_fen) * rate / (1 - (1 + rate) ** -months))


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: dt.date
    days: int
    opening_fen: int  # principal outstanding before this instalment
    principal_fen: int
    interest_fen: int

    @property
    def total_fen(self) -> int:
        return self.principal_fen + self.interest_fen


def schedule(principal_fen: int, annual_rate_percent: Decimal, start: dt.date, months: int,
             plan: str) -> list[Instalment]:
    """The loan's monthly instalments under `plan`; principal always sums to `principal_fen` exactly."""
    if plan not in PLANS:
        raise ValueError(f"unknown repayment plan {plan!r}")
    if principal_fen <= 0 or months <= 0 or annual_rate_percent < 0:
        raise ValueError("principal and term must be positive, the rate not negative")
    level = level_payment_fen(principal_fen, annual_rate_percent, months) if plan == EQUAL_INSTALMENTS else 0
    rows: list[Instalment] = []
    outstanding, previous = principal_fen, start
    for number in range(1, months + 1):
        due = add_months(start, number)
        days = (due - previous).days
        interest = interest_fen(outstanding, annual_rate_percent, days)
        if number == months:
            principal = outstanding
        elif plan == EQUAL_INSTALMENTS:
            principal = min(max(level - interest, 0), outstanding)
        else:
            principal = 0
        rows.append(Instalment(number, due, days, outstanding, principal, interest))
        outstanding -= principal
        previous = due
    return rows


# --- The subsidy -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InstalmentState:
    """An instalment as the subsidy sees it: what was due, and when it was paid in full (None: not yet)."""

    number: int
    due_on: dt.date
    interest_fen: int
    paid_in_full_on: dt.date | None


@dataclass(frozen=True)
class Terms:
    share_percent: Decimal  # share of the interest subsidised, 0–100
    grace_days: int  # an instalment paid in full within due date + grace counts as on time
    cap_per_year_fen: int | None  # per project and calendar year (of the period's end)
    cap_per_project_fen: int | None  # per project, over every run


@dataclass(frozen=True)
class SubsidyLine:
    eligible_interest_fen: int  # interest of the period's instalments paid on time
    computed_fen: int  # share × eligible interest, before caps
    amount_fen: int  # after caps (0 when suspended)
    suspended: bool
    reasons: list[str] = field(default_factory=list)


def _money(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d} 元"


def subsidy_for_period(instalments: list[InstalmentState], period_start: dt.date, period_end: dt.date,
                       terms: Terms, *, earlier_this_year_fen: int = 0,
                       earlier_all_fen: int = 0) -> SubsidyLine:
    """One loan's subsidy for the period [period_start, period_end], with its reasons in Chinese.

    Arrears suspend it: an instalment due on or before the period's end and not paid in full by then
    makes the line 0 (逾期暂停). Otherwise share × the interest of the instalments due in the period and
    paid in full by due date + grace, rounded half up, then cut to what the year and project caps leave.
    """
    overdue = [row for row in instalments if row.due_on <= period_end
               and (row.paid_in_full_on is None or row.paid_in_full_on > period_end)]
    if overdue:
        first = overdue[0]
        reason = (f"逾期暂停：第 {first.number} 期（{first.due_on.isoformat()} 到期）"
                  f"截至 {period_end.isoformat()} 未足额还款")
        return SubsidyLine(0, 0, 0, True, [reason])
    reasons: list[str] = []
    eligible = 0
    for row in instalments:
        if not period_start <= row.due_on <= period_end:
            continue
        limit = row.due_on + dt.timedelta(days=terms.grace_days)
        assert row.paid_in_full_on is not None  # not overdue, so paid by the period's end
        if row.paid_in_full_on <= limit:
            eligible += row.interest_fen
        else:
            late = (row.paid_in_full_on - row.due_on).days
            reasons.append(f"第 {row.number} 期逾期 {late} 天还清（宽限 {terms.grace_days} 天），该期利息不予贴息")
    computed = half_up(Decimal(eligible) * terms.share_percent / 100)
    reasons.insert(0, f"按时还款的利息 {_money(eligible)} × 贴息比例 {terms.share_percent}% = {_money(computed)}")
    amount = computed
    if terms.cap_per_year_fen is not None:
        left = max(terms.cap_per_year_fen - earlier_this_year_fen, 0)
        if amount > left:
            amount = left
            reasons.append(f"受年度上限 {_money(terms.cap_per_year_fen)} 限制，本年已贴息 "
                           f"{_money(earlier_this_year_fen)}，本期核定 {_money(amount)}")
    if terms.cap_per_project_fen is not None:
        left = max(terms.cap_per_project_fen - earlier_all_fen, 0)
        if amount > left:
            amount = left
            reasons.append(f"受项目累计上限 {_money(terms.cap_per_project_fen)} 限制，累计已贴息 "
                           f"{_money(earlier_all_fen)}，本期核定 {_money(amount)}")
    return SubsidyLine(eligible, computed, amount, False, reasons)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if not 1 <= quarter <= 4:
        raise ValueError("quarter must be 1–4")
    first = dt.date(year, 3 * quarter - 2, 1)
    return first, add_months(first, 3) - dt.timedelta(days=1)
