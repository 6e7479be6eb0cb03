"""The vectorised index equals the reference double loop on random instances."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from bangfu.matching.assign import assign
from bangfu.matching.engine import (
    FILTER_NAMES,
    MatchIndex,
    Opening,
    Seeker,
    TopK,
    corpus_of,
    exclusions,
    recommend_for_openings,
    recommend_for_seekers,
    reference_candidates,
    reference_top_k,
    score_pair,
)
from bangfu.matching.engine.index import COUNTED_SCORE, SCORE_SCALE
from bangfu.matching.explain import reason_no_candidate
from bangfu.matching.tests.instances import AS_OF, random_instance

TOLERANCE = 1e-9

# Default blocks, and tiny ones that force many chunks, groups and merges per district.
LAYOUTS = [(2048, 1 << 19, 2), (3, 8, 1)]  # (group_size, block_elements, workers)


def assert_same_top_k(vectorised: TopK, reference: TopK, k: int) -> None:
    """Same scores rank by rank; the same members wherever the score is not tied.

    ``reference`` holds every candidate of each row, so that a tie with a candidate just past
    rank k is seen too.
    """
    assert vectorised.indices.shape[1] == k
    assert np.array_equal(vectorised.indices >= 0, reference.indices[:, :k] >= 0)
    found = vectorised.indices >= 0
    assert np.allclose(vectorised.scores[found], reference.scores[:, :k][found], atol=TOLERANCE, rtol=0)
    for row in range(len(reference.indices)):
        scores = reference.scores[row]
        for rank in range(int(found[row].sum())):
            ties = np.isclose(scores, scores[rank], atol=TOLERANCE, rtol=0).sum()
            if ties == 1:
                assert vectorised.indices[row, rank] == reference.indices[row, rank]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("layout", LAYOUTS, ids=["default-blocks", "tiny-blocks"])
def test_top_k_both_ways_equals_the_reference(seed: int, layout: tuple[int, int, int]) -> None:
    seekers, openings = random_instance(seed, 35, 45)
    group_size, block_elements, workers = layout
    index = MatchIndex(
        seekers, openings, as_of=AS_OF, group_size=group_size, block_elements=block_elements, workers=workers
    )
    by_seeker, by_opening = index.top_k(4)
    everyone = len(seekers) + len(openings)
    reference_by_seeker, reference_by_opening = reference_top_k(seekers, openings, everyone, as_of=AS_OF)
    assert_same_top_k(by_seeker, reference_by_seeker, 4)
    assert_same_top_k(by_opening, reference_by_opening, 4)
    assert (by_seeker.indices >= 0).sum() > 0


def test_every_vectorised_score_equals_score_pair() -> None:
    seekers, openings = random_instance(99, 40, 50)
    index = MatchIndex(seekers, openings, as_of=AS_OF, workers=1)
    corpus = corpus_of(openings)
    vectorised = {
        (int(i), int(j)): float(score)
        for rows, columns, scores in index.candidate_pairs()
        for i, j, score in zip(rows, columns, scores, strict=True)
    }
    reference = {(i, j): total for i, j, total in reference_candidates(seekers, openings, as_of=AS_OF)}
    assert vectorised.keys() == reference.keys()
    assert len(reference) > 50
    for (i, j), score in vectorised.items():
        assert abs(score - score_pair(seekers[i], openings[j], corpus=corpus).total) < TOLERANCE
        assert not exclusions(seekers[i], openings[j], as_of=AS_OF)


def test_rows_are_sorted_and_padded() -> None:
    seekers, openings = random_instance(3, 30, 40)
    by_seeker = MatchIndex(seekers, openings, as_of=AS_OF).top_openings(6)
    for row in range(len(seekers)):
        found = by_seeker.indices[row] >= 0
        count = int(found.sum())
        assert found[:count].all() and not found[count:].any()
        assert np.all(np.isneginf(by_seeker.scores[row, count:]))
        assert np.all(np.diff(by_seeker.scores[row, :count]) <= 0)


def test_a_shorter_top_k_is_the_prefix_of_a_longer_one() -> None:
    seekers, openings = random_instance(5, 30, 40)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    long_by_seeker, long_by_opening = index.top_k(8)
    short_by_seeker, short_by_opening = index.top_k(3)
    assert np.array_equal(short_by_seeker.scores, long_by_seeker.scores[:, :3])
    assert np.array_equal(short_by_opening.indices, long_by_opening.indices[:, :3])


def test_recommendations_carry_ids_ranks_scores_and_reasons() -> None:
    seekers = [Seeker(id="S1", tags={"叉车"}, districts={"440113"}, home_district="440113", text="会开叉车")]
    openings = [
        Opening(id="J1", title="叉车司机", tags={"叉车"}, text="叉车 仓库", district="440113", wage_max_fen=500000),
        Opening(id="J2", title="收银员", district="440113", wage_max_fen=500000),
        Opening(id="J3", title="叉车司机", tags={"叉车"}, district="440106", wage_max_fen=500000),
    ]
    [for_seeker] = recommend_for_seekers(seekers, openings, k=5, as_of=AS_OF)
    assert [(r.opening_id, r.rank) for r in for_seeker] == [("J1", 1), ("J2", 2)]
    assert for_seeker[0].score > for_seeker[1].score
    assert "标签重合 1 项：叉车" in for_seeker[0].reasons
    assert "同区（番禺区）" in for_seeker[1].reasons
    by_opening = recommend_for_openings(seekers, openings, k=5, as_of=AS_OF)
    assert [[r.seeker_id for r in row] for row in by_opening] == [["S1"], ["S1"], []]


def test_empty_inputs_give_empty_rows() -> None:
    seekers, openings = random_instance(1, 5, 5)
    assert MatchIndex([], openings, as_of=AS_OF).top_openings(3).indices.shape == (0, 3)
    no_openings = MatchIndex(seekers, [], as_of=AS_OF).top_openings(3)
    assert no_openings.indices.shape == (5, 3)
    assert (no_openings.indices == -1).all()


@pytest.mark.parametrize(("seed", "n_seekers", "n_openings"), [(11, 20, 60), (12, 60, 300), (13, 5, 1), (14, 80, 40)])
def test_filter_failures_count_like_the_reference(seed: int, n_seekers: int, n_openings: int) -> None:
    """Counted over distinct opening values for all seekers at once, equal to the pair-by-pair reference."""
    seekers, openings = random_instance(seed, n_seekers, n_openings)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    every = index.failure_counts(np.arange(len(seekers)))
    for i, seeker in enumerate(seekers):
        expected: dict[str, int] = {}
        for opening in openings:
            for exclusion in exclusions(seeker, opening, as_of=AS_OF):
                expected[exclusion.filter] = expected.get(exclusion.filter, 0) + 1
        assert dict(index.filter_failures(i)) == expected
        assert {name: count for name, count in zip(FILTER_NAMES, every[i].tolist(), strict=True) if count} == expected
    assert index.no_candidate_reasons(np.arange(len(seekers))) == [index.why_no_candidate(i)
                                                                    for i in range(len(seekers))]


def test_a_file_whose_openings_all_expired_says_so_for_every_seeker() -> None:
    seekers, openings = random_instance(15, 50, 30)
    openings = [replace(opening, valid_until=AS_OF - timedelta(days=1)) for opening in openings]
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    assert (index.top_openings(5).indices == -1).all()
    assert index.no_candidate_reasons(np.arange(50)) == [reason_no_candidate("validity", 30, 30)] * 50


def test_k_must_be_positive() -> None:
    with pytest.raises(ValueError, match="k 必须是正整数"):
        MatchIndex([], [], as_of=AS_OF).top_k(0)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("layout", LAYOUTS, ids=["default-blocks", "tiny-blocks"])
def test_the_top_k_pass_counts_the_positive_pairs_as_the_second_pass_did(
    seed: int, layout: tuple[int, int, int]
) -> None:
    """``positive_counts`` is read off the top-k pass: equal to ``positive_pair_counts`` (cheap parts first, a pass of
    its own) and to the exact scores of every feasible pair, for every seeker."""
    seekers, openings = random_instance(seed + 200, 60, 30)
    group_size, block_elements, workers = layout
    index = MatchIndex(
        seekers, openings, as_of=AS_OF, group_size=group_size, block_elements=block_elements, workers=workers
    )
    everyone = np.ones(len(seekers), dtype=np.bool_)
    before_any_pass = index.positive_counts(everyone, COUNTED_SCORE)  # no pass yet: the second pass answers
    index.top_k(3)
    counted = index.positive_counts(everyone, COUNTED_SCORE)
    exact = np.zeros(len(seekers), dtype=np.int64)
    for rows, _, scores in index.candidate_pairs():
        np.add.at(exact, rows, scores >= COUNTED_SCORE)
    assert np.array_equal(counted, index.positive_pair_counts(everyone, COUNTED_SCORE))
    assert np.array_equal(counted, exact)
    assert np.array_equal(before_any_pass, exact)
    assert counted.sum() > 0


def test_the_plans_reasons_need_no_second_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    seekers, openings = random_instance(7, 40, 12)
    reasons = assign(MatchIndex(seekers, openings, as_of=AS_OF), k=1).unassigned
    assert any(reason.startswith("候选岗位") for reason in reasons.values())

    def second_pass(*args: object) -> None:
        raise AssertionError("a second scoring pass")

    monkeypatch.setattr(MatchIndex, "positive_pair_counts", second_pass)
    assert assign(MatchIndex(seekers, openings, as_of=AS_OF), k=1).unassigned == reasons
    # the smallest score whose integer gain is positive, and no smaller
    assert np.rint(COUNTED_SCORE * SCORE_SCALE) == 1
    assert np.rint(np.nextafter(COUNTED_SCORE, 0.0) * SCORE_SCALE) == 0
