"""Capacity-aware one-to-one assignment: each seeker gets at most one opening, each opening at most
``openings_left`` seekers, and the total score is as large as possible.

Solved as a min-cost flow (OR-Tools ``SimpleMinCostFlow``) on integer costs
``−round(score × 10⁶)``:

    source ─(cap 1, cost 0)→ seeker ─(cap 1, −score)→ opening ─(cap openings_left, 0)→ sink
    source ─────────────────────(cap = number of seekers, cost 0)─────────────────→ sink

The bypass arc lets a seeker stay unassigned at no cost, so the flow maximises the total score
instead of forcing everyone through. Each seeker's top-k candidate edges enter the graph first; then
``certificate`` proves the plan optimal over every feasible pair, adding the left-out pairs that
could still raise the total and solving again until none is left (usually one round).

A greedy alternative (highest score first) is kept for comparison: ``greedy_gap`` reports how much
total score it loses.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from ortools.graph.python import min_cost_flow

from . import explain
from .certificate import Certificate, potentials, residual_graph, tightened
from .engine import BoolArray, FloatArray, IntArray, MatchIndex, Picks, TopK
from .engine.index import COUNTED_SCORE, SCORE_SCALE

# 0.02 of score: measured on the benchmark, it saves a round at 100,000 × 20,000 (3 instead of 4)
# for 1.5 % more edges; a wider margin adds edges without saving more rounds.
NEAR_MARGIN: Final = 20_000
# A re-solve sees the known edges of reduced cost below GROWTH × the largest violation (``_next_graph``).
GROWTH: Final = 3
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

    @classmethod
    def from_both_top_k(cls, by_seeker: TopK, by_opening: TopK) -> CandidateEdges:
        """Every pair of a per-seeker top-k and of a per-opening top-k, each pair once."""
        rows, ranks = np.nonzero(by_seeker.indices >= 0)
        columns, column_ranks = np.nonzero(by_opening.indices >= 0)
        opening_count = by_opening.indices.shape[0]
        keys = np.concatenate(
            [
                rows.astype(np.int64) * opening_count + by_seeker.indices[rows, ranks],
                by_opening.indices[columns, column_ranks] * opening_count + columns.astype(np.int64),
            ]
        )
        scores = np.concatenate([by_seeker.scores[rows, ranks], by_opening.scores[columns, column_ranks]])
        keys, first = np.unique(keys, return_index=True)
        seekers, openings = np.divmod(keys, opening_count)
        return cls(seekers.astype(np.int64), openings.astype(np.int64), scores[first])

    def __len__(self) -> int:
        return len(self.seekers)

    def keys(self, opening_count: int) -> IntArray:
        """One number per edge (seeker × openings + opening), for membership tests."""
        keys: IntArray = self.seekers * opening_count + self.openings
        return keys

    def plus(self, seekers: IntArray, openings: IntArray, scores: FloatArray) -> CandidateEdges:
        return CandidateEdges(
            np.concatenate([self.seekers, seekers]),
            np.concatenate([self.openings, openings]),
            np.concatenate([self.scores, scores]),
        )


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


def greedy_order(gains: IntArray, seekers: IntArray, openings: IntArray) -> IntArray:
    """``np.lexsort((openings, seekers, -gains))``: highest gain first, then lower seeker, then lower opening.

    Sorted by one integer key when it fits in 64 bits (gains below 10⁸ times seekers × openings: far past
    100,000 × 20,000), else by the lexsort. At 100,000 × 20,000 the greedy comparison over 2.2 million edges took
    1.0–1.1 s of CPU with the lexsort, 0.6 s with one stable argsort of the key (7 Dec 2026). Equal keys keep their
    order in both.
    """
    if not len(gains):
        return np.zeros(0, dtype=np.int64)
    top = int(gains.max())
    opening_span = int(openings.max()) + 1
    pair_span = (int(seekers.max()) + 1) * opening_span
    if (top - int(gains.min()) + 1) * pair_span >= 2**63:
        return np.lexsort((openings, seekers, -gains))
    key = (top - gains.astype(np.int64)) * pair_span + seekers.astype(np.int64) * opening_span + openings
    order: IntArray = np.argsort(key, kind="stable")
    return order


def solve_greedy(edges: CandidateEdges, capacities: IntArray) -> BoolArray:
    """Highest score first (ties: lower seeker, then lower opening index), while places last."""
    chosen = np.zeros(len(edges), dtype=np.bool_)
    gains = integer_scores(edges.scores)
    positive = np.flatnonzero(gains > 0)
    order = positive[greedy_order(gains[positive], edges.seekers[positive], edges.openings[positive])]
    # Plain lists: the loop is sequential by nature, and list indexing is several times faster
    # than indexing numpy arrays one element at a time.
    places = capacities.astype(np.int64).tolist()
    left = sum(places)
    taken: set[int] = set()
    picked: list[int] = []
    for position, seeker, opening in zip(
        order.tolist(), edges.seekers[order].tolist(), edges.openings[order].tolist(), strict=True
    ):
        if seeker in taken or places[opening] <= 0:
            continue
        taken.add(seeker)
        places[opening] -= 1
        picked.append(position)
        left -= 1
        if not left:
            break
    chosen[picked] = True
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


def _left_out_pairs(
    index: MatchIndex,
    in_graph: IntArray,
    suspects: tuple[BoolArray, BoolArray],
    distance: IntArray,
    margin: int,
) -> tuple[CandidateEdges, int]:
    """The left-out pairs (suspect seeker, suspect opening) of gain > 0 whose reduced cost
    ``−g + d(i) − d(j)`` is below ``margin``, and how many of them are below 0 (the violations). ``in_graph``: the
    known edges' keys (``CandidateEdges.keys``), sorted."""
    n, m = len(index.seekers), len(index.openings)
    # Scores are compared inside the scoring blocks one unit of gain below the bound; the exact
    # integer test follows on the few pairs that pass.
    seeker_floor = (distance[:n] - margin - 1) / SCORE_SCALE
    opening_floor = -distance[n : n + m] / SCORE_SCALE

    def scan(pairs: Iterator[Picks]) -> tuple[list[tuple[IntArray, IntArray, FloatArray]], int]:
        found: list[tuple[IntArray, IntArray, FloatArray]] = []
        violations = 0
        for seekers, openings, scores in pairs:
            gains = integer_scores(scores)
            slack = distance[seekers] - distance[n + openings] - gains
            near = np.flatnonzero((gains > 0) & (slack < margin))
            if not len(near):
                continue
            # Pairs in the graph satisfy their own arcs; only left-out ones can violate.
            keys = seekers[near] * m + openings[near]
            place = np.minimum(np.searchsorted(in_graph, keys), max(len(in_graph) - 1, 0))
            near = near[in_graph[place] != keys] if len(in_graph) else near
            violations += int((slack[near] < 0).sum())
            found.append((seekers[near], openings[near], scores[near]))
        return found, violations

    # District by district on the index's threads, gathered in district order: the same pairs in the same order.
    above = (seeker_floor, opening_floor)
    districts = index.map_districts(scan, only=suspects[0], only_openings=suspects[1], above=above)
    found = [part for parts, _ in districts for part in parts]
    violations = sum(count for _, count in districts)
    if not found:
        none = np.zeros(0, dtype=np.int64)
        return CandidateEdges(none, none, np.zeros(0)), 0
    return CandidateEdges(*(np.concatenate(parts) for parts in zip(*found, strict=True))), violations


