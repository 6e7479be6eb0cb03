"""Writes of the matching app: start a run, execute it (in a task), confirm or reject proposed pairs.

The system proposes; staff decide (PIPL Art. 24): a pair becomes a referral only when a person with
`matching.confirm_proposedpair` confirms it, and the referral keeps the score and the reasons shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import org_in_scope
from bangfu.core import audit
from bangfu.core.bulkinsert import BulkInserter
from bangfu.core.bulkwork import no_cyclic_gc
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.jobs.models import Opening, Referral, ReferralSource, ReferralStatus, SeekerProfile
from bangfu.jobs.services import refer_seeker
from bangfu.matching import assign, engine
from bangfu.matching.models import MatchingRun, PairDecision, ProposedPair, RunStatus, UnassignedSeeker
from bangfu.matching.queries import load_openings, load_seekers, opening_pk

logger = logging.getLogger(__name__)

DEFAULT_TOP_K = 20
MAX_TOP_K = 100


@transaction.atomic
def start_matching_run(
    *, actor: Any, org: OrgUnit, top_k: int = DEFAULT_TOP_K, as_of: dt.date | None = None
) -> MatchingRun:
    """Queue a run over the seekers and openings of ``org``'s subtree; the task runs it after commit."""
    if not org_in_scope(actor, org, permission="matching.add_matchingrun"):
        raise ServiceError("未找到该单位，或不在您的数据范围内。", status=404)
    if not 1 <= top_k <= MAX_TOP_K:
        raise ServiceError(f"每位求职者的候选岗位数应在 1 到 {MAX_TOP_K} 之间", status=422)
    as_of = as_of or timezone.localdate()
    run = MatchingRun.objects.create(
        org=org,
        created_by=actor,
        parameters={"top_k": top_k, "as_of": as_of.isoformat(), "method": "min_cost_flow"},
    )
    audit.record("matching.run_started", actor=actor, obj=run, changes={"top_k": top_k})
    from bangfu.matching.tasks import run_matching  # the task module imports this one

    transaction.on_commit(lambda: run_matching.enqueue(run.pk))
    return run


def _elapsed_ms(start: float) -> int:
    return round((time.perf_counter() - start) * 1000)


def execute_run(run_id: int) -> int:
    """Compute and store a run's plan; returns the number of pairs. Runs once: a run that is not
    queued (already running, done or failed) is left alone, so a retried task does no harm.

    Claim → compute outside any transaction → one short write (DESIGN §3): the rows are read and the
    plan solved without holding a lock; the write stores the plan and supersedes the unit's previous
    plan together, so a page sees either the old plan or the new one, never half of it.
    """
    claimed = MatchingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return MatchingRun.objects.filter(pk=run_id).values_list("assigned_count", flat=True).first() or 0
    try:
        # Read inside the try: claimed and then unreadable (a lost connection), the run is marked failed with its
        # error instead of staying "running" with nothing said.
        run = MatchingRun.objects.select_related("org").get(pk=run_id)
        # A run holds a few records and sets per seeker and opening, none of them cyclic garbage: the cyclic
        # collector would walk them all again and again (a fifth of the run's CPU at 20,000 × 4,000).
        with no_cyclic_gc():
            # Claim (above) → compute outside any transaction → one short write: on SQLite a transaction holds
            # the only write lock, so loading, scoring and OR-Tools inside one would stall every other save.
            computed = _compute_plan(run)
            with transaction.atomic():
                return _store_plan(run, computed)
    except Exception as exc:
        logger.exception("matching run %s failed", run_id)
        MatchingRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:1000], finished_at=timezone.now()
        )
        raise


INTERRUPTED = "匹配中断：计算该批次的后台进程意外中止，没有保存任何推荐或分配；请重新运行匹配。"


def close_interrupted_run(run_id: int) -> None:
    """The worker computing this run was killed (core.interruptions): its plan is stored in one short
    transaction at the end, so nothing of it was kept; the run fails with a message its page shows."""
    run = MatchingRun.objects.select_related("org", "created_by").filter(pk=run_id, status=RunStatus.RUNNING).first()
    if run is None:
        return
    MatchingRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, error=INTERRUPTED, finished_at=timezone.now())
    audit.record("matching.run_interrupted", actor=run.created_by, obj=run, org=run.org, outcome=audit.FAILURE)


@dataclass
class _Computed:
    """The plan as rows to insert (``attname → value``), its counts and timings."""

    pairs: list[dict[str, Any]]
    unassigned: list[dict[str, Any]]
    counts: dict[str, Any]
    timings: dict[str, int]


