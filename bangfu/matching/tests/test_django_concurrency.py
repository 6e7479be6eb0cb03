"""Real threads with their own connections: a run is computed once however many workers pick it up,
and a pair confirmed twice at the same moment makes one referral."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import pytest
from django.db import OperationalError, connections

from bangfu.core.errors import ServiceError
from bangfu.jobs.models import Referral
from bangfu.jobs.tests.helpers import make_opening, make_seeker
from bangfu.matching import services
from bangfu.matching.models import MatchingRun, ProposedPair, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 4
# How long a statement waits for another connection's lock: the busy timeout of SQLite files (config/env.py).
LOCK_WAIT_SECONDS = 20.0


def _wait_for_locks(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """Wait for a lock the way production's databases do, one statement at a time.

    SQLite's in-memory test database shares one cache between connections, where a statement that meets
    another connection's table lock fails at once with "database table is locked"; a SQLite file (WAL, busy
    timeout) and PostgreSQL wait for the lock instead, so there a worker never sees the error. Retrying the
    whole action instead would be wrong: a worker that met a lock after claiming the run (its last UPDATE of
    the run while another worker read it) fails the run, and its retry finds the run already claimed.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if "is locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.001)  # SQLite's own busy handler polls the same way


def _race(action: Callable[[], str]) -> Counter[str]:
    """Run ``action`` on THREADS threads at once, each on its own connections; count what each returned
    (an exception counts as its text, so that a failure shows it)."""
    outcomes: Counter[str] = Counter()
    lock, barrier = threading.Lock(), threading.Barrier(THREADS)

    def worker() -> None:
        try:
            barrier.wait()
            with ExitStack() as waits:
                for connection in connections.all():
                    waits.enter_context(connection.execute_wrapper(_wait_for_locks))
                outcome = action()
        except Exception as error:  # reported through the outcomes, which the tests assert on
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


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
    outcomes = _race(lambda: str(services.execute_run(queued_run.pk)))
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

    def confirm() -> str:
        try:
            services.confirm_pair(actor=officer, pair=ProposedPair.objects.select_related("run").get(pk=pair_id))
        except ServiceError as refused:  # the pair already decided, or the referral already made: both 409
            return "conflict" if refused.status == 409 else f"refused {refused.status}"
        return "confirmed"

    assert _race(confirm) == Counter({"confirmed": 1, "conflict": THREADS - 1})
    assert Referral.objects.filter(proposed_pair__pk=pair_id).count() == 1
