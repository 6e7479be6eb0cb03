"""Capacity-aware one-to-one assignment: each seeker gets at most one opening, each opening at most
``openings_left`` seekers, and the total score is as large as possible.

Solved as a min-cost flow (``flows``) on each seeker's and each opening's top-k candidate edges first; then
``optimal`` proves the plan optimal over every feasible pair (``certificate``), adding the left-out pairs that could
still raise the total and solving again until none is left (usually one round). Every seeker left out is told why,
re-derived from the feasible pairs.

A greedy alternative (highest score first) is kept for comparison: ``greedy_gap`` reports how much
total score it loses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from . import explain
from .certificate import Certificate
from .engine import BoolArray, IntArray, MatchIndex, TopK
from .engine.index import COUNTED_SCORE
from .flows import CandidateEdges, integer_scores, solve_greedy
from .optimal import solve_over_all_pairs

Method = Literal["min_cost_flow", "greedy"]


@dataclass(frozen=True)
class AssignedPair:
    seeker_index: int
    opening_index: int
    seeker_id: str
    opening_id: str
    score: float


@dataclass(frozen=True)
class Assignment:
    """The pairs made, their total score, and a Chinese reason for every seeker left unassigned.

    ``greedy_total`` is what taking the highest scores first makes over the same edges;
    ``certificate`` (min-cost flow only) says how optimality over every feasible pair was proven.
    """

    method: Method
    pairs: tuple[AssignedPair, ...]
    total_score: float
    unassigned: Mapping[str, str]
    greedy_total: float | None = None
    certificate: Certificate | None = None

    def opening_of(self, seeker_id: str) -> str | None:
        return next((pair.opening_id for pair in self.pairs if pair.seeker_id == seeker_id), None)


def opening_capacities(index: MatchIndex) -> IntArray:
    """Places per opening: ``openings_left`` when open, 0 when expired or full."""
    places = [opening.openings_left if index.open_mask[j] else 0 for j, opening in enumerate(index.openings)]
    return np.array(places, dtype=np.int64)


def positive_candidate_counts(index: MatchIndex, best: TopK, only: BoolArray) -> IntArray:
    """For the seekers ``only`` marks: how many feasible openings have a positive gain for them.

    A list shorter than k holds every feasible opening; a full one needs every pair of the seeker's area, counted by
    the top-k pass as it scored them (``MatchIndex.positive_counts``: no second pass).
    """
    counts = (integer_scores(np.where(best.indices >= 0, best.scores, 0.0)) > 0).sum(axis=1).astype(np.int64)
    full = only & (best.candidate_counts() == best.indices.shape[1])
    if full.any():
        counts[full] = index.positive_counts(full, COUNTED_SCORE)[full]
    return counts


def _unassigned(index: MatchIndex, best: TopK, assigned: BoolArray) -> dict[str, str]:
    """Why each seeker left out is left out, re-derived from the feasible pairs (not the top k alone)."""
    counts = positive_candidate_counts(index, best, ~assigned)
    reasons: dict[str, str] = {}
    without = np.flatnonzero(~assigned & (best.indices[:, 0] < 0))
    reasons.update(zip([index.seekers[i].id for i in without.tolist()], index.no_candidate_reasons(without),
                       strict=True))
    left = np.flatnonzero(~assigned & (best.indices[:, 0] >= 0))
    # Read out of numpy once, not element by element: 0.31 → 0.17 s of CPU for 66,000 seekers (7 Dec 2026).
    opening_ids = [opening.id for opening in index.openings]
    for i, count, named in zip(left.tolist(), counts[left].tolist(), best.indices[left, :3].tolist(), strict=True):
        if count == 0:
            reasons[index.seekers[i].id] = explain.reason_below_zero()
        else:
            reasons[index.seekers[i].id] = explain.reason_outbid(count, [opening_ids[j] for j in named if j >= 0])
    return reasons


def _assignment(
    index: MatchIndex,
    best: TopK,
    edges: CandidateEdges,
    chosen: BoolArray,
    method: Method,
    certificate: Certificate | None,
    greedy_total: float | None,
) -> Assignment:
    made = np.flatnonzero(chosen)
    seekers, openings = edges.seekers[made].tolist(), edges.openings[made].tolist()
    pairs = tuple(
        AssignedPair(i, j, index.seekers[i].id, index.openings[j].id, float(score))
        for i, j, score in zip(seekers, openings, edges.scores[made].tolist(), strict=True)
    )
    assigned = np.zeros(len(index.seekers), dtype=np.bool_)
    assigned[edges.seekers[made]] = True
    total = float(edges.scores[chosen].sum())
    return Assignment(method, pairs, total, _unassigned(index, best, assigned), greedy_total, certificate)


def assign(
    index: MatchIndex, *, k: int = 20, method: Method = "min_cost_flow", compare_greedy: bool = True
) -> Assignment:
    """Assign seekers to openings; ``k`` candidate edges per seeker start the graph.

    ``method="min_cost_flow"`` maximises the total score over every feasible pair (proven by the
    certificate); ``"greedy"`` takes the highest scores first over the top-k edges. ``compare_greedy``
    False leaves the min-cost flow's ``greedy_total`` None (a caller that shows no comparison saves the
    greedy pass over the final graph).
    """
    best = index.top_openings(k)
    capacities = opening_capacities(index)
    if method == "greedy":
        edges = CandidateEdges.from_top_k(best)
        chosen = solve_greedy(edges, capacities)
        return _assignment(index, best, edges, chosen, method, None, float(edges.scores[chosen].sum()))
    edges, chosen, certificate = solve_over_all_pairs(index, k, capacities)
    greedy_total = float(edges.scores[solve_greedy(edges, capacities)].sum()) if compare_greedy else None
    return _assignment(index, best, edges, chosen, method, certificate, greedy_total)


@dataclass(frozen=True)
class GreedyGap:
    optimal_total: float
    greedy_total: float

    @property
    def gap_percent(self) -> float:
        """How much less total score greedy makes, as a percentage of the optimum."""
        if self.optimal_total <= 0:
            return 0.0
        return 100.0 * (self.optimal_total - self.greedy_total) / self.optimal_total

    @classmethod
    def of(cls, plan: Assignment) -> GreedyGap:
        if plan.greedy_total is None:
            raise ValueError("the plan was made with compare_greedy=False: it has no greedy total")
        return cls(plan.total_score, plan.greedy_total)


def greedy_gap(index: MatchIndex, *, k: int = 20) -> GreedyGap:
    """The optimal and the greedy total over the same candidate edges."""
    return GreedyGap.of(assign(index, k=k))
