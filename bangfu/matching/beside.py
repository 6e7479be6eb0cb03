"""Work done in a forked process beside the command's own: its second core.

The command's largest table (each seeker's recommendations, 1 million explained rows at 100,000 seekers)
needs nothing the plan makes, so it is explained and written by a child forked once the index and the
top-k lists are built — the child reads them from the parent's memory, shared copy-on-write — while the
parent solves the plan and writes the rest. Where ``fork`` does not exist (Windows) the work runs in line.

The child reports back through a pipe: the seconds each of its steps took and its peak memory, or the
error that stopped it (as a message: the command prints it in Chinese, never a traceback).
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .fileio import InputError

Steps = dict[str, float]


@dataclass(frozen=True)
class Finished:
    steps: Steps
    peak_mb: float


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(work: Callable[[], Steps], report: Connection) -> None:
    try:
        steps = work()
    except InputError as error:
        report.send(("error", str(error)))
    except Exception as error:  # reported to the parent as its message, never a traceback
        report.send(("error", f"{type(error).__name__}：{error}"))
    else:
        report.send(("ok", (steps, _peak_mb())))
    finally:
        report.close()


class Beside:
    """``work`` running in a forked child (or already run, where there is no fork)."""

    def __init__(self, work: Callable[[], Steps], what: str) -> None:
        self.what = what
        self._process: BaseProcess | None = None
        self._done: Finished | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._done = Finished(work(), _peak_mb())
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, send), daemon=True)
        self._process.start()
        send.close()  # the child holds the writing end: end of file here when it is gone

    def result(self) -> Finished:
        """Wait for the child; raise ``InputError`` with its message when it failed or died."""
        if self._done is not None:
            return self._done
        assert self._process is not None
        try:
            status, payload = self._receive.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            raise InputError(f"{self.what}：写出进程意外退出（退出码 {code}），可能是内存不足") from None
        self._process.join()
        if status != "ok":
            raise InputError(f"{self.what}：{payload}")
        steps, peak = payload
        self._done = Finished(steps, peak)
        return self._done

    def stop(self) -> None:
        """End the child when the parent fails first (nothing half-done is left running)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
