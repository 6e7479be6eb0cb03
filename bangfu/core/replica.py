"""Report reads from a read replica (`DATABASE_REPLICA_URL`), when one is configured.

Only code that asks for it reads from the replica: a report's figures are computed inside `replica_reads()` (or
a function decorated with `reads_from_replica`). Everything else — pages, checks of scope before a report,
the audit chain, writes — stays on the primary, because a replica lags: what was written a moment ago may not be
there yet. Inside a transaction on the primary the primary is read as well (the transaction must see its own
writes). Consistency caveat, for the operator: a report may be a few seconds behind the register (the replica's
replication lag); figures that must include the last write are read without the replica.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_reading_reports: ContextVar[bool] = ContextVar("bangfu_replica_reads", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def reads_from_replica(function: Callable[P, R]) -> Callable[P, R]:
    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return function(*args, **kwargs)
    return wrapper


class ReplicaRouter:
    """Report reads to the replica; every write, every migration and every other read to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading_reports.get() and replica_configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # rows read from the replica are copies of the primary's: relating them is relating the same rows
        return {obj1._state.db, obj2._state.db} <= {"default", REPLICA} or None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica is migrated by replication, never by manage.py migrate
