"""The pool of candidates for full-time vice-chair and chair of township/street union federations.

The rules are the notice's (择优推荐、长期服务基层、符合社会工作专业人才条件), written as data: each says what it
asks in Chinese and is checked against the worker's certificate, tenure and reviewed assessments. Building
the pool for a unit replaces that unit's entries, each with the rule and the facts that put the worker in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.core import audit
from bangfu.workforce.models import (
    CERTIFICATE_RANK,
    GRASSROOTS_POST_LEVELS,
    AssessmentResult,
    AssessmentStatus,
    Candidate,
    CandidatePosition,
    CertificateLevel,
    SocialWorker,
    WorkerStatus,
)
from bangfu.workforce.scoring import RESULT_ZH, tenure_years
from bangfu.workforce.services.common import require_unit


@dataclass(frozen=True)
class Facts:
    certificate: str
    years: int
    recent_results: list[str]  # newest first, reviewed assessments only


@dataclass(frozen=True)
class PoolRule:
    position: str
    text: str
    test: Callable[[Facts], bool]


def _cert_at_least(facts: Facts, level: str) -> bool:
    return CERTIFICATE_RANK[facts.certificate] >= CERTIFICATE_RANK[level]  # type: ignore[index]


RULES = (
    PoolRule(CandidatePosition.CHAIR,
             "主席候选人：高级社会工作师，或社会工作师且在岗满 8 年；最近两次履职考核均为优秀",
             lambda f: (_cert_at_least(f, CertificateLevel.SENIOR)
                        or (_cert_at_least(f, CertificateLevel.SOCIAL) and f.years >= 8))
             and f.recent_results[:2] == [AssessmentResult.EXCELLENT] * 2),
    PoolRule(CandidatePosition.VICE_CHAIR,
             "专职副主席候选人：社会工作师及以上，在岗满 5 年；最近一次履职考核为优秀，近两次无不合格",
             lambda f: _cert_at_least(f, CertificateLevel.SOCIAL) and f.years >= 5
             and f.recent_results[:1] == [AssessmentResult.EXCELLENT]
             and AssessmentResult.UNQUALIFIED not in f.recent_results[:2]),
)
CERT_ZH: dict[str, str] = {CertificateLevel.NONE: "无", CertificateLevel.ASSISTANT: "助理社会工作师",
           CertificateLevel.SOCIAL: "社会工作师", CertificateLevel.SENIOR: "高级社会工作师"}


def street_federation_of(worker: SocialWorker) -> OrgUnit | None:
    """The township/street federation a grassroots worker would serve: their own unit, or the one above it."""
    unit: OrgUnit | None = worker.org
    while unit is not None and unit.level != OrgLevel.STREET:
        unit = unit.parent
    return unit


def facts_of(worker: SocialWorker, as_of: dt.date) -> Facts:
    results = list(worker.assessments.filter(status=AssessmentStatus.REVIEWED, run__period_end__lte=as_of)
                   .order_by("-run__period_end", "-pk").values_list("result", flat=True)[:2])
    return Facts(worker.certificate_level, tenure_years(worker.hired_on, as_of), results)


def reasons_of(facts: Facts) -> list[str]:
    return [f"职业资格：{CERT_ZH[facts.certificate]}", f"在岗 {facts.years} 年",
            "最近考核：" + ("、".join(RESULT_ZH[r] for r in facts.recent_results) or "无")]


@transaction.atomic
def build_candidate_pool(*, actor: Any, org: OrgUnit, as_of: dt.date) -> list[Candidate]:
    """Re-apply the rules to every in-post grassroots worker under the unit; a worker may stand for both."""
    require_unit(actor, org, "add", Candidate, "推荐候选人")
    workers = (SocialWorker.objects.filter(org__path__startswith=org.path, status=WorkerStatus.ACTIVE,
                                           post__level__in=GRASSROOTS_POST_LEVELS)
               .select_related("org__parent").order_by("pk"))
    Candidate.objects.filter(org__path__startswith=org.path).delete()
    made: list[Candidate] = []
    for worker in workers:
        facts = facts_of(worker, as_of)
        target = street_federation_of(worker)
        if target is None:
            continue
        for rule in RULES:
            if rule.test(facts):
                made.append(Candidate(org=worker.org, created_by=actor, worker=worker, position=rule.position,
                                      target=target, rule=rule.text, reasons=reasons_of(facts), as_of=as_of))
    Candidate.objects.bulk_create(made)
    audit.record("workforce.candidate_pool_built", actor=actor, org=org,
                 changes={"as_of": str(as_of), "candidates": len(made)})
    return made