def left_out_bound(best: TopK) -> IntArray:
    """The highest gain a pair left out of a row's top-k list can have: the k-th gain when the list
    is full, else 0 (a list shorter than k holds every feasible pair of its row)."""
    full = best.candidate_counts() == best.indices.shape[1]
    return integer_scores(np.where(full, best.scores[:, -1], 0.0))


def _suspects(
    index: MatchIndex,
    seeker_bound: IntArray,
    opening_bound: IntArray,
    distance: IntArray,
    capacities: IntArray,
    margin: int,
) -> tuple[BoolArray, BoolArray]:
    """Seekers and openings that may still have a left-out pair of reduced cost below ``margin``.

    A pair left out of both top-k lists has a gain g ≤ ``seeker_bound[i]`` and g ≤
    ``opening_bound[j]``; it can only matter when g > ``d(i) − d(j) − margin``, i.e. when
    ``d(j) > a(i) = d(i) − margin − seeker_bound[i]`` and ``y(j) = d(j) + opening_bound[j] > b(i) =
    d(i) − margin``. In each district a seeker is a suspect when some opening dominates its (a, b)
    (openings sorted by d, the running highest y), an opening when some seeker is dominated by it
    (seekers sorted by a, the running lowest b). The rest are never scored again.
    """
    n, m = len(seeker_bound), len(capacities)
    seeker_d, opening_d = distance[:n], distance[n : n + m]
    a, b = seeker_d - margin - seeker_bound, seeker_d - margin
    y = opening_d + opening_bound
    seeker_ok, opening_ok = seeker_bound > 0, (opening_bound > 0) & (capacities > 0)
    seekers, openings = np.zeros(n, dtype=np.bool_), np.zeros(m, dtype=np.bool_)
    for rows, columns in index.district_members():
        rows, columns = rows[seeker_ok[rows]], columns[opening_ok[columns]]
        if not len(rows) or not len(columns):
            continue
        # Highest y among the openings of d(j) > a(i), for each seeker.
        by_d = columns[np.argsort(opening_d[columns], kind="stable")]
        highest_y = np.maximum.accumulate(y[by_d][::-1])[::-1]
        first_above = np.searchsorted(opening_d[by_d], a[rows], side="right")
        reachable = first_above < len(by_d)
        rows = rows[reachable]
        seekers[rows[highest_y[first_above[reachable]] > b[rows]]] = True
        # Lowest b among the seekers of a(i) < d(j), for each opening.
        by_a = rows[np.argsort(a[rows], kind="stable")] if len(rows) else rows
        if not len(by_a):
            continue
        lowest_b = np.minimum.accumulate(b[by_a])
        below = np.searchsorted(a[by_a], opening_d[columns], side="left")
        reachable = below > 0
        columns = columns[reachable]
        openings[columns[lowest_b[below[reachable] - 1] < y[columns]]] = True
    return seekers, openings


