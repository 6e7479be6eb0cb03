"""Matching runs: started in scope, computed by the task after commit, run once, confirmed into referrals."""

from __future__ import annotations

import datetime as dt
import gc
from typing import Any

import pytest

from bangfu.core.errors import ConflictError, ServiceError
from bangfu.jobs.models import Opening, ReferralSource, ReferralStatus, SeekerProfile, SeekerStatus
from bangfu.jobs.tests.helpers import make_opening, make_seeker
from bangfu.matching import assign, engine, services
from bangfu.matching.models import MatchingRun, PairDecision, ProposedPair, RunStatus, UnassignedSeeker
from bangfu.matching.queries import (
    OPENING_COLUMNS,
    SEEKER_COLUMNS,
    load_openings,
    load_seekers,
    open_openings,
    opening_from_row,
    seeker_from_row,
)

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 2)


@pytest.fixture
def city(org_tree: dict, make_user: Any) -> Any:
    return make_user("city_officer", org_tree["guangzhou"])


@pytest.fixture
def small_market(org_tree: dict) -> dict[str, Any]:
    """Three seekers for two openings in 从化; one seeker in Beijing, outside Guangzhou's runs."""
    org = org_tree["wushan"]
    ecommerce = make_opening(org, title="电商运营专员", positions=1)
    cleaning = make_opening(
        org,
        title="保洁员",
        occupation_code="4-09-08-01",
        tags=["保洁"],
        description="写字楼日常保洁",
        wage_min_fen=300_000,
        wage_max_fen=350_000,
        positions=1,
    )
    yan = make_seeker(org, "严先生", employment_difficulty=True)
    li = make_seeker(org, "李女士", tags=["电商"], intention="电商客服")
    far = make_seeker(
        org, "王先生", tags=["保洁"], intended_occupations=["4-09-08"], intention="保洁", wage_floor_fen=500_000
    )
    beijing = make_seeker(org_tree["beijing"], "北京求职者", home_district="110101")
    return {"ecommerce": ecommerce, "cleaning": cleaning, "yan": yan, "li": li, "far": far, "beijing": beijing}


def _run(actor: Any, org: Any, capture: Any) -> MatchingRun:
    with capture(execute=True):
        run = services.start_matching_run(actor=actor, org=org, as_of=AS_OF)
    return MatchingRun.objects.get(pk=run.pk)


