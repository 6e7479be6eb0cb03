"""Real threads with their own connections: a run is computed once however many workers pick it up,
and a pair confirmed twice at the same moment makes one referral."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bangfu.core.errors import ServiceError
from bangfu.core.tests.helpers import race
from bangfu.jobs.models import Referral
from bangfu.jobs.tests.helpers import make_opening, make_seeker
from bangfu.matching import services
from bangfu.matching.models import MatchingRun, ProposedPair, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 4


@pytest.fixture
def queued_run(org_tree: dict, make_user: Any) -> MatchingRun:
    org = org_tree["wushan"]
    make_opening(org, title="电商运营专员", positions=2)
    make_seeker(org, "李女士", tags=["电商"], intention="电商客服")
    make_seeker(org, "严先生", employment_difficulty=True)
    officer = make_user("city_officer", org_tree["guangzhou"])
    return MatchingRun.objects.create(
        org=org_tree["guangzhou"], created_by=officer, parameters={"top_k": 5, "as_of": "2026-03-02"}
    )


def test_a_run_picked_up_by_several_workers_is_computed_once(queued_run: MatchingRun) -> None:
    outcomes = race(lambda _call: str(services.execute_run(queued_run.pk)), threads=THREADS)
    # One worker claims the run and stores 2 pairs; the others find it claimed and return what is
    # stored so far (0 while it runs, 2 once done) without computing. No worker fails.
    assert outcomes["2"] >= 1 and outcomes["2"] + outcomes["0"] == THREADS, outcomes
    queued_run.refresh_from_db()
    assert queued_run.status == RunStatus.DONE
    assert ProposedPair.objects.filter(run=queued_run).count() == 2


def test_a_pair_confirmed_twice_at_once_makes_one_referral(queued_run: MatchingRun) -> None:
    services.execute_run(queued_run.pk)
    pair_id = ProposedPair.objects.filter(run=queued_run).earliest("pk").pk
    officer = queued_run.created_by

    def confirm(_call: int) -> str:
        try:
            services.confirm_pair(actor=officer, pair=ProposedPair.objects.select_related("run").get(pk=pair_id))
        except ServiceError as refused:  # the pair already decided, or the referral already made: both 409
            return "conflict" if refused.status == 409 else f"refused {refused.status}"
        return "confirmed"

    assert race(confirm, threads=THREADS) == Counter({"confirmed": 1, "conflict": THREADS - 1})
    assert Referral.objects.filter(proposed_pair__pk=pair_id).count() == 1
