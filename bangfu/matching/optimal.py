"""The min-cost flow over the top-k edges both ways, grown until the plan is proven optimal over every feasible
pair (``solve_over_all_pairs``).

After each flow the prices (``certificate``: potentials read off the residual graph, tightened) are checked against
the pairs left out of the graph: by bounds first (``_suspects``: a pair left out of both top-k lists has a gain of
at most both lists' k-th), then by scoring the pairs that remain (``_left_out_pairs``, district by district). Pairs
within ``NEAR_MARGIN`` of violating join the known edges and the flow is solved again, on the known edges that can
change the plan (``_next_graph``), until no left-out pair could raise the total.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import numpy as np

from .certificate import Certificate, potentials, residual_graph, tightened
from .engine import BoolArray, FloatArray, IntArray, MatchIndex, Picks, TopK
from .engine.index import SCORE_SCALE
from .flows import CandidateEdges, integer_scores, solve_min_cost_flow

# 0.02 of score: measured on the benchmark, it saves a round at 100,000 × 20,000 (3 instead of 4)
# for 1.5 % more edges; a wider margin adds edges without saving more rounds.
NEAR_MARGIN: Final = 20_000
# A re-solve sees the known edges of reduced cost below GROWTH × the largest violation (``_next_graph``).
GROWTH: Final = 3


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
