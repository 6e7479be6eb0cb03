"""Reads of the workforce app, always through `scoped()`: one access function per model, the lists, the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import get_scoped_or_404, scoped
from bangfu.core.normalize import search_text
from bangfu.training.models import WorkerTraining, WorkerTrainingKind
from bangfu.workforce.models import (
    Assessment,
    AssessmentResult,
    AssessmentRun,
    Candidate,
    CareerDecision,
    CertificateLevel,
    DecisionStatus,
    FollowUpCall,
    PayRecord,
    Post,
    PostLevel,
    ScoringScheme,
    SocialWorker,
    WorkerStatus,
)
from bangfu.workforce.scoring import tenure_years

# --- one access function per model (pages and API alike) -------------------------------------------------


def worker_for(user: Any, pk: int, action: str = "view") -> SocialWorker:
    return get_scoped_or_404(SocialWorker.objects.select_related("org", "person", "user", "post", "trainee"),
                             user, action, pk=pk)


def post_for(user: Any, pk: int, action: str = "view") -> Post:
    return get_scoped_or_404(Post.objects.select_related("org"), user, action, pk=pk)


def scheme_for(user: Any, pk: int, action: str = "view") -> ScoringScheme:
    """A scheme applies under its unit: a user sees the schemes of their units and of the units above."""
    schemes = ScoringScheme.objects.select_related("org")
    found = scoped(schemes, user, action).filter(pk=pk).first()
    if found is None and user.org is not None:
        found = schemes.filter(pk=pk, active=True).first()
        if found is not None and not user.org.path.startswith(found.org.path):
            found = None
    if found is None:
        raise Http404
    return found


def run_for(user: Any, pk: int, action: str = "view") -> AssessmentRun:
    return get_scoped_or_404(AssessmentRun.objects.select_related("org", "scheme"), user, action, pk=pk)


def assessment_for(user: Any, pk: int, action: str = "view") -> Assessment:
    return get_scoped_or_404(Assessment.objects.select_related("run__scheme", "worker__person", "worker__org"),
                             user, action, pk=pk)


def decision_for(user: Any, pk: int, action: str = "view") -> CareerDecision:
    return get_scoped_or_404(CareerDecision.objects.select_related("worker__person", "assessment", "post", "host",
                                                                   "created_by", "decided_by"), user, action, pk=pk)


# --- lists -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterFilter:
    text: str = ""
    org: OrgUnit | None = None
    post_level: str = ""
    employment_type: str = ""
    certificate_level: str = ""
    status: str = WorkerStatus.ACTIVE


def workers(user: Any, filters: RosterFilter | None = None) -> QuerySet[SocialWorker]:
    filters = filters or RosterFilter()
    queryset = scoped(SocialWorker.objects.select_related("person", "org", "post"), user)
    if text := search_text(filters.text):
        queryset = queryset.filter(Q(person__name__icontains=text) | Q(user__username=text))
    if filters.org is not None:
        queryset = queryset.filter(org__path__startswith=filters.org.path)
    if filters.post_level:
        queryset = queryset.filter(post__level=filters.post_level)
    if filters.employment_type:
        queryset = queryset.filter(employment_type=filters.employment_type)
    if filters.certificate_level:
        queryset = queryset.filter(certificate_level=filters.certificate_level)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset.order_by("org__path", "pk")


def posts(user: Any, *, vacant_only: bool = False) -> QuerySet[Post]:
    queryset = scoped(Post.objects.select_related("org"), user).filter(active=True)
    if vacant_only:
        queryset = queryset.exclude(Exists(SocialWorker.objects.filter(post=OuterRef("pk"),
                                                                       status=WorkerStatus.ACTIVE)))
    return queryset.order_by("org__path", "pk")


def schemes(user: Any) -> QuerySet[ScoringScheme]:
    """Active schemes of the user's units and of the units above them (a province's scheme serves its streets)."""
    own = scoped(ScoringScheme.objects.all(), user).values("pk")
    above = [unit.pk for unit in OrgUnit.objects.filter(code__in=user.org.path.strip("/").split("/"))] \
        if user.org is not None else []
    return (ScoringScheme.objects.filter(Q(pk__in=own) | Q(org__in=above), active=True)
            .select_related("org").order_by("org__path", "pk"))


def runs(user: Any) -> QuerySet[AssessmentRun]:
    return scoped(AssessmentRun.objects.select_related("org", "scheme"), user).annotate(
        workers=Count("assessments")).order_by("-period_end", "-pk")


def assessments_of_run(user: Any, run: AssessmentRun) -> QuerySet[Assessment]:
    return (scoped(Assessment.objects.select_related("worker__person", "worker__org"), user).filter(run=run)
            .order_by("worker__org__path", "pk"))


def assessments_of_worker(user: Any, worker: SocialWorker) -> QuerySet[Assessment]:
    return scoped(Assessment.objects.select_related("run"), user).filter(worker=worker).order_by("-run__period_end")


def lines_of(assessment: Assessment) -> list[Any]:
    """The lines of an assessment the caller already read through `assessment_for`."""
    return list(assessment.lines.all())


def decisions(user: Any, *, status: str = "", worker: SocialWorker | None = None) -> QuerySet[CareerDecision]:
    queryset = scoped(CareerDecision.objects.select_related("worker__person", "org", "created_by"), user)
    if status:
        queryset = queryset.filter(status=status)
    if worker is not None:
        queryset = queryset.filter(worker=worker)
    return queryset.order_by("-created_at", "-pk")


def candidates(user: Any) -> QuerySet[Candidate]:
    return scoped(Candidate.objects.select_related("worker__person", "target", "org"), user).order_by(
        "position", "target__path", "pk")


def pay_of(user: Any, worker: SocialWorker) -> QuerySet[PayRecord]:
    return scoped(PayRecord.objects.all(), user).filter(worker=worker).order_by("-month")


def follow_ups_of(user: Any, worker: SocialWorker) -> QuerySet[FollowUpCall]:
    return scoped(FollowUpCall.objects.all(), user).filter(worker=worker).order_by("-called_on", "-pk")


def trainings_of(worker: SocialWorker) -> QuerySet[WorkerTraining]:
    """The 1+N trainings of a worker the caller already read through `worker_for`."""
    return WorkerTraining.objects.filter(trainee_id=worker.trainee_id).order_by("completed_on", "pk")


def recruitment_ranking(user: Any, post: Post, *, limit: int = 10) -> list[SocialWorker]:
    """Who comes first for a vacant post (择优招录): in post elsewhere under the post's county, ranked by their
    latest reviewed result (优秀 first), then years served, then certificate — the notice's 长期服务基层、优秀."""
    county = post.org
    while county.parent is not None and county.level not in ("county", "city", "province"):
        county = county.parent
    found = list(scoped(SocialWorker.objects.select_related("person", "org"), user)
                 .filter(org__path__startswith=county.path, status=WorkerStatus.ACTIVE).exclude(post=post)[:500])
    latest = {worker_id: result for worker_id, result in
              Assessment.objects.filter(worker__in=found, status="reviewed").order_by("worker", "run__period_end")
              .values_list("worker", "result")}
    order = {"excellent": 0, "qualified": 1, "basic": 2, "unqualified": 3}
    ranks = {CertificateLevel.SENIOR: 0, CertificateLevel.SOCIAL: 1, CertificateLevel.ASSISTANT: 2,
             CertificateLevel.NONE: 3}
    found.sort(key=lambda w: (order.get(latest.get(w.pk, ""), 4), w.hired_on, ranks[w.certificate_level], w.pk))  # type: ignore[index]
    for worker in found:
        worker.latest_result = latest.get(worker.pk, "")  # type: ignore[attr-defined]
    return found[:limit]


