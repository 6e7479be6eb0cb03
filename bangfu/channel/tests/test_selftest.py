"""困难自测 against hand-computed cases (a table with Guangzhou at 1,010 元 and a fallback of 700 元)."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.channel.selftest import SelfTestInput, Verdict, run_self_test
from bangfu.core.errors import ServiceError
from bangfu.people.facts import MinimumRow, MinimumTable

ON = dt.date(2026, 6, 1)
TABLE = MinimumTable([MinimumRow("", "默认", dt.date(2020, 1, 1), 70_000),
                      MinimumRow("4401", "广州市", dt.date(2021, 7, 1), 101_000),
                      MinimumRow("4401", "广州市", dt.date(2027, 7, 1), 120_000)])


def _run(**fields: object) -> object:
    data = {"household_size": 3, "monthly_income_fen": 330_000, "region_code": "440106011"} | fields
    return run_self_test(SelfTestInput(**data), on=ON, table=TABLE)  # type: ignore[arg-type]


def test_income_after_costs_at_or_below_the_minimum_is_deep_hardship() -> None:
    # (3,300 − 270) / 3 = 1,010.00 元 = the Guangzhou minimum: at the line counts as under it.
    result = run_self_test(SelfTestInput(3, 330_000, 27_000, "440106011"), on=ON, table=TABLE)
    assert (result.verdict, result.per_capita_fen, result.minimum_fen) == (Verdict.DEEP, 101_000, 101_000)
    assert result.may_apply and "1,010.00 元" in " ".join(result.explanation)


def test_one_fen_over_the_minimum_is_relative_hardship_up_to_twice_it() -> None:
    assert run_self_test(SelfTestInput(3, 303_003, 0, "440106011"), on=ON, table=TABLE).verdict == Verdict.RELATIVE
    # 6,060 / 3 = 2,020.00 元 = 2 × 1,010: still relative; one more fen a head (3 fen) is above.
    assert run_self_test(SelfTestInput(3, 606_000, 0, "440106"), on=ON, table=TABLE).verdict == Verdict.RELATIVE
    above = run_self_test(SelfTestInput(3, 606_003, 0, "440106"), on=ON, table=TABLE)
    assert above.verdict == Verdict.ABOVE and not above.may_apply and "意外致困" in " ".join(above.next_steps)


def test_the_local_minimum_is_the_region_and_date_that_apply() -> None:
    # Beijing falls back to 700 元: 2,000 / 2 = 1,000 元 is between 1× and 2× there.
    assert run_self_test(SelfTestInput(2, 200_000, 0, "110105"), on=ON, table=TABLE).minimum_fen == 70_000
    later = run_self_test(SelfTestInput(1, 100_000, 0, "440106"), on=dt.date(2027, 8, 1), table=TABLE)
    assert (later.minimum_fen, later.verdict) == (120_000, Verdict.DEEP)


def test_costs_larger_than_income_leave_zero_not_a_negative_income() -> None:
    result = run_self_test(SelfTestInput(2, 100_000, 500_000, "440106"), on=ON, table=TABLE)
    assert (result.per_capita_fen, result.verdict) == (0, Verdict.DEEP)


def test_an_exclusion_rule_excludes_whatever_the_income_and_says_which() -> None:
    result = run_self_test(SelfTestInput(4, 0, 0, "440106", ("car", "second_home")), on=ON, table=TABLE)
    assert result.verdict == Verdict.EXCLUDED and not result.may_apply
    assert any("机动车" in line for line in result.explanation) and any("两套" in line for line in result.explanation)


@pytest.mark.parametrize(("fields", "field"), [
    ({"household_size": 0}, "家庭人口"), ({"monthly_income_fen": -1}, "家庭月收入"),
    ({"essential_costs_fen": -5}, "每月必需支出"), ({"exclusions": ("yacht",)}, "家庭情况"),
])
def test_bad_input_names_the_field(fields: dict[str, object], field: str) -> None:
    data = {"household_size": 2, "monthly_income_fen": 100, "essential_costs_fen": 0, "region_code": "4401"} | fields
    with pytest.raises(ServiceError, match=field):
        run_self_test(SelfTestInput(**data), on=ON, table=TABLE)  # type: ignore[arg-type]
