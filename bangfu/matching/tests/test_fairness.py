"""Disability, caring duties, sex and age never lower a score nor remove a pair from the results."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bangfu.matching.engine import MatchIndex, Seeker, corpus_of, exclusions, score_pair
from bangfu.matching.tests.instances import AS_OF, random_instance


def flipped(seeker: Seeker, attribute: str, value: object) -> Seeker:
    changes: dict[str, Any] = {attribute: value}
    return dataclasses.replace(seeker, **changes)


protected_changes = st.one_of(
    st.tuples(st.just("disability"), st.booleans()),
    st.tuples(st.just("caring_duties"), st.booleans()),
    st.tuples(st.just("sex"), st.sampled_from(["男", "女", None])),
    st.tuples(st.just("age"), st.one_of(st.none(), st.integers(min_value=16, max_value=70))),
)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), who=st.integers(0, 11), change=protected_changes)
def test_changing_a_protected_attribute_never_lowers_a_score(seed: int, who: int, change: tuple[str, object]) -> None:
    seekers, openings = random_instance(seed, 12, 15)
    attribute, value = change
    changed = flipped(seekers[who], attribute, value)
    corpus = corpus_of(openings)
    for opening in openings:
        before = score_pair(seekers[who], opening, corpus=corpus).total
        after = score_pair(changed, opening, corpus=corpus).total
        assert after >= before
        assert exclusions(changed, opening, as_of=AS_OF) == exclusions(seekers[who], opening, as_of=AS_OF)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), who=st.integers(0, 11), change=protected_changes)
def test_changing_a_protected_attribute_never_removes_a_recommendation(
    seed: int, who: int, change: tuple[str, object]
) -> None:
    seekers, openings = random_instance(seed, 12, 15)
    attribute, value = change
    changed_seekers = [*seekers[:who], flipped(seekers[who], attribute, value), *seekers[who + 1 :]]
    before_by_seeker, before_by_opening = MatchIndex(seekers, openings, as_of=AS_OF).top_k(3)
    after_by_seeker, after_by_opening = MatchIndex(changed_seekers, openings, as_of=AS_OF).top_k(3)
    for before, after in ((before_by_seeker, after_by_seeker), (before_by_opening, after_by_opening)):
        for row in range(len(before.indices)):
            kept = dict(after.row(row))
            for member, score in before.row(row):
                assert member in kept
                assert kept[member] >= score


def test_the_engine_reads_no_protected_attribute() -> None:
    rng = random.Random(7)
    seekers, openings = random_instance(rng.randrange(1000), 10, 10)
    erased = [dataclasses.replace(s, disability=False, caring_duties=False, sex=None, age=None) for s in seekers]
    original = MatchIndex(seekers, openings, as_of=AS_OF).top_k(5)
    without = MatchIndex(erased, openings, as_of=AS_OF).top_k(5)
    for a, b in zip(original, without, strict=True):
        assert (a.indices == b.indices).all()
        assert (a.scores == b.scores).all()