# --- the report --------------------------------------------------------------------------------------------

PAY_BANDS = ((0, 300_000, "3000 元以下"), (300_000, 400_000, "3000–4000 元"), (400_000, None, "4000 元及以上"))
TENURE_BANDS = ((0, 3, "不满 3 年"), (3, 5, "3–5 年"), (5, 10, "5–10 年"), (10, None, "10 年以上"))


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    share: float  # of the headcount, 0–1 (4 places)

    @property
    def percent(self) -> str:
        return f"{self.share * 100:.1f} %"


@dataclass(frozen=True)
class WorkforceReport:
    org_code: str
    as_of: dt.date
    headcount: int
    post_levels: list[Share]
    grassroots_share: float
    pay_bands: list[Share]
    tenure_bands: list[Share]
    certificates: list[Share]
    initial_training_done: int
    job_trainings: int
    training_completion: float
    assessment_results: list[Share]

    @property
    def grassroots_percent(self) -> str:
        return f"{self.grassroots_share * 100:.1f} %"

    @property
    def training_percent(self) -> str:
        return f"{self.training_completion * 100:.1f} %"


def _share(count: int, whole: int) -> float:
    return round(count / whole, 4) if whole else 0.0


def _band_counts(values: list[int], bands: tuple[tuple[int, int | None, str], ...], whole: int) -> list[Share]:
    rows = []
    for low, high, label in bands:
        count = sum(1 for v in values if v >= low and (high is None or v < high))
        rows.append(Share(f"{low}-{high if high is not None else ''}", label, count, _share(count, whole)))
    return rows


