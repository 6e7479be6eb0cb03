"""Races for concurrency tests: real threads on their own connections, each statement waiting for a lock as
production's databases do, every outcome counted (an exception too)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import OperationalError, connections

# How long a statement waits for another connection's lock: the busy timeout of SQLite files (config/env.py).
LOCK_WAIT_SECONDS = 20.0
# How long a race may take, its threads started at once: past this one is hung, and counted as such.
RACE_SECONDS = 120.0


def wait_for_locks(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """Wait for a lock the way production's databases do, one statement at a time (an execute wrapper).

    SQLite's in-memory test database shares one cache between connections, where a statement that meets
    another connection's table lock fails at once with "database table is locked"; a SQLite file (WAL, busy
    timeout) and PostgreSQL wait for the lock instead, so there a worker never sees the error. Retrying the
    whole action instead would be wrong where the action commits in steps: a worker that met a lock after
    claiming a matching run (its last UPDATE of the run while another worker read it) fails the run, and its
    retry finds the run already claimed.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if "is locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.001)  # SQLite's own busy handler polls the same way


@contextmanager
def statements_wait_for_locks() -> Iterator[None]:
    """Within the block, every statement on this thread's connections (each alias) waits for a lock."""
    with ExitStack() as waits:
        for connection in connections.all():
            waits.enter_context(connection.execute_wrapper(wait_for_locks))
        yield


def race(action: Callable[[int], str], *, threads: int, calls: int = 1) -> Counter[str]:
    """Run ``action`` on ``threads`` threads started at once, each on its own connections whose statements wait
    for locks (:func:`wait_for_locks`), each calling it ``calls`` times in a row with a number of its own
    (0 … threads × calls − 1). Count what each call returned: an exception counts as its type and text, and a
    thread still running after RACE_SECONDS as "hung", so that a failure shows in the counts the test asserts on.
    Nothing retries an action."""
    outcomes: Counter[str] = Counter()
    lock, barrier = threading.Lock(), threading.Barrier(threads)

    def worker(number: int) -> None:
        try:
            barrier.wait(timeout=RACE_SECONDS)
            with statements_wait_for_locks():
                for call in range(number * calls, (number + 1) * calls):
                    try:
                        outcome = action(call)
                    except Exception as error:  # reported through the outcomes, which the tests assert on
                        outcome = f"{type(error).__name__}: {error}"
                    with lock:
                        outcomes[outcome] += 1
        except Exception as error:  # the barrier broken: one count for the thread's calls never made
            with lock:
                outcomes[f"{type(error).__name__}: {error}"] += 1
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(number,)) for number in range(threads)]
    for thread in pool:
        thread.start()
    deadline = time.monotonic() + RACE_SECONDS
    for thread in pool:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    with lock:
        counted = outcomes.copy()
    hung = sum(thread.is_alive() for thread in pool)
    if hung:
        counted["hung"] += hung
    return counted
