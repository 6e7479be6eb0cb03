"""履职考核: the scoring scheme, a run over a unit's workers (casework computed outside the write), the
supervisor's review that completes each assessment with its total and result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ServiceError
from bangfu.workforce.casework import casework_lines, supervisor_line
from bangfu.workforce.models import (
    Assessment,
    AssessmentLine,
    AssessmentRun,
    AssessmentStatus,
    Indicator,
    ScoringScheme,
    SocialWorker,
    WorkerStatus,
)
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
from bangfu.workforce.services.common import not_themselves, require_perm, require_unit

MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class SchemeInput:
    name: str
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    targets: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    thresholds: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))


@transaction.atomic
def create_scheme(*, actor: Any, org: OrgUnit, data: SchemeInput) -> ScoringScheme:
    require_unit(actor, org, "add", ScoringScheme, "制定考核方案")
    name = (data.name or "").strip()
    problems = ([] if name else ["方案名称：请填写"]) + check_scheme(data.weights, data.targets, data.thresholds)
    if problems:
        raise ServiceError("；".join(problems))
    scheme = ScoringScheme.objects.create(org=org, created_by=actor, name=name[:60], weights=dict(data.weights),
                                          targets=dict(data.targets), thresholds=dict(data.thresholds))
    audit.record("workforce.scheme_created", actor=actor, obj=scheme,
                 changes={"weights": scheme.weights, "thresholds": scheme.thresholds})
    return scheme


@dataclass(frozen=True)
class RunInput:
    org: OrgUnit
    scheme: ScoringScheme
    period_start: dt.date
    period_end: dt.date


def _check_run(data: RunInput) -> None:
    if data.period_end < data.period_start:
        raise ServiceError("考核期：结束日期早于开始日期")
    if (data.period_end - data.period_start).days > MAX_PERIOD_DAYS:
        raise ServiceError("考核期：不能超过一年")
    if not data.scheme.active:
        raise ServiceError("考核方案：该方案已停用", status=409)
    if not data.org.path.startswith(data.scheme.org.path):
        raise ServiceError("考核方案：该方案不适用于所选单位")


def _workers_under(org: OrgUnit) -> list[SocialWorker]:
    return list(SocialWorker.objects.filter(org__path__startswith=org.path, status=WorkerStatus.ACTIVE)
                .select_related("user").order_by("pk"))


def _line(assessment: Assessment, value: LineValue, scheme: ScoringScheme) -> AssessmentLine:
    return AssessmentLine(assessment=assessment, indicator=value.indicator, counted=value.counted,
                          achieved=value.achieved, score=line_score(value, scheme.targets),
                          weight=int(scheme.weights.get(value.indicator, 0)), explanation=value.explanation[:300],
                          evidence=value.evidence)


def run_assessment(*, actor: Any, data: RunInput) -> AssessmentRun:
    """Compute every in-post worker's casework under the unit (read only), then write the run in one short
    transaction. A worker already assessed for the same period under the same scheme is refused (409)."""
    require_unit(actor, data.org, "add", AssessmentRun, "发起履职考核")
    _check_run(data)
    workers = _workers_under(data.org)
    if not workers:
        raise ServiceError(f"单位：{data.org.name}及下级没有在岗社工")
    computed = [(worker, casework_lines(worker, data.period_start, data.period_end)) for worker in workers]
    return _write_run(actor, data, computed)


@transaction.atomic
def _write_run(actor: Any, data: RunInput, computed: list[tuple[SocialWorker, list[LineValue]]]) -> AssessmentRun:
    already = Assessment.objects.filter(worker__in=[w for w, _ in computed], run__scheme=data.scheme,
                                        run__period_start=data.period_start, run__period_end=data.period_end)
    if already.exists():
        raise ServiceError(f"考核期：{data.period_start:%Y-%m-%d} 至 {data.period_end:%Y-%m-%d} 已有 "
                           f"{already.count()} 名社工按此方案考核过", status=409)
    run = AssessmentRun.objects.create(org=data.org, created_by=actor, scheme=data.scheme,
                                       period_start=data.period_start, period_end=data.period_end)
    lines: list[AssessmentLine] = []
    for worker, values in computed:
        assessment = Assessment.objects.create(org=worker.org, created_by=actor, run=run, worker=worker)
        lines += [_line(assessment, value, data.scheme) for value in (*values, supervisor_line(None, ""))]
    AssessmentLine.objects.bulk_create(lines)
    audit.record("workforce.assessment_run", actor=actor, obj=run,
                 changes={"workers": len(computed), "period": [str(data.period_start), str(data.period_end)]})
    return run


@transaction.atomic
def review_assessment(*, actor: Any, assessment: Assessment, score: int, comment: str,
                      expected_version: int) -> Assessment:
    """The supervisor's score (0–100) completes the assessment: total over the weighted lines, then the result."""
    require_perm(actor, Assessment, "change", "评价履职考核")
    not_themselves(actor, assessment.worker, "评价履职考核")
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ServiceError("上级评价：应为 0 至 100 的整数")
    comment = (comment or "").strip()[:300]
    scheme = assessment.run.scheme
    line = AssessmentLine.objects.get(assessment=assessment, indicator=Indicator.SUPERVISOR)
    value = supervisor_line(score, comment)
    line.counted, line.achieved, line.explanation = value.counted, value.achieved, value.explanation[:300]
    line.score = line_score(value, scheme.targets)
    line.save(update_fields=["counted", "achieved", "explanation", "score"])
    scores = dict(AssessmentLine.objects.filter(assessment=assessment).values_list("indicator", "score"))
    total = weighted_total(scores, scheme.weights)
    result = result_of(total, scheme.thresholds)
    update_versioned(assessment, expected_version, supervisor_score=score, supervisor_comment=comment,
                     reviewed_by=actor, total=total, result=result, status=AssessmentStatus.REVIEWED)
    audit.record("workforce.assessment_reviewed", actor=actor, obj=assessment,
                 changes={"score": score, "total": str(total), "result": result})
    return assessment
