"""A proof that a plan solved over some candidate edges is optimal over every feasible pair.

The min-cost flow is exact on the edges it is given, but only each seeker's top k enter it. After
solving, node potentials ``d`` are read off the residual graph (shortest distances from a virtual
root with zero-cost arcs to every node, by Bellman–Ford, which converges because an optimal flow
leaves no negative cycle). Under them every residual arc has a non-negative reduced cost. An edge
left out of the graph, seeker i → opening j with integer gain g, would have the reduced cost
``−g + d(i) − d(j)``: if no feasible pair that was left out has a negative one, adding all of them
changes nothing and the plan is optimal over the whole feasible graph (the LP dual is feasible,
complementary slackness holds). Pairs of gain 0 never raise a total and are not needed.

Checking every left-out pair is a blocked pass like the top-k one, but most seekers are cleared
without it: a seeker whose list is not full already has every feasible pair in the graph, and one
whose k-th gain is ≤ ``d(i) − max_j d(j)`` cannot have a violating pair. The remaining seekers are
scanned; violating pairs are added to the graph and the flow is solved again until none is left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import BoolArray, IntArray


@dataclass(frozen=True)
class Certificate:
    """How optimality over every feasible pair was proven: rounds of solving, pairs added to the
    top-k graph, and the seekers and openings whose pairs were scored again in the last round (the
    others were cleared by their k-th scores, or, when ``only_moved``, because their prices had not
    moved since the round before in a way that could lower a reduced cost). It exists only when no
    left-out pair can raise the total."""

    rounds: int
    edges: int
    added_edges: int
    scanned_seekers: int
    scanned_openings: int
    only_moved: bool = False


@dataclass(frozen=True)
class Residual:
    """The residual graph of a solved flow as arc arrays, nodes numbered seekers, openings, s, t."""

    tails: IntArray
    heads: IntArray
    costs: IntArray
    nodes: int


def residual_graph(
    seekers: IntArray,
    openings: IntArray,
    gains: IntArray,
    chosen: BoolArray,
    capacities: IntArray,
    seeker_count: int,
) -> Residual:
    """Residual arcs of the flow ``source → seeker → opening → sink`` (plus the bypass)."""
    n, m = seeker_count, len(capacities)
    source, sink = n + m, n + m + 1
    usable = (gains > 0) & (capacities[openings] > 0)
    free = usable & ~chosen
    tails = [seekers[free], n + openings[chosen]]
    heads = [n + openings[free], seekers[chosen]]
    costs = [-gains[free], gains[chosen]]
    assigned = np.zeros(n, dtype=np.bool_)
    assigned[seekers[chosen]] = True
    used = np.bincount(openings[chosen], minlength=m)
    everyone = np.arange(n, dtype=np.int64)
    places = np.arange(m, dtype=np.int64)
    tails += [np.full(int((~assigned).sum()), source), everyone[assigned]]
    heads += [everyone[~assigned], np.full(int(assigned.sum()), source)]
    room, taken = places[(used < capacities) & (capacities > 0)], places[used > 0]
    tails += [n + room, np.full(len(taken), sink)]
    heads += [np.full(len(room), sink), n + taken]
    # The bypass carries everyone left unassigned: both directions are open when some are, and
    # the forward one whenever anybody is assigned.
    bypass_tails, bypass_heads = [], []
    if assigned.any():
        bypass_tails.append(source)
        bypass_heads.append(sink)
    if (~assigned).any():
        bypass_tails.append(sink)
        bypass_heads.append(source)
    tails.append(np.array(bypass_tails, dtype=np.int64))
    heads.append(np.array(bypass_heads, dtype=np.int64))
    zeros = sum(len(t) for t in tails[2:])
    costs.append(np.zeros(zeros, dtype=np.int64))
    return Residual(
        np.concatenate(tails).astype(np.int64),
        np.concatenate(heads).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
        n + m + 2,
    )


def potentials(graph: Residual) -> IntArray:
    """Shortest distances from a virtual root (zero-cost arcs to every node), by Bellman–Ford.

    Each round relaxes all arcs at once: arcs sorted by head, ``np.minimum.reduceat`` per head.
    """
    distance = np.zeros(graph.nodes, dtype=np.int64)
    if not len(graph.tails):
        return distance
    order = np.argsort(graph.heads, kind="stable")
    tails, heads, costs = graph.tails[order], graph.heads[order], graph.costs[order]
    starts = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]])
    targets = heads[starts]
    for _ in range(graph.nodes + 1):
        best = np.minimum.reduceat(distance[tails] + costs, starts)
        improved = best < distance[targets]
        if not improved.any():
            return distance
        distance[targets[improved]] = best[improved]
    raise RuntimeError("negative cycle in the residual graph: the flow is not optimal")


def tightened(
    distance: IntArray,
    seekers: IntArray,
    openings: IntArray,
    gains: IntArray,
    chosen: BoolArray,
    capacities: IntArray,
    seeker_count: int,
) -> IntArray:
    """Potentials that clear the most left-out pairs while every residual arc stays non-negative.

    The root's zero-cost arcs are not arcs of the graph, so Bellman–Ford leaves nodes as close to 0
    as they can be; a left-out pair is cleared when d(seeker) is high and d(opening) low. An opening
    with room can go down to d(sink) (its only outgoing arc when it has no flow is the one to the
    sink; with flow it equals d(sink) already), and an assigned seeker up to d(its opening) + gain
    (its only incoming arc). In LP terms: price 0 for an opening with room, and each assigned seeker
    keeps what its pair earns above its opening's price.
    """
    n, m = seeker_count, len(capacities)
    sink = n + m + 1
    distance = distance.copy()
    used = np.bincount(openings[chosen], minlength=m)
    room = np.flatnonzero((used < capacities) & (capacities > 0))
    distance[n + room] = distance[sink]
    assigned_seekers, assigned_openings = seekers[chosen], openings[chosen]
    distance[assigned_seekers] = distance[n + assigned_openings] + gains[chosen]
    return distance
