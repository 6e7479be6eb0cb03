"""Capacity-aware one-to-one assignment: each seeker gets at most one opening, each opening at most
``openings_left`` seekers, and the total score is as large as possible.

Solved as a min-cost flow (OR-Tools ``SimpleMinCostFlow``) on integer costs
``−round(score × 10⁶)``:

    source ─(cap 1, cost 0)→ seeker ─(cap 1, −score)→ opening ─(cap openings_left, 0)→ sink
    source ─────────────────────(cap = number of seekers, cost 0)─────────────────→ sink

The bypass arc lets a seeker stay unassigned at no cost, so the flow maximises the total score
instead of forcing everyone through. Only each seeker's top-k candidate edges enter the graph.

A greedy alternative (highest score first) is kept for comparison: ``greedy_gap`` reports how much
total score it loses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from ortools.graph.python import min_cost_flow

from . import explain
from .engine import BoolArray, FloatArray, IntArray, MatchIndex, TopK

SCORE_SCALE: Final = 1_000_000
Method = Literal["min_cost_flow", "greedy"]


@dataclass(frozen=True)
class CandidateEdges:
    """Seeker–opening pairs that may be assigned, with their scores (parallel arrays)."""

    seekers: IntArray
    openings: IntArray
    scores: FloatArray

    @classmethod
    def from_top_k(cls, best: TopK) -> CandidateEdges:
        """Every (row, candidate) of a per-seeker top-k."""
        rows, ranks = np.nonzero(best.indices >= 0)
        return cls(rows.astype(np.int64), best.indices[rows, ranks], best.scores[rows, ranks])

    def __len__(self) -> int:
        return len(self.seekers)


def integer_scores(scores: FloatArray) -> IntArray:
    """Scores as the integers the flow optimises: ``round(score × 10⁶)``."""
    return np.rint(scores * SCORE_SCALE).astype(np.int64)


def solve_min_cost_flow(edges: CandidateEdges, capacities: IntArray) -> BoolArray:
    """Which edges an assignment of maximal total integer score uses.

    ``capacities[j]`` is opening j's number of places. Edges of integer score ≤ 0 are never used:
    they cannot raise the total.
    """
    chosen = np.zeros(len(edges), dtype=np.bool_)
    gains = integer_scores(edges.scores)
    usable = np.flatnonzero((gains > 0) & (capacities[edges.openings] > 0))
    if not len(usable):
        return chosen
    # Node numbers: 0 source, then one per seeker index, one per opening index, then the sink.
    # Indices are used directly (no np.unique over millions of edges); nodes without arcs are inert.
    seeker_count = int(edges.seekers[usable].max()) + 1
    opening_count = len(capacities)
    source, sink = 0, 1 + seeker_count + opening_count
    seekers = np.flatnonzero(np.bincount(edges.seekers[usable], minlength=seeker_count))
    openings = np.flatnonzero(np.bincount(edges.openings[usable], minlength=opening_count))

    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        1 + edges.seekers[usable],
        1 + seeker_count + edges.openings[usable],
        np.ones(len(usable), np.int64),
        -gains[usable],
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(len(seekers), source, np.int64),
        1 + seekers,
        np.ones(len(seekers), np.int64),
        np.zeros(len(seekers), np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        1 + seeker_count + openings,
        np.full(len(openings), sink, np.int64),
        capacities[openings].astype(np.int64),
        np.zeros(len(openings), np.int64),
    )
    # The bypass: seekers may stay unassigned at no cost, so the flow maximises the total score.
    flow.add_arc_with_capacity_and_unit_cost(source, sink, len(seekers), 0)
    flow.set_node_supply(source, len(seekers))
    flow.set_node_supply(sink, -len(seekers))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    chosen[usable] = flow.flows(pair_arcs) > 0
    return chosen


def solve_greedy(edges: CandidateEdges, capacities: IntArray) -> BoolArray:
    """Highest score first (ties: lower seeker, then lower opening index), while places last."""
    chosen = np.zeros(len(edges), dtype=np.bool_)
    gains = integer_scores(edges.scores)
    order = np.lexsort((edges.openings, edges.seekers, -gains))
    places = capacities.astype(np.int64).copy()
    taken: set[int] = set()
    seekers, openings = edges.seekers.tolist(), edges.openings.tolist()
    for position in order.tolist():
        if gains[position] <= 0:
            break
        seeker, opening = seekers[position], openings[position]
        if seeker in taken or places[opening] <= 0:
            continue
        taken.add(seeker)
        places[opening] -= 1
        chosen[position] = True
    return chosen


@dataclass(frozen=True)
class AssignedPair:
    seeker_index: int
    opening_index: int
    seeker_id: str
    opening_id: str
    score: float


@dataclass(frozen=True)
class Assignment:
    """The pairs made, their total score, and a Chinese reason for every seeker left unassigned."""

    method: Method
    pairs: tuple[AssignedPair, ...]
    total_score: float
    unassigned: Mapping[str, str]

    def opening_of(self, seeker_id: str) -> str | None:
        return next((pair.opening_id for pair in self.pairs if pair.seeker_id == seeker_id), None)


def opening_capacities(index: MatchIndex) -> IntArray:
    """Places per opening: ``openings_left`` when open, 0 when expired or full."""
    places = [opening.openings_left if index.open_mask[j] else 0 for j, opening in enumerate(index.openings)]
    return np.array(places, dtype=np.int64)


def _unassigned_reason(index: MatchIndex, seeker_index: int, candidate_edges: list[int], edges: CandidateEdges) -> str:
    if not candidate_edges:
        return index.why_no_candidate(seeker_index)
    if (integer_scores(edges.scores[candidate_edges]) <= 0).all():
        return explain.reason_below_zero()
    ids = [index.openings[int(edges.openings[e])].id for e in candidate_edges]
    return explain.reason_outbid(ids)


def _assignment(index: MatchIndex, edges: CandidateEdges, chosen: BoolArray, method: Method) -> Assignment:
    pairs = tuple(
        AssignedPair(
            int(edges.seekers[e]),
            int(edges.openings[e]),
            index.seekers[int(edges.seekers[e])].id,
            index.openings[int(edges.openings[e])].id,
            float(edges.scores[e]),
        )
        for e in np.flatnonzero(chosen)
    )
    assigned = {pair.seeker_index for pair in pairs}
    edges_of: dict[int, list[int]] = {}
    for e, seeker in enumerate(edges.seekers.tolist()):
        edges_of.setdefault(seeker, []).append(e)
    unassigned = {
        seeker.id: _unassigned_reason(index, i, edges_of.get(i, []), edges)
        for i, seeker in enumerate(index.seekers)
        if i not in assigned
    }
    total = float(edges.scores[chosen].sum())
    return Assignment(method, pairs, total, unassigned)


def assign(index: MatchIndex, *, k: int = 20, method: Method = "min_cost_flow") -> Assignment:
    """Assign seekers to openings over each seeker's top-k candidates.

    ``method="min_cost_flow"`` maximises the total score; ``"greedy"`` takes the highest scores first.
    """
    edges = CandidateEdges.from_top_k(index.top_openings(k))
    capacities = opening_capacities(index)
    solve = solve_min_cost_flow if method == "min_cost_flow" else solve_greedy
    return _assignment(index, edges, solve(edges, capacities), method)


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


def greedy_gap(index: MatchIndex, *, k: int = 20) -> GreedyGap:
    """The optimal and the greedy total over the same candidate edges."""
    edges = CandidateEdges.from_top_k(index.top_openings(k))
    capacities = opening_capacities(index)
    optimal = edges.scores[solve_min_cost_flow(edges, capacities)].sum()
    greedy = edges.scores[solve_greedy(edges, capacities)].sum()
    return GreedyGap(float(optimal), float(greedy))
