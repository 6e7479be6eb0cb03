"""Progress of long work (imports, matching runs, exports), written by the task itself and read by its page
and the API: which stage, how many of how many.

The task writes into a JSON field of its job row (`{"progress": {"stage": …, "done": n, "total": m}}`) with
its own short UPDATE — never inside the work's transaction when it can be helped, so that a page polling the
job sees it — and at most every `min_interval` seconds, so that progress never slows the work down.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from django.db import models

PROGRESS_KEY = "progress"
FINISHED_STAGE = "已完成"


@dataclass(frozen=True)
class Progress:
    stage: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        if self.total <= 0:
            return 100 if self.stage == FINISHED_STAGE else 0
        return min(100, self.done * 100 // self.total)


def progress_of(data: Any) -> Progress | None:
    """The progress kept in a job's JSON field, if the task wrote one (a finished job's counts hold none)."""
    raw = data.get(PROGRESS_KEY) if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        return None
    try:
        return Progress(stage=str(raw["stage"]), done=int(raw["done"]), total=int(raw["total"]))
    except (KeyError, TypeError, ValueError):
        return None


def job_progress(data: Any, *, finished: bool, total_key: str) -> Progress | None:
    """What a job's page and API show: the task's progress while it runs; all of `total_key` once finished."""
    if finished:
        total = data.get(total_key, 0) if isinstance(data, dict) else 0
        total = total if isinstance(total, int) else 0
        return Progress(FINISHED_STAGE, total, total)
    return progress_of(data)


def result_counts(data: Any) -> dict[str, Any]:
    """A job's result counts (empty while its field holds the running task's progress)."""
    return {} if not isinstance(data, dict) or PROGRESS_KEY in data else data


class ProgressReporter:
    """`reporter.advance(n)` after each batch; `reporter.stage("写入", total=…)` when the work changes kind."""

    def __init__(self, job: models.Model | None, *, field: str, stage: str, total: int,
                 min_interval: float = 0.5) -> None:
        self.job, self.field, self.min_interval = job, field, min_interval
        self.current = Progress(stage, 0, total)
        self.written_at = 0.0
        self._write(force=True)

    def stage(self, stage: str, *, total: int, done: int = 0) -> None:
        self.current = Progress(stage, done, total)
        self._write(force=True)

    def advance(self, count: int) -> None:
        self.current = Progress(self.current.stage, self.current.done + count, self.current.total)
        self._write(force=self.current.done >= self.current.total)

    def _write(self, *, force: bool) -> None:
        if self.job is None or self.job.pk is None:
            return
        now = time.monotonic()
        if not force and now - self.written_at < self.min_interval:
            return
        self.written_at = now
        type(self.job)._default_manager.filter(pk=self.job.pk).update(
            **{self.field: {PROGRESS_KEY: asdict(self.current)}})
