"""Settings for the duration of a bulk job (an import, the full duplicate scan): one way for every such job.

- `no_cyclic_gc()`: such a job holds 10⁵–10⁶ small objects that are never cyclic garbage; the cyclic collector
  would walk them all again and again (measured: a fifth of the CPU of an import at 10⁴ households, and of a full
  duplicate scan). Reference counting still frees everything; the collector is back on when the job ends. Processes
  forked inside inherit it.
- `sqlite_page_cache(mebibytes)`: SQLite keeps 2 MB of pages by default; the indexes a bulk job writes into do not
  fit, and every insert would re-read index pages (measured: a quarter less time inserting people at 10⁵
  households with 128 MB). No effect on PostgreSQL.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def sqlite_page_cache(mebibytes: int) -> Iterator[None]:
    """This connection keeps up to `mebibytes` of pages while the job runs, then what it kept before."""
    # Django imported here, not above: the matching command, which loads no Django (test_pure.py), pauses the
    # collector with `no_cyclic_gc` from this module too.
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-mebibytes * 1024}")  # negative: KiB, not pages
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