def _reduced_costs(edges: CandidateEdges, distance: IntArray, seeker_count: int) -> IntArray:
    """``−g + d(i) − d(j)`` of every edge: negative where adding the edge could raise the total.
    An edge of gain ≤ 0 never enters a flow and gets 0."""
    gains = integer_scores(edges.scores)
    costs: IntArray = -gains + distance[edges.seekers] - distance[seeker_count + edges.openings]
    costs[gains <= 0] = 0
    return costs


def _next_graph(reduced: IntArray, chosen: BoolArray, in_graph: BoolArray) -> BoolArray:
    """The edges the next flow is solved on: the last graph, the plan's edges, and every known edge of
    reduced cost below ``GROWTH`` times the largest violation.

    Why so few suffice, usually: the last plan f is optimal on its graph, so every residual arc of it
    has a reduced cost ≥ 0, and an optimum over more edges is f plus negative cycles of f's residual
    graph, each through a violating edge; an arc on such a cycle costs less than the violations on
    it. Bounding by their sum would be exact but keeps nearly every edge (137 violations at 100,000
    × 20,000 sum to 0.88 of score); a multiple of the largest keeps a quarter of them. Nothing rests
    on the guess: the edges left out are checked against the new prices like any other, and put back
    when one violates (the graph only grows, so the rounds end).
    """
    violations = reduced[(reduced < 0) & ~chosen]
    bound = max(NEAR_MARGIN, -GROWTH * int(violations.min(initial=0)))
    grown: BoolArray = in_graph | chosen | (reduced < bound)
    return grown


@dataclass(frozen=True)
class LastScan:
    """The prices the last check of the left-out pairs ran under. Every left-out pair it did not return had a
    reduced cost ≥ ``NEAR_MARGIN`` under them, and a pair's reduced cost ``−g + d(i) − d(j)`` moves by its seeker's
    change of price minus its opening's: it can have come within the margin only where a seeker's price fell or an
    opening's rose. Only those seekers' pairs and those openings' pairs need scoring again; the others' reduced
    costs did not fall (at 100,000 × 20,000 fewer than 1 % of either moved between rounds)."""

    prices: IntArray
    seekers: int
    openings: int

    def moved(self, distance: IntArray, seeker_count: int, opening_count: int) -> tuple[BoolArray, BoolArray]:
        """(seekers whose price fell, openings whose price rose) since this scan."""
        change = distance - self.prices
        return change[:seeker_count] < 0, change[seeker_count : seeker_count + opening_count] > 0


