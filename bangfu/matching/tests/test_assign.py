"""Min-cost-flow assignment: optimal against linear_sum_assignment, capacities, reasons, greedy gap."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from bangfu.matching.assign import GreedyGap, assign, greedy_gap, opening_capacities
from bangfu.matching.engine import MatchIndex, Opening, Seeker
from bangfu.matching.flows import CandidateEdges, greedy_order, integer_scores, solve_greedy, solve_min_cost_flow
from bangfu.matching.tests.instances import AS_OF, random_instance


def best_total_by_hungarian(edges: CandidateEdges, seekers: int, capacities: np.ndarray) -> int:
    """The optimum by linear_sum_assignment: one column per place, plus one "unassigned" column
    per seeker (worth 0)."""
    place_owner = np.repeat(np.arange(len(capacities)), capacities)
    gains = np.zeros((seekers, len(place_owner) + seekers), dtype=np.int64)
    for seeker, opening, gain in zip(edges.seekers, edges.openings, integer_scores(edges.scores), strict=True):
        gains[seeker, : len(place_owner)][place_owner == opening] = max(gain, 0)
    rows, columns = linear_sum_assignment(gains, maximize=True)
    return int(gains[rows, columns].sum())


def check_feasible(edges: CandidateEdges, chosen: np.ndarray, capacities: np.ndarray) -> None:
    seekers = edges.seekers[chosen]
    assert len(set(seekers.tolist())) == len(seekers)
    used = np.bincount(edges.openings[chosen], minlength=len(capacities))
    assert (used <= capacities).all()


@pytest.mark.parametrize("seed", range(15))
def test_min_cost_flow_is_optimal_on_random_edges(seed: int) -> None:
    rng = np.random.default_rng(seed)
    seekers, openings = 9, 6
    mask = rng.random((seekers, openings)) < 0.5
    rows, columns = np.nonzero(mask)
    scores = np.round(rng.random(len(rows)), 3)
    edges = CandidateEdges(rows.astype(np.int64), columns.astype(np.int64), scores)
    capacities = rng.integers(0, 3, openings).astype(np.int64)
    chosen = solve_min_cost_flow(edges, capacities)
    check_feasible(edges, chosen, capacities)
    assert int(integer_scores(edges.scores[chosen]).sum()) == best_total_by_hungarian(edges, seekers, capacities)
    greedy = solve_greedy(edges, capacities)
    check_feasible(edges, greedy, capacities)
    assert integer_scores(edges.scores[greedy]).sum() <= integer_scores(edges.scores[chosen]).sum()


@pytest.mark.parametrize("seed", range(6))
def test_assignment_on_engine_candidates_is_optimal(seed: int) -> None:
    seekers, openings = random_instance(seed, 25, 30)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    result = assign(index, k=5)
    edges = CandidateEdges.from_top_k(index.top_openings(5))
    capacities = np.array([o.openings_left if index.open_mask[j] else 0 for j, o in enumerate(openings)])
    total = int(integer_scores(np.array([pair.score for pair in result.pairs])).sum())
    assert total == best_total_by_hungarian(edges, len(seekers), capacities)
    assert len(result.pairs) + len(result.unassigned) == len(seekers)
    per_opening = np.bincount([pair.opening_index for pair in result.pairs], minlength=len(openings))
    assert (per_opening <= capacities).all()


def test_the_flow_leaves_seekers_unassigned_rather_than_lowering_the_total() -> None:
    # One place: the flow takes the better seeker; the other stays out instead of being forced in.
    edges = CandidateEdges(np.array([0, 1]), np.array([0, 0]), np.array([0.4, 0.9]))
    chosen = solve_min_cost_flow(edges, np.array([1]))
    assert chosen.tolist() == [False, True]


def test_greedy_loses_where_the_flow_does_not() -> None:
    # Seeker 0 likes both openings; seeker 1 only opening 0. Greedy gives 0 to seeker 0 first.
    edges = CandidateEdges(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([0.9, 0.8, 0.85]))
    capacities = np.array([1, 1])
    assert solve_greedy(edges, capacities).tolist() == [True, False, False]
    assert solve_min_cost_flow(edges, capacities).tolist() == [False, True, True]


def seeker(name: str, **changes: object) -> Seeker:
    fields: dict[str, object] = {"id": name, "districts": {"440106"}, "home_district": "440106", "tags": {"叉车"}}
    fields.update(changes)
    return Seeker(**fields)  # type: ignore[arg-type]


def opening(name: str, **changes: object) -> Opening:
    fields: dict[str, object] = {"id": name, "district": "440106", "wage_max_fen": 500000, "tags": {"叉车"}}
    fields.update(changes)
    return Opening(**fields)  # type: ignore[arg-type]


def test_unassigned_seekers_get_a_chinese_reason() -> None:
    seekers = [
        seeker("S1", employment_difficulty=True),
        seeker("S2"),
        seeker("S3", districts={"440105"}),
        seeker("S4", wage_floor_fen=900000),
    ]
    openings = [opening("J1"), opening("J2", district="440113", wage_max_fen=300000, openings_left=0)]
    result = assign(MatchIndex(seekers, openings, as_of=AS_OF), k=5)
    assert [(pair.seeker_id, pair.opening_id) for pair in result.pairs] == [("S1", "J1")]
    assert result.unassigned == {
        "S2": "候选岗位 1 个（J1）均已分配给总分更高的组合",
        "S3": "没有岗位通过筛选：排除最多的是「不在可接受区域」（2/2 个岗位）",
        "S4": "没有岗位通过筛选：排除最多的是「工资低于期望」（2/2 个岗位）",
    }
    assert result.opening_of("S1") == "J1"
    assert result.opening_of("S2") is None


def test_no_openings_at_all() -> None:
    result = assign(MatchIndex([seeker("S1")], [], as_of=AS_OF))
    assert result.pairs == ()
    assert result.unassigned == {"S1": "没有在招岗位"}


def test_greedy_gap_reports_the_lost_share() -> None:
    seekers = [seeker("S1", tags={"叉车", "仓储"}), seeker("S2")]
    openings = [opening("J1", tags={"叉车", "仓储"}), opening("J2", tags={"仓储"})]
    gap = greedy_gap(MatchIndex(seekers, openings, as_of=AS_OF), k=5)
    assert gap.optimal_total >= gap.greedy_total
    assert gap.gap_percent == pytest.approx(100 * (gap.optimal_total - gap.greedy_total) / gap.optimal_total)
    greedy = assign(MatchIndex(seekers, openings, as_of=AS_OF), k=5, method="greedy")
    assert greedy.method == "greedy"
    assert greedy.total_score == pytest.approx(gap.greedy_total)


def test_a_plan_without_the_greedy_comparison_is_the_same_plan() -> None:
    """The page shows no greedy total: ``compare_greedy=False`` skips that pass and changes nothing else."""
    seekers, openings = random_instance(7, 50, 12)
    compared = assign(MatchIndex(seekers, openings, as_of=AS_OF), k=3)
    plain = assign(MatchIndex(seekers, openings, as_of=AS_OF), k=3, compare_greedy=False)
    assert plain.greedy_total is None and compared.greedy_total is not None
    assert (plain.pairs, plain.total_score, plain.unassigned, plain.certificate) == (
        compared.pairs, compared.total_score, compared.unassigned, compared.certificate
    )
    with pytest.raises(ValueError, match="no greedy total"):
        GreedyGap.of(plain)


@pytest.mark.parametrize("top_gain", [10**7, 2**50])  # one key; past 64 bits, np.lexsort itself
def test_greedy_order_is_the_lexsort_by_gain_seeker_opening(top_gain: int) -> None:
    """Highest gain first, then lower seeker, then lower opening; equal triples keep their order."""
    rng = np.random.default_rng(13)
    n = 20_000
    gains = rng.integers(1, 40, n) * (top_gain // 40)  # few distinct gains: many ties for the seeker and opening
    seekers = rng.integers(0, 3_000, n).astype(np.int64)
    openings = rng.integers(0, 500, n).astype(np.int64)
    seekers[-50:], openings[-50:], gains[-50:] = seekers[:50], openings[:50], gains[:50]  # repeated pairs
    expected = np.lexsort((openings, seekers, -gains))
    assert greedy_order(gains, seekers, openings).tolist() == expected.tolist()
    assert greedy_order(gains[:0], seekers[:0], openings[:0]).tolist() == []


def reference_greedy(edges: CandidateEdges, capacities: np.ndarray) -> list[bool]:
    """Highest integer gain first, one edge at a time, as the definition says."""
    gains = integer_scores(edges.scores)
    places = capacities.tolist()
    taken: set[int] = set()
    chosen = [False] * len(edges)
    for e in sorted(range(len(edges)), key=lambda e: (-gains[e], edges.seekers[e], edges.openings[e])):
        seeker, opening = int(edges.seekers[e]), int(edges.openings[e])
        if gains[e] > 0 and seeker not in taken and places[opening] > 0:
            taken.add(seeker)
            places[opening] -= 1
            chosen[e] = True
    return chosen


def test_greedy_equals_the_reference_on_a_generated_instance() -> None:
    index = MatchIndex(*random_instance(13, 400, 120), as_of=AS_OF)
    edges = CandidateEdges.from_top_k(index.top_openings(20))
    capacities = opening_capacities(index)
    assert solve_greedy(edges, capacities).tolist() == reference_greedy(edges, capacities)