def _compute_plan(run: MatchingRun) -> _Computed:
    """Load, score, assign and explain — reads only, no transaction held."""
    as_of = dt.date.fromisoformat(run.parameters["as_of"])
    top_k = int(run.parameters["top_k"])
    start = time.perf_counter()
    subtree = {"org__path__startswith": run.org.path}
    # Seekers already in a referral (推荐 or 面试) are being looked after: they wait for its outcome.
    busy = Referral.objects.filter(status__in=(ReferralStatus.RECOMMENDED, ReferralStatus.INTERVIEW))
    seekers = load_seekers(SeekerProfile.objects.filter(**subtree).exclude(pk__in=busy.values("seeker_id")), as_of)
    openings = load_openings(Opening.objects.filter(**subtree), as_of)
    timings = {"load": _elapsed_ms(start)}
    start = time.perf_counter()
    index = engine.build_index(seekers, openings, as_of=as_of)
    index.top_k(top_k)
    timings["score"] = _elapsed_ms(start)
    start = time.perf_counter()
    # The page shows no greedy comparison (the command's summary does): it is not computed here.
    plan = assign.assign(index, k=top_k, compare_greedy=False)
    timings["assign"] = _elapsed_ms(start)
    start = time.perf_counter()
    pairs: list[dict[str, Any]] = []
    if plan.pairs:
        chosen = np.array([[pair.seeker_index, pair.opening_index] for pair in plan.pairs], dtype=np.int64)
        explained = index.explain_pairs(chosen[:, 0], chosen[:, 1])
        pairs = [
            {
                "run_id": run.pk,
                "seeker_id": int(pair.seeker_id),
                "opening_id": opening_pk(pair.opening_id),
                "score": pair.score,
                "parts": parts,
                "reasons": list(reasons),
            }
            for pair, parts, reasons in zip(
                plan.pairs, explained.all_part_values(), explained.all_reasons(), strict=True
            )
        ]
    unassigned = [
        {"run_id": run.pk, "seeker_id": int(seeker_id), "reason": reason[:300]}
        for seeker_id, reason in plan.unassigned.items()
    ]
    timings["explain"] = _elapsed_ms(start)
    counts = {
        "seekers_count": len(seekers),
        "openings_count": len(openings),
        "places_count": sum(opening.openings_left for opening in openings),
        "candidate_pairs": plan.certificate.edges if plan.certificate else 0,
        "assigned_count": len(pairs),
        "unassigned_count": len(unassigned),
        "total_score": plan.total_score,
    }
    return _Computed(pairs, unassigned, counts, timings)


def _store_plan(run: MatchingRun, computed: _Computed) -> int:
    start = time.perf_counter()
    # One executemany a table, values prepared as the fields would: bulk_create's model instance per row
    # and its values compiled one by one cost more than the writes (0.6 of 0.7 s of CPU at 20,000 seekers).
    BulkInserter(ProposedPair).prepare(computed.pairs).execute()
    BulkInserter(UnassignedSeeker).prepare(computed.unassigned).execute()
    # The unit's earlier plans give way to this one: their open pairs can no longer be confirmed.
    MatchingRun.objects.filter(org_id=run.org_id, status=RunStatus.DONE, superseded_by__isnull=True).exclude(
        pk=run.pk
    ).update(superseded_by=run)
    computed.timings["save"] = _elapsed_ms(start)
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, finished_at=timezone.now(), timings=computed.timings, **computed.counts
    )
    return len(computed.pairs)


def _decide(pair: ProposedPair, actor: Any, decision: str, **fields: Any) -> None:
    if not actor.has_perm("matching.confirm_proposedpair"):
        raise ServiceError("您没有确认匹配结果的权限。", status=403)
    # One conditional UPDATE: the pair is still open and its plan still current (a newer run of the
    # unit may have superseded it a moment ago).
    updated = ProposedPair.objects.filter(
        pk=pair.pk, decision=PairDecision.PROPOSED, run__superseded_by__isnull=True
    ).update(decision=decision, decided_by=actor, decided_at=timezone.now(), **fields)
    if updated != 1:
        if MatchingRun.objects.filter(pk=pair.run_id, superseded_by__isnull=False).exists():
            raise ConflictError("该匹配方案已被本单位更新的方案取代，请在新方案中确认。")
        raise ConflictError("该匹配结果已被处理，请刷新后查看。")
    pair.decision = decision


@transaction.atomic
def confirm_pair(*, actor: Any, pair: ProposedPair) -> Referral:
    """A staff member confirms a proposed pair: it becomes a referral (推荐) carrying the reasons shown."""
    _decide(pair, actor, PairDecision.CONFIRMED)
    referral = refer_seeker(
        actor=actor,
        seeker=pair.seeker,
        opening=pair.opening,
        source=ReferralSource.MATCHING,
        score=pair.score,
        reasons=pair.reasons,
    )
    ProposedPair.objects.filter(pk=pair.pk).update(referral=referral)
    pair.referral = referral
    audit.record(
        "matching.pair_confirmed",
        actor=actor,
        obj=pair,
        org=pair.run.org,
        changes={"run": pair.run_id, "referral": referral.pk},
    )
    return referral


@transaction.atomic
def reject_pair(*, actor: Any, pair: ProposedPair) -> ProposedPair:
    """A staff member sets a proposed pair aside; nothing is sent to the seeker or the employer."""
    _decide(pair, actor, PairDecision.REJECTED)
    audit.record("matching.pair_rejected", actor=actor, obj=pair, org=pair.run.org, changes={"run": pair.run_id})
    return pair
