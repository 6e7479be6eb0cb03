"""The scoring scheme: from indicator values to a score per line, a weighted total and a result.

Pure: no database. A counted indicator (families, jobs kept, legal and training work) earns full marks at the
scheme's target count; a rate (visits and re-checks on time) scores its share of records that met the rule;
satisfaction scores the mean of its calls' points. A rate with no records to count is left out and the other
weights are scaled up, so a worker with no re-check due is neither rewarded nor punished for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bangfu.workforce.models import AssessmentResult, Indicator

COUNTED = (Indicator.FAMILIES, Indicator.JOBS_KEPT, Indicator.LEGAL_TRAINING)
RATES = (Indicator.VISITS_ON_TIME, Indicator.RECHECKS_ON_TIME)

DEFAULT_WEIGHTS: dict[str, int] = {Indicator.FAMILIES: 15, Indicator.VISITS_ON_TIME: 15, Indicator.RECHECKS_ON_TIME: 15,
                   Indicator.JOBS_KEPT: 15, Indicator.LEGAL_TRAINING: 10, Indicator.SATISFACTION: 15,
                   Indicator.SUPERVISOR: 15}
DEFAULT_TARGETS: dict[str, int] = {Indicator.FAMILIES: 10, Indicator.JOBS_KEPT: 2, Indicator.LEGAL_TRAINING: 4}
DEFAULT_THRESHOLDS: dict[str, int] = {AssessmentResult.EXCELLENT: 90, AssessmentResult.QUALIFIED: 75,
                                      AssessmentResult.BASIC: 60}
TENTH = Decimal("0.1")
RESULT_ZH: dict[str, str] = {AssessmentResult.EXCELLENT: "优秀", AssessmentResult.QUALIFIED: "合格",
             AssessmentResult.BASIC: "基本合格", AssessmentResult.UNQUALIFIED: "不合格"}
INDICATOR_ZH: dict[str, str] = {Indicator.FAMILIES: "联系帮扶家庭数", Indicator.VISITS_ON_TIME: "按时走访率",
                Indicator.RECHECKS_ON_TIME: "按时复核率", Indicator.JOBS_KEPT: "推荐就业稳岗3个月",
                Indicator.LEGAL_TRAINING: "法律援助与培训工作", Indicator.SATISFACTION: "回访满意度",
                Indicator.SUPERVISOR: "上级评价"}


@dataclass(frozen=True)
class LineValue:
    indicator: str
    counted: int  # records looked at
    achieved: int  # records that met the rule (for satisfaction: the sum of the calls' points)
    explanation: str
    evidence: list[dict[str, object]]


def line_score(line: LineValue, targets: dict[str, int]) -> Decimal | None:
    """0–100 for the line, or None when a rate had nothing to count."""
    if line.indicator in COUNTED:
        target = max(1, int(targets.get(line.indicator, 1)))
        return min(Decimal(100), Decimal(100 * line.achieved) / target).quantize(TENTH, ROUND_HALF_UP)
    if line.counted == 0:
        return None
    if line.indicator == Indicator.SATISFACTION:
        return (Decimal(line.achieved) / line.counted).quantize(TENTH, ROUND_HALF_UP)
    if line.indicator == Indicator.SUPERVISOR:
        return Decimal(line.achieved).quantize(TENTH, ROUND_HALF_UP)
    return (Decimal(100 * line.achieved) / line.counted).quantize(TENTH, ROUND_HALF_UP)


def weighted_total(scores: dict[str, Decimal | None], weights: dict[str, int]) -> Decimal:
    """Σ score × weight / Σ weight over the lines that scored."""
    used = {key: weights.get(key, 0) for key, score in scores.items() if score is not None}
    total_weight = sum(used.values())
    if total_weight == 0:
        return Decimal(0)
    points = sum(((scores[key] or Decimal(0)) * weight for key, weight in used.items()), Decimal(0))
    return (points / total_weight).quantize(TENTH, ROUND_HALF_UP)


def result_of(total: Decimal, thresholds: dict[str, int]) -> str:
    for result in (AssessmentResult.EXCELLENT, AssessmentResult.QUALIFIED, AssessmentResult.BASIC):
        if total >= thresholds[result]:
            return result
    return AssessmentResult.UNQUALIFIED


def check_scheme(weights: dict[str, int], targets: dict[str, int], thresholds: dict[str, int]) -> list[str]:
    """What is wrong with a scheme, in Chinese (empty when it is right)."""
    problems = []
    unknown = sorted(set(weights) - set(Indicator.values))
    if unknown:
        problems.append(f"权重：未知指标 {'、'.join(unknown)}")
    if any(not isinstance(w, int) or w < 0 for w in weights.values()):
        problems.append("权重：应为不小于 0 的整数")
    elif sum(weights.values()) != 100:
        problems.append(f"权重：合计应为 100，现为 {sum(weights.values())}")
    for key in COUNTED:
        if not isinstance(targets.get(key), int) or targets[key] < 1:
            problems.append(f"满分数量：“{INDICATOR_ZH[key]}”应为正整数")
    levels = [thresholds.get(r) for r in (AssessmentResult.EXCELLENT, AssessmentResult.QUALIFIED,
                                          AssessmentResult.BASIC)]
    if any(not isinstance(v, int) or not 0 <= v <= 100 for v in levels):
        problems.append("等次分数线：优秀、合格、基本合格各应为 0 至 100 的整数")
    elif not levels[0] > levels[1] > levels[2]:  # type: ignore[operator]
        problems.append("等次分数线：应为 优秀 > 合格 > 基本合格")
    return problems


def tenure_years(hired_on: dt.date, as_of: dt.date) -> int:
    """Whole years served (在岗年限)."""
    years = as_of.year - hired_on.year
    return years - 1 if (as_of.month, as_of.day) < (hired_on.month, hired_on.day) else years
