"""The scoring scheme: line scores, the weighted total (rates with nothing to count left out), the result."""

from __future__ import annotations

from decimal import Decimal

from bangfu.workforce.models import Indicator
from bangfu.workforce.scoring import (
    DEFAULT_TARGETS,
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHTS,
    LineValue,
    check_scheme,
    line_score,
    result_of,
    weighted_total,
)


def _line(indicator: str, counted: int, achieved: int) -> LineValue:
    return LineValue(indicator, counted, achieved, "", [])


def test_counted_indicator_earns_full_marks_at_its_target_and_no_more() -> None:
    assert line_score(_line(Indicator.FAMILIES, 5, 5), {"families": 10}) == Decimal("50.0")
    assert line_score(_line(Indicator.FAMILIES, 14, 14), {"families": 10}) == Decimal("100")
    assert line_score(_line(Indicator.JOBS_KEPT, 3, 1), {"jobs_kept": 3}) == Decimal("33.3")


def test_rate_scores_its_share_and_is_left_out_when_nothing_was_due() -> None:
    assert line_score(_line(Indicator.RECHECKS_ON_TIME, 3, 2), DEFAULT_TARGETS) == Decimal("66.7")
    assert line_score(_line(Indicator.VISITS_ON_TIME, 0, 0), DEFAULT_TARGETS) is None
    assert line_score(_line(Indicator.SATISFACTION, 2, 160), DEFAULT_TARGETS) == Decimal("80.0")
    assert line_score(_line(Indicator.SUPERVISOR, 1, 85), DEFAULT_TARGETS) == Decimal("85.0")


def test_total_scales_the_weights_of_the_lines_that_scored() -> None:
    scores: dict[str, Decimal | None] = {"families": Decimal(100), "visits_on_time": None, "supervisor": Decimal(70)}
    weights = {"families": 30, "visits_on_time": 40, "supervisor": 30}
    assert weighted_total(scores, weights) == Decimal("85.0")  # (100×30 + 70×30) / 60
    assert weighted_total({"visits_on_time": None}, weights) == Decimal(0)


def test_result_follows_the_thresholds() -> None:
    assert result_of(Decimal("90.0"), DEFAULT_THRESHOLDS) == "excellent"
    assert result_of(Decimal("89.9"), DEFAULT_THRESHOLDS) == "qualified"
    assert result_of(Decimal("60"), DEFAULT_THRESHOLDS) == "basic"
    assert result_of(Decimal("59.9"), DEFAULT_THRESHOLDS) == "unqualified"


def test_a_wrong_scheme_is_described_in_chinese() -> None:
    assert check_scheme(DEFAULT_WEIGHTS, DEFAULT_TARGETS, DEFAULT_THRESHOLDS) == []
    problems = check_scheme({**DEFAULT_WEIGHTS, "families": 20, "bogus": 1}, {"families": 0},
                            {"excellent": 70, "qualified": 75, "basic": 60})
    assert "权重：未知指标 bogus" in problems
    assert "权重：合计应为 100，现为 106" in problems
    assert "满分数量：“联系帮扶家庭数”应为正整数" in problems
    assert "等次分数线：应为 优秀 > 合格 > 基本合格" in problems