def workforce_report(user: Any, org: OrgUnit, as_of: dt.date | None = None) -> WorkforceReport:
    """Figures of the in-post workers under the unit that the user may see. Pay is the average monthly
    take-home (月实得平均工资) over the 12 months to `as_of`; tenure is whole years since hiring, and a worker
    with ten full years or more counts as "over 10 years" (在岗超过10年)."""
    as_of = as_of or timezone.localdate()
    roster = scoped(SocialWorker.objects.all(), user).filter(org__path__startswith=org.path,
                                                             status=WorkerStatus.ACTIVE)
    headcount = roster.count()
    levels = dict(roster.values_list("post__level").annotate(n=Count("pk")).values_list("post__level", "n"))
    post_levels = [Share(level.value, str(level.label), levels.get(level.value, 0),
                         _share(levels.get(level.value, 0), headcount)) for level in PostLevel]
    grassroots = levels.get(PostLevel.STREET, 0) + levels.get(PostLevel.COMMUNITY, 0)
    year_ago = (as_of.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    pay = [int(v) for v in roster.annotate(avg=Avg("pay__take_home_fen", filter=Q(pay__month__gte=year_ago,
                                                                                 pay__month__lte=as_of)))
           .exclude(avg=None).values_list("avg", flat=True)]
    years = [tenure_years(day, as_of) for day in roster.values_list("hired_on", flat=True)]
    certs = dict(roster.values_list("certificate_level").annotate(n=Count("pk")).values_list("certificate_level", "n"))
    trainees = roster.exclude(trainee=None).values("trainee")
    initial = (WorkerTraining.objects.filter(trainee__in=trainees, kind=WorkerTrainingKind.INITIAL)
               .values("trainee").distinct().count())
    latest_run = (scoped(AssessmentRun.objects.all(), user).filter(org__path__startswith=org.path,
                                                                   period_end__lte=as_of)
                  .order_by("-period_end", "-pk").values_list("period_end", flat=True).first())
    results: dict[str, int] = {}
    if latest_run is not None:
        results = dict(scoped(Assessment.objects.all(), user)
                       .filter(worker__in=roster, run__period_end=latest_run, status="reviewed")
                       .values_list("result").annotate(n=Count("pk")).values_list("result", "n"))
    assessed = sum(results.values())
    return WorkforceReport(
        org_code=org.code, as_of=as_of, headcount=headcount, post_levels=post_levels,
        grassroots_share=_share(grassroots, headcount),
        pay_bands=_band_counts(pay, PAY_BANDS, headcount),
        tenure_bands=_band_counts(years, TENURE_BANDS, headcount),
        certificates=[Share(c.value, str(c.label), certs.get(c.value, 0), _share(certs.get(c.value, 0), headcount))
                      for c in CertificateLevel],
        initial_training_done=initial,
        job_trainings=WorkerTraining.objects.filter(trainee__in=trainees, kind=WorkerTrainingKind.JOB).count(),
        training_completion=_share(initial, headcount),
        assessment_results=[Share(r.value, str(r.label), results.get(r.value, 0), _share(results.get(r.value, 0),
                                                                                         assessed))
                            for r in AssessmentResult],
    )


def pending_decisions(user: Any) -> int:
    return decisions(user, status=DecisionStatus.PROPOSED).count()