def test_a_run_proposes_the_optimal_one_to_one_plan(
    org_tree: dict, city: Any, small_market: dict, django_capture_on_commit_callbacks: Any
) -> None:
    run = _run(city, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE
    assert (run.seekers_count, run.openings_count, run.places_count) == (3, 2, 2)
    pairs = {
        pair.seeker.person.name: pair.opening.title for pair in run.pairs.select_related("seeker__person", "opening")
    }
    assert pairs == {"严先生": "电商运营专员", "李女士": "保洁员"}
    subtree = {"org__path__startswith": org_tree["guangzhou"].path}
    seekers = load_seekers(SeekerProfile.objects.filter(**subtree), AS_OF)
    openings = load_openings(Opening.objects.filter(**subtree), AS_OF)
    optimum = assign.assign(engine.build_index(seekers, openings, as_of=AS_OF), k=20)
    assert run.total_score == pytest.approx(optimum.total_score)
    assert run.assigned_count == len(optimum.pairs) == 2
    unassigned = UnassignedSeeker.objects.get(run=run)
    assert unassigned.seeker == small_market["far"]
    ecommerce = small_market["ecommerce"]
    assert unassigned.reason == f"候选岗位 1 个（电商运营专员#{ecommerce.pk}）均已分配给总分更高的组合"
    pair = run.pairs.get(seeker=small_market["yan"])
    assert "就业困难人员，优先推荐" in pair.reasons and pair.parts["priority"] == 1.0
    assert set(run.timings) == {"load", "score", "assign", "explain", "save"}
    assert gc.isenabled()  # paused for the run only


def test_rows_are_read_into_the_records_the_fields_would_give(org_tree: dict, small_market: dict) -> None:
    """The loaders decode each distinct JSON text once (``queries.rows_of``): the records equal those made from
    ``values()``, which decodes every cell through its field, and the order of intended occupations is kept."""
    org = org_tree["wushan"]
    twins = [
        make_seeker(org, name, intended_occupations=["4-09-08", "4-01-02"], certificates=["电工证"],
                    acceptable_districts=["440117", "440103"], needs=["wheelchair"])
        for name in ("张三", "李四")
    ]
    make_opening(org, title="仓管员", tags=["仓储", "Excel"], accommodations=["wheelchair"], positions=2)
    profiles = SeekerProfile.objects.filter(status=SeekerStatus.SEEKING).order_by("pk")
    seekers = load_seekers(SeekerProfile.objects.all(), AS_OF)
    assert seekers == [seeker_from_row(row, AS_OF) for row in profiles.values(*SEEKER_COLUMNS)]
    by_id = {seeker.id: seeker for seeker in seekers}
    assert [by_id[str(twin.pk)].occupation_codes for twin in twins] == [("4-09-08", "4-01-02")] * 2
    openings = open_openings(Opening.objects.all(), AS_OF).order_by("pk")
    assert load_openings(Opening.objects.all(), AS_OF) == [
        opening_from_row(row) for row in openings.values(*OPENING_COLUMNS)
    ]


def test_a_run_is_computed_once(
    org_tree: dict, city: Any, small_market: dict, django_capture_on_commit_callbacks: Any
) -> None:
    run = _run(city, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    assert services.execute_run(run.pk) == 2  # a retried task returns the stored result
    assert ProposedPair.objects.filter(run=run).count() == 2


def test_the_task_runs_only_after_the_commit(
    org_tree: dict, city: Any, small_market: dict, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.start_matching_run(actor=city, org=org_tree["guangzhou"], as_of=AS_OF)
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.DONE


def test_a_failed_run_keeps_its_error(org_tree: dict, city: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    run = MatchingRun.objects.create(org=org_tree["guangzhou"], created_by=city, parameters={"top_k": 5})
    with pytest.raises(KeyError):
        services.execute_run(run.pk)  # no "as_of" parameter
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == "KeyError: 'as_of'"


def test_only_city_officers_in_scope_start_runs(org_tree: dict, make_user: Any) -> None:
    district = make_user("district_officer", org_tree["tianhe"])
    with pytest.raises(ServiceError) as raised:
        services.start_matching_run(actor=district, org=org_tree["tianhe"])
    assert raised.value.status == 404
    beijing = make_user("city_officer", org_tree["beijing"])
    with pytest.raises(ServiceError) as raised:
        services.start_matching_run(actor=beijing, org=org_tree["guangzhou"])
    assert raised.value.status == 404
    with pytest.raises(ServiceError, match="候选岗位数应在 1 到 100 之间"):
        services.start_matching_run(
            actor=make_user("city_officer", org_tree["guangzhou"]), org=org_tree["guangzhou"], top_k=0
        )


def test_confirming_a_pair_makes_a_referral_with_its_reasons(
    org_tree: dict, city: Any, small_market: dict, django_capture_on_commit_callbacks: Any
) -> None:
    run = _run(city, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    pair = run.pairs.get(seeker=small_market["yan"])
    referral = services.confirm_pair(actor=city, pair=pair)
    pair.refresh_from_db()
    assert (pair.decision, pair.referral, pair.decided_by) == (PairDecision.CONFIRMED, referral, city)
    assert (referral.status, referral.source) == (ReferralStatus.RECOMMENDED, ReferralSource.MATCHING)
    assert referral.match_reasons == pair.reasons and referral.match_score == pytest.approx(pair.score)
    assert referral.org == small_market["yan"].org
    with pytest.raises(ConflictError):
        services.confirm_pair(actor=city, pair=ProposedPair.objects.get(pk=pair.pk))


def test_a_rejected_pair_makes_no_referral(
    org_tree: dict, city: Any, small_market: dict, django_capture_on_commit_callbacks: Any
) -> None:
    run = _run(city, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    pair = run.pairs.get(seeker=small_market["li"])
    services.reject_pair(actor=city, pair=pair)
    pair.refresh_from_db()
    assert pair.decision == PairDecision.REJECTED and pair.referral is None
    with pytest.raises(ConflictError):
        services.confirm_pair(actor=city, pair=pair)


def test_a_district_officer_may_read_a_plan_but_not_confirm_it(
    org_tree: dict, city: Any, small_market: dict, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    run = _run(city, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    officer = make_user("district_officer", org_tree["guangzhou"])
    with pytest.raises(ServiceError) as raised:
        services.confirm_pair(actor=officer, pair=run.pairs.earliest("pk"))
    assert raised.value.status == 403


def test_a_new_run_supersedes_the_units_previous_plan(
    org_tree: dict, city: Any, small_market: dict, django_capture_on_commit_callbacks: Any
) -> None:
    first = _run(city, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    second = _run(city, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert first.superseded_by == second and second.superseded_by is None
    with pytest.raises(ConflictError, match="已被本单位更新的方案取代"):
        services.confirm_pair(actor=city, pair=first.pairs.earliest("pk"))
    assert not ProposedPair.objects.filter(run=first).exclude(decision=PairDecision.PROPOSED).exists()
    services.confirm_pair(actor=city, pair=second.pairs.earliest("pk"))


def test_a_run_of_another_unit_supersedes_nothing(
    org_tree: dict, city: Any, small_market: dict, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    guangzhou = _run(city, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    _run(make_user("city_officer", org_tree["beijing"]), org_tree["beijing"], django_capture_on_commit_callbacks)
    guangzhou.refresh_from_db()
    assert guangzhou.superseded_by is None
