"""The batch explainer equals score_pair pair by pair: every part, the total and every reason."""

from __future__ import annotations

import numpy as np
import pytest

from bangfu.matching.engine import PART_NAMES, MatchIndex, Opening, Seeker, score_pair
from bangfu.matching.engine.explainer import PairExplainer
from bangfu.matching.tests.instances import AS_OF, random_instance


def explainer_of(index: MatchIndex) -> PairExplainer:
    return PairExplainer(
        index.seekers, index.openings, corpus=index.corpus, weights=index.weights, districts=index.districts
    )


@pytest.mark.parametrize("seed", range(5))
def test_every_pair_equals_the_reference(seed: int) -> None:
    seekers, openings = random_instance(seed, 40, 30)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    rows, columns = np.divmod(np.arange(len(seekers) * len(openings)), len(openings))
    explainer = explainer_of(index)
    explained = explainer.explain(rows, columns)
    parts, scores = explainer.parts(rows, columns)
    assert np.allclose(parts, explained.parts, rtol=0, atol=1e-12)
    assert np.allclose(scores, explained.scores, rtol=0, atol=1e-12)
    for p, (i, j) in enumerate(zip(rows.tolist(), columns.tolist(), strict=True)):
        reference = score_pair(seekers[i], openings[j], corpus=index.corpus, districts=index.districts)
        assert explained.reasons(p) == reference.reasons
        assert explained.scores[p] == pytest.approx(reference.total, abs=1e-9)
        for k, name in enumerate(PART_NAMES):
            assert explained.parts[p, k] == pytest.approx(reference.parts[name], abs=1e-9)


def test_tags_are_named_as_the_opening_writes_them() -> None:
    seekers = [Seeker("S1", tags={"excel", "叉车"}), Seeker("S2", tags={"EXCEL"})]
    openings = [
        Opening("J1", district="440106", tags={"Excel", "仓储"}),
        Opening("J2", district="440106", tags={"excel"}),
    ]
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    explained = explainer_of(index).explain(np.array([0, 1, 0, 1]), np.array([0, 0, 1, 1]))
    assert [reasons[0] for reasons in (explained.reasons(p) for p in range(4))] == [
        "标签重合 1 项：Excel（岗位共 2 项）",
        "标签重合 1 项：Excel（岗位共 2 项）",
        "标签重合 1 项：excel",
        "标签重合 1 项：excel",
    ]


def test_no_pairs() -> None:
    seekers, openings = random_instance(1, 3, 3)
    explained = explainer_of(MatchIndex(seekers, openings, as_of=AS_OF)).explain(
        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    )
    assert len(explained) == 0 and explained.all_reasons() == []


def test_pairs_of_a_few_seekers_are_explained_as_by_the_full_explainer() -> None:
    """A run's plan is explained by an explainer over its seekers only: the same parts and reasons."""
    seekers, openings = random_instance(11, 60, 15)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    best = index.top_openings(2)
    rows = np.flatnonzero(best.indices[:, 0] >= 0)[::3].astype(np.int64)
    columns = best.indices[rows, 0]
    few = index.explain_pairs(rows, columns)
    assert index._explainer is None  # the subset explainer was used
    full = index.explainer.explain(rows, columns)
    assert few.seekers.tolist() == full.seekers.tolist()
    np.testing.assert_array_equal(few.parts, full.parts)
    assert [few.reasons(p) for p in range(len(few))] == [full.reasons(p) for p in range(len(full))]


def test_all_pairs_at_once_equal_pair_by_pair() -> None:
    """``all_reasons`` and ``all_part_values`` (what a run stores) are ``reasons`` and ``part_values`` of each."""
    seekers, openings = random_instance(3, 30, 20)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    rows, columns = np.divmod(np.arange(len(seekers) * len(openings)), len(openings))
    explained = explainer_of(index).explain(rows, columns)
    assert explained.all_reasons() == [explained.reasons(p) for p in range(len(explained))]
    assert explained.all_part_values() == [explained.part_values(p) for p in range(len(explained))]
    assert explained.part_values(0) == {name: float(explained.parts[0, k]) for k, name in enumerate(PART_NAMES)}