def _scan(
    index: MatchIndex,
    edges: CandidateEdges,
    suspects: tuple[BoolArray, BoolArray],
    distance: IntArray,
    last: LastScan | None,
) -> tuple[CandidateEdges, int, LastScan, bool]:
    """The left-out pairs within ``NEAR_MARGIN`` of violating, the violations among them, this scan, and whether
    only the pairs whose prices moved were scored (then the pairs come sorted by seeker and opening)."""
    n, m = len(index.seekers), len(index.openings)
    seekers, openings = suspects
    in_graph = np.sort(edges.keys(m))
    if last is None:
        near, violations = _left_out_pairs(index, in_graph, suspects, distance, NEAR_MARGIN)
        scanned = (int(seekers.sum()), int(openings.sum()))
    else:
        fell, rose = last.moved(distance, n, m)
        # The moved seekers with every suspect opening, then the other suspect seekers with the moved openings.
        first = _left_out_pairs(index, in_graph, (seekers & fell, openings), distance, NEAR_MARGIN)
        second = _left_out_pairs(index, in_graph, (seekers & ~fell, openings & rose), distance, NEAR_MARGIN)
        near = first[0].plus(second[0].seekers, second[0].openings, second[0].scores)
        violations = first[1] + second[1]
        scanned = (int((seekers & fell).sum()), int((openings & rose).sum()))
        # One order whatever was scored again (a full scan's is by district and block), so that which of two
        # equally good plans the flow settles on does not depend on which seekers' prices moved.
        order = np.argsort(near.keys(m), kind="stable")
        near = CandidateEdges(near.seekers[order], near.openings[order], near.scores[order])
    return near, violations, LastScan(distance, *scanned), last is not None


def solve_over_all_pairs(
    index: MatchIndex, k: int, capacities: IntArray, max_rounds: int = 50
) -> tuple[CandidateEdges, BoolArray, Certificate]:
    """The min-cost flow over the top-k edges both ways, grown until the plan is optimal over every
    feasible pair.

    The first flow is solved on every known edge (the top k both ways). Then the left-out pairs are
    scanned under the flow's prices; those within ``NEAR_MARGIN`` of violating join the known edges
    (prices move when the flow is solved again, and taking the near ones at once saves rounds). Later
    flows are solved on the few known edges that can change the plan (``_next_graph``); the known
    edges such a flow did not see are checked by their reduced costs first (cheap), and only when none
    violates are the left-out pairs scanned again, only those of the seekers and openings whose prices moved
    the wrong way since the last scan (``LastScan``). No violation anywhere ends it.
    """
    n = len(index.seekers)
    by_seeker, by_opening = index.top_k(k)
    edges = CandidateEdges.from_both_top_k(by_seeker, by_opening)
    seeker_bound, opening_bound = left_out_bound(by_seeker), left_out_bound(by_opening)
    in_graph = np.ones(len(edges), dtype=np.bool_)
    last: LastScan | None = None
    added = 0
    for round_number in range(1, max_rounds + 1):
        graph = CandidateEdges(edges.seekers[in_graph], edges.openings[in_graph], edges.scores[in_graph])
        chosen = np.zeros(len(edges), dtype=np.bool_)
        chosen[np.flatnonzero(in_graph)[solve_min_cost_flow(graph, capacities)]] = True
        gains = integer_scores(graph.scores)
        on_graph = chosen[in_graph]
        residual = residual_graph(graph.seekers, graph.openings, gains, on_graph, capacities, n)
        distance = tightened(potentials(residual), graph.seekers, graph.openings, gains, on_graph, capacities, n)
        reduced = _reduced_costs(edges, distance, n)
        if (reduced[~in_graph] < 0).any():  # a known edge the last flow did not see
            in_graph = _next_graph(reduced, chosen, in_graph)
            continue
        suspects = _suspects(index, seeker_bound, opening_bound, distance, capacities, NEAR_MARGIN)
        near, violations, last, only_moved = _scan(index, edges, suspects, distance, last)
        if not violations:
            scanned = (last.seekers, last.openings)
            return edges, chosen, Certificate(round_number, len(edges), added, *scanned, only_moved)
        edges = edges.plus(near.seekers, near.openings, near.scores)
        chosen = np.concatenate([chosen, np.zeros(len(near), dtype=np.bool_)])
        reduced = np.concatenate([reduced, _reduced_costs(near, distance, n)])
        # The next graph: the new pairs and the known edges that may change the plan. Each scan adds
        # pairs never known before and between scans the graph only grows, so the rounds end.
        fresh = np.zeros(len(edges), dtype=np.bool_)
        fresh[len(edges) - len(near) :] = True
        in_graph = _next_graph(reduced, chosen, fresh)
        added += len(near)
    raise RuntimeError(f"分配在 {max_rounds} 轮内未能证明最优")


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
