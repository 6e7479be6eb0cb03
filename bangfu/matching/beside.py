"""Work done in a forked process beside the command's own: its second core.

The command's two recommendation tables (each seeker's, 1 million explained rows at 100,000 seekers, and
each opening's) need nothing the plan makes, so they are explained and written by a child forked once the
index and the top-k lists are built — the child reads them from the parent's memory, shared copy-on-write — while the
parent solves the plan and writes the rest. Where ``fork`` does not exist (Windows) the work runs in line.

The child reports back through a pipe: the seconds each of its steps took and its peak memory, or the
error that stopped it (as a message: the command prints it in Chinese, never a traceback).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Final

from .fileio import InputError, os_reason

Steps = dict[str, float]


@dataclass(frozen=True)
class Finished:
    steps: Steps
    peak_mb: float


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


PR_SET_PDEATHSIG: Final = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """The child ends when the parent does, however it ends (SIGKILL, a timeout, a job runner's kill): it must
    never go on writing results for a command that is gone. Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent's SIGTERM handler unwinds the parent; the child, sent SIGTERM by itself, ends by it, and the parent
    # reports "写出进程被信号 SIGTERM 终止" (inherited, the handler's exception came back as an error named in English).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _run(work: Callable[[], Steps], report: Connection, parent: int) -> None:
    _die_with(parent)
    try:
        steps = work()
    except InputError as error:
        report.send(("error", str(error)))
    except OSError as error:
        report.send(("error", os_reason(error)))
    except Exception as error:  # reported to the parent as its message, never a traceback
        report.send(("error", f"{type(error).__name__}：{error}"))
    else:
        report.send(("ok", (steps, _peak_mb())))
    finally:
        report.close()


def _ended(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        return f"写出进程被信号 {name} 终止（常见原因：内存不足，或进程被结束）"
    return f"写出进程意外退出（退出码 {code}）"


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
        self._process = context.Process(target=_run, args=(work, send, os.getpid()), daemon=True)
        self._process.start()
        send.close()  # the child holds the writing end: end of file here when it is gone

    @property
    def forked(self) -> bool:
        """Whether the work runs in a child (on the other core) rather than already done in line."""
        return self._process is not None

    def result(self) -> Finished:
        """Wait for the child; raise ``InputError`` with its message when it failed or died."""
        if self._done is not None:
            return self._done
        assert self._process is not None
        try:
            status, payload = self._receive.recv()
        except EOFError:
            self._process.join()
            raise InputError(f"{self.what}：未写出，{_ended(self._process.exitcode)}") from None
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
