"""The plan is optimal over every feasible pair, not only each seeker's top k; reasons are true."""

from __future__ import annotations

import numpy as np
import pytest

from bangfu.matching import optimal
from bangfu.matching.assign import assign, opening_capacities
from bangfu.matching.certificate import potentials, residual_graph, tightened
from bangfu.matching.engine import MatchIndex, reference_candidates
from bangfu.matching.flows import CandidateEdges, integer_scores
from bangfu.matching.tests.instances import AS_OF, random_instance
from bangfu.matching.tests.test_assign import best_total_by_hungarian


def all_feasible(index: MatchIndex) -> CandidateEdges:
    """Every pair that passes the filters, by the plain double loop (independent of the index)."""
    found = list(reference_candidates(index.seekers, index.openings, as_of=AS_OF, corpus=index.corpus))
    rows, columns, scores = zip(*found, strict=True) if found else ((), (), ())
    return CandidateEdges(np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64), np.array(scores))


@pytest.mark.parametrize("seed", range(8))
def test_the_plan_equals_an_independent_optimum_over_all_feasible_pairs(seed: int) -> None:
    seekers, openings = random_instance(seed, 40, 12)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    capacities = opening_capacities(index)
    plan = assign(index, k=1)  # one edge a seeker: the top-k graph alone is rarely optimal
    feasible = all_feasible(index)
    optimum = best_total_by_hungarian(feasible, len(seekers), capacities)
    assert int(integer_scores(np.array([pair.score for pair in plan.pairs])).sum()) == optimum
    assert plan.certificate is not None
    # A scan happened: of every suspect pair, or in a later round only of those whose prices moved (maybe none).
    assert plan.certificate.scanned_seekers > 0 or plan.certificate.only_moved


@pytest.mark.parametrize("seed", range(8))
def test_no_one_is_left_out_while_a_feasible_opening_has_room_and_reasons_are_true(seed: int) -> None:
    seekers, openings = random_instance(seed + 100, 40, 12)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    capacities = opening_capacities(index)
    plan = assign(index, k=1)
    used = np.bincount([pair.opening_index for pair in plan.pairs], minlength=len(openings))
    feasible = all_feasible(index)
    positive = integer_scores(feasible.scores) > 0
    for i, seeker in enumerate(seekers):
        if seeker.id not in plan.unassigned:
            continue
        reason = plan.unassigned[seeker.id]
        mine = feasible.openings[(feasible.seekers == i) & positive]
        assert (used[mine] >= capacities[mine]).all(), (seeker.id, reason)
        if not (feasible.seekers == i).any():
            assert reason.startswith("没有")
        elif len(mine):
            assert reason.startswith(f"候选岗位 {len(mine)} 个（")
            assert reason.endswith("均已分配给总分更高的组合")


def test_potentials_price_every_residual_arc_non_negatively() -> None:
    seekers, openings = random_instance(7, 30, 10)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    plan = assign(index, k=3)
    edges = all_feasible(index)
    chosen = np.zeros(len(edges), dtype=np.bool_)
    made = {(pair.seeker_index, pair.opening_index) for pair in plan.pairs}
    chosen[[k for k, (i, j) in enumerate(zip(edges.seekers, edges.openings, strict=True)) if (i, j) in made]] = True
    graph = residual_graph(
        edges.seekers, edges.openings, integer_scores(edges.scores), chosen, opening_capacities(index), len(seekers)
    )
    distance = potentials(graph)
    assert (graph.costs + distance[graph.tails] - distance[graph.heads] >= 0).all()
    gains, capacities = integer_scores(edges.scores), opening_capacities(index)
    tight = tightened(distance, edges.seekers, edges.openings, gains, chosen, capacities, len(seekers))
    assert (graph.costs + tight[graph.tails] - tight[graph.heads] >= 0).all()
    assert (tight != distance).any()


