"""The cached opening pool scores exactly as the engine's specification, and is rebuilt on every change."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
from django.utils import timezone

from bangfu.jobs import services
from bangfu.jobs.tests.helpers import make_opening, make_seeker
from bangfu.matching import engine, queries
from bangfu.matching.engine.pool import OpeningPool
from bangfu.matching.tests.instances import AS_OF, random_instance


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_every_pair_scores_as_the_reference(seed: int) -> None:
    seekers, openings = random_instance(seed, 25, 60)
    pool = OpeningPool(openings, as_of=AS_OF)
    scores = pool.scores(pool.block(seekers), np.arange(len(pool)))
    for i, seeker in enumerate(seekers):
        for j, opening in enumerate(pool.openings):
            excluded = engine.exclusions(seeker, opening, as_of=AS_OF)
            if excluded:
                assert scores[i, j] == -np.inf, (seeker.id, opening.id, excluded)
            else:
                assert scores[i, j] == pytest.approx(pool.explain(seeker, opening).total, abs=1e-9)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_top_10_equals_the_engines_index(seed: int) -> None:
    seekers, openings = random_instance(seed, 40, 120)
    pool = OpeningPool(openings, as_of=AS_OF)
    best, _ = engine.MatchIndex(seekers, pool.openings, as_of=AS_OF).top_k(10)
    scores = pool.scores(pool.block(seekers), np.arange(len(pool)))
    for i in range(len(seekers)):
        mine = pool.best(scores[i], 10)
        theirs = best.row(i)
        assert [s for _, s in mine] == pytest.approx([s for _, s in theirs], abs=1e-9)


def test_one_opening_against_every_seeker_equals_the_rows() -> None:
    seekers, openings = random_instance(21, 30, 50)
    pool = OpeningPool(openings, as_of=AS_OF)
    block = pool.block(seekers)
    rows = pool.scores(block, np.arange(len(pool)))
    for j in range(len(pool)):
        column = pool.scores(block, np.array([j]))[:, 0]
        np.testing.assert_allclose(np.nan_to_num(column, neginf=-1), np.nan_to_num(rows[:, j], neginf=-1))


def test_disability_caring_sex_and_age_change_no_score() -> None:
    seekers, openings = random_instance(31, 30, 80)
    pool = OpeningPool(openings, as_of=AS_OF)
    base = pool.scores(pool.block(seekers), np.arange(len(pool)))
    varied = [
        dataclasses.replace(
            s,
            disability=not s.disability,
            caring_duties=not s.caring_duties,
            sex="女" if s.sex != "女" else "男",
            age=(s.age or 30) + 20,
        )
        for s in seekers
    ]
    np.testing.assert_array_equal(base, pool.scores(pool.block(varied), np.arange(len(pool))))


def test_employment_difficulty_only_raises_a_score() -> None:
    seekers, openings = random_instance(41, 30, 80)
    pool = OpeningPool(openings, as_of=AS_OF)
    plain = [dataclasses.replace(s, employment_difficulty=False) for s in seekers]
    priority = [dataclasses.replace(s, employment_difficulty=True) for s in seekers]
    low = pool.scores(pool.block(plain), np.arange(len(pool)))
    high = pool.scores(pool.block(priority), np.arange(len(pool)))
    finite = np.isfinite(low)
    np.testing.assert_array_equal(finite, np.isfinite(high))
    np.testing.assert_allclose(high[finite] - low[finite], engine.DEFAULT_WEIGHTS.employment_difficulty_bonus)


@pytest.mark.django_db
class TestTheCache:
    @pytest.fixture
    def officer(self, org_tree: dict, make_user: Any) -> Any:
        queries.clear_pools()
        return make_user("district_officer", org_tree["tianhe"])

    def test_the_pool_is_reused_until_an_opening_changes(self, org_tree: dict, officer: Any) -> None:
        opening = make_opening(org_tree["tianhe"])
        first = queries.pool_for(officer, as_of=AS_OF)
        assert queries.pool_for(officer, as_of=AS_OF) is first
        services.update_opening(actor=officer, opening=opening, expected_version=opening.version, positions=3)
        second = queries.pool_for(officer, as_of=AS_OF)
        assert second is not first
        assert second.openings[0].openings_left == 3

    def test_a_hire_rebuilds_the_pool_and_a_full_opening_leaves_it(self, org_tree: dict, officer: Any) -> None:
        org = org_tree["tianhe"]
        opening = make_opening(org, positions=1)
        assert [o.id for o in queries.pool_for(officer).openings] == [f"电商运营专员#{opening.pk}"]
        referral = services.refer_seeker(actor=officer, seeker=make_seeker(org), opening=opening)
        services.schedule_interview(actor=officer, referral=referral, on=timezone.localdate())
        services.record_hire(actor=officer, referral=referral, on=timezone.localdate())
        assert queries.pool_for(officer).openings == []

    def test_each_scope_has_its_own_pool(self, org_tree: dict, officer: Any, make_user: Any) -> None:
        make_opening(org_tree["tianhe"], title="天河岗位")
        make_opening(org_tree["haizhu"], title="海珠岗位")
        haizhu = make_user("district_officer", org_tree["haizhu"])
        city = make_user("city_officer", org_tree["guangzhou"])
        assert [o.title for o in queries.pool_for(officer).openings] == ["天河岗位"]
        assert [o.title for o in queries.pool_for(haizhu).openings] == ["海珠岗位"]
        assert sorted(o.title for o in queries.pool_for(city).openings) == ["天河岗位", "海珠岗位"]

    def test_a_user_without_the_permission_gets_an_empty_pool(self, org_tree: dict, make_user: Any) -> None:
        make_opening(org_tree["guangzhou"])
        assert len(queries.pool_for(make_user(None, org_tree["guangzhou"]))) == 0

    def test_a_recommendation_request_scores_one_row_with_a_few_queries(
        self, org_tree: dict, officer: Any, django_assert_max_num_queries: Any
    ) -> None:
        org = org_tree["tianhe"]
        for n in range(30):
            make_opening(org, title=f"电商运营{n}", district_code="440106" if n % 2 else "440117")
        seeker = make_seeker(org)
        queries.recommend_openings(officer, seeker)  # builds and caches the pool
        with django_assert_max_num_queries(2):  # the version, the seeker's row
            recommended = queries.recommend_openings(officer, seeker, k=5)
        assert len(recommended) == 5
        assert recommended[0].reasons[0] == "职业符合意向（小类 4-01-02 销售人员）"


@pytest.mark.django_db
def test_the_pool_key_of_a_subtree_scope_reads_nothing_and_names_the_whole_subtree(org_tree: dict,
                                                                                  make_user: Any) -> None:
    """A subtree scope is a subquery of its units: the key once came from the QuerySet's own text, which ran the
    query on every request and listed only its first 20 units."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangfu.jobs.models import Opening

    officer = make_user("city_officer", org_tree["guangzhou"])
    queries._scope_key(officer, Opening)  # the roles and permissions, read once and kept on the user
    with CaptureQueriesContext(connection) as captured:
        key = queries._scope_key(officer, Opening)
    assert key is not None and len(captured) == 0
    assert "SELECT" in key and "remaining elements truncated" not in key