def test_a_re_solve_sees_fewer_edges_and_the_plan_is_still_the_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first flow, later flows are solved on the edges that may change the plan only; the
    edges they did not see are checked against their prices, so the total is still the optimum."""
    sizes: list[int] = []
    solve = optimal.solve_min_cost_flow

    def recording(edges: CandidateEdges, capacities: np.ndarray) -> np.ndarray:
        sizes.append(len(edges))
        return solve(edges, capacities)

    monkeypatch.setattr(optimal, "solve_min_cost_flow", recording)
    re_solved = 0
    for seed in range(12):
        sizes.clear()
        seekers, openings = random_instance(seed + 200, 60, 15)
        index = MatchIndex(seekers, openings, as_of=AS_OF)
        plan = assign(index, k=2)
        optimum = best_total_by_hungarian(all_feasible(index), len(seekers), opening_capacities(index))
        assert int(integer_scores(np.array([pair.score for pair in plan.pairs])).sum()) == optimum
        assert plan.certificate is not None and plan.certificate.rounds == len(sizes)
        assert max(sizes) <= plan.certificate.edges
        re_solved += len(sizes) > 1 and max(sizes[1:]) < plan.certificate.edges
    assert re_solved  # some instances need a second flow, and it sees fewer edges than are known


def test_a_later_scan_scores_only_the_pairs_whose_prices_moved_and_finds_what_a_full_scan_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A scan after the first scores only the pairs of seekers whose price fell and of openings whose price rose (the
    others' reduced costs cannot have fallen): the plan is the one scanning every suspect pair again gives, pair for
    pair, and still the optimum."""
    only_moved = 0
    for seed in range(30):
        seekers, openings = random_instance(seed + 200, 60, 15)
        index = MatchIndex(seekers, openings, as_of=AS_OF)
        with monkeypatch.context() as every_pair:
            # Every seeker and opening counted as moved: every later scan scores every suspect pair.
            def everything(self: object, distance: np.ndarray, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
                return np.ones(n, dtype=np.bool_), np.ones(m, dtype=np.bool_)

            every_pair.setattr(optimal.LastScan, "moved", everything)
            rescanned = assign(index, k=2)
        plan = assign(index, k=2)
        assert plan.pairs == rescanned.pairs and plan.total_score == rescanned.total_score
        assert plan.certificate is not None and rescanned.certificate is not None
        assert plan.certificate.rounds == rescanned.certificate.rounds
        optimum = best_total_by_hungarian(all_feasible(index), len(seekers), opening_capacities(index))
        assert int(integer_scores(np.array([pair.score for pair in plan.pairs])).sum()) == optimum
        if plan.certificate.only_moved:
            only_moved += 1
            assert plan.certificate.scanned_seekers <= rescanned.certificate.scanned_seekers
    assert only_moved >= 5  # later rounds happen, and they scanned only what moved


def test_the_last_scan_names_the_seekers_whose_price_fell_and_the_openings_whose_price_rose() -> None:
    last = optimal.LastScan(np.array([5, 5, 5, 7, 7, 7, 0, 0]), 3, 3)
    fell, rose = last.moved(np.array([4, 5, 9, 8, 7, 1, 0, 0]), 3, 3)
    assert fell.tolist() == [True, False, False]
    assert rose.tolist() == [True, False, False]


def test_the_scan_of_left_out_pairs_finds_the_same_on_threads_as_in_line() -> None:
    """The districts of the scan run on the index's threads on the page, in line in the command (its child holds
    the other core): the same pairs in the same order, so the same plan and proof."""
    for seed in range(8):
        seekers, openings = random_instance(seed + 300, 60, 15)
        plans = []
        for workers in (1, 4):
            index = MatchIndex(seekers, openings, as_of=AS_OF, workers=workers)
            plans.append(assign(index, k=1))
        assert plans[0].pairs == plans[1].pairs and plans[0].certificate == plans[1].certificate
        assert plans[0].total_score == plans[1].total_score
