"""The scans that fill the duplicate queue, and when they run.

- `scan_households(ids)`: households just created or edited (the services, after their transaction commits)
  against their city, through the stored blocking keys.
- `scan_duplicates(city)`: the households due (`duplicate_scan_key` blank: new, or re-keyed by an import or an
  edit), the same way: what an import triggers; its time grows with the households due, not with the city.
- `scan_duplicates(city, full=True)`: the yearly clean-up, every file of the city against the city.

Over several cities, worker processes (one per core) read and compare the cities while this process stores
what they found, one transaction per city: the comparing writes nothing, so it needs no write lock.

A pair is stored once; a pair already in the queue — open or decided — is never stored again, so a resolved
pair is not reopened. Comparing a household stores the digest of its keys and its blocking keys.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from itertools import islice
from operator import itemgetter
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.db.models import QuerySet

from bangfu.core.bulkwork import no_cyclic_gc, sqlite_page_cache
from bangfu.people.duplicates.blocking import KeyRows, key_rows, keys_of, pool_for, store_keys
from bangfu.people.duplicates.pairing import find_pairs
from bangfu.people.duplicates.rows import CHUNK, FileRow, chunks, live_files, member_phones, read_rows
from bangfu.people.duplicates.scoring import Match
from bangfu.people.models import DuplicateCandidate, HardshipFile, Household

# While storing, SQLite may keep 256 MB of pages: a city's half million new blocking keys land all over their index
# (the connection is this process's own, opened after the workers were forked).
SCAN_PAGE_CACHE_MIB = 256


class Comparison(NamedTuple):
    """What comparing some households found, before anything is written: the pairs at the threshold, and the
    households whose keys changed since they were last compared — their digest and their blocking keys, as
    the rows to write."""

    pairs: dict[tuple[int, int], Match]
    digests: list[tuple[str, int]]  # (`FileRow.scan_key()`, household id), in id order
    keys: KeyRows


def _record(pairs: dict[tuple[int, int], Match]) -> list[DuplicateCandidate]:
    """Store new pairs; a pair already in the queue (open or decided) is left as it is."""
    if not pairs:
        return []
    existing: set[tuple[int, int]] = set()
    for chunk in chunks(sorted({a for a, _b in pairs})):
        existing.update(DuplicateCandidate.objects.filter(file_a_id__in=chunk).values_list("file_a_id", "file_b_id"))
    new = [
        DuplicateCandidate(file_a_id=a, file_b_id=b, name_birth_match=match.name_birth,
                           address_similarity=round(match.similarity, 4), score=match.score, reasons=match.reasons())
        for (a, b), match in sorted(pairs.items())
        if (a, b) not in existing
    ]
    DuplicateCandidate.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    return new


def _mark_compared(comparison: Comparison) -> None:
    """Remember the keys each household was compared with: the digest (no longer due) and the blocking keys
    (found by the next scans). Only the households whose keys changed are written."""
    if not comparison.digests:
        return
    store_keys([household_id for _digest, household_id in comparison.digests], comparison.keys)
    # One prepared statement, many parameter rows: bulk_update's CASE expressions cost ~0.3 ms a row here. In
    # id order: the rows are read in address order, and each update would otherwise read its page at random.
    meta, quote = Household._meta, connection.ops.quote_name
    sql = (f"UPDATE {quote(meta.db_table)} SET {quote(meta.get_field('duplicate_scan_key').column)} = %s "  # noqa: S608
           f"WHERE {quote(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, comparison.digests)


def _compared(subjects: Sequence[FileRow], pool: Sequence[FileRow] | None = None) -> Comparison:
    """Compare the subjects with `pool`, or, without one, with the files sharing a stored blocking key: reads
    only. A household compared with the same keys as last time needs no writing, nor its blocking keys."""
    keys = keys_of(subjects) if pool is None else None
    pairs = find_pairs(subjects, pool_for(subjects, keys) if keys is not None else pool or (),
                       phones=member_phones)
    changed = [(digest, row) for row in subjects if (digest := row.scan_key()) != row.checked]
    digests = sorted(((digest, row.household_id) for digest, row in changed), key=itemgetter(1))
    keys_changed = ({row.household_id: keys[row.household_id] for _digest, row in changed} if keys is not None
                    else keys_of([row for _digest, row in changed]))
    return Comparison(pairs, digests, key_rows(keys_changed))


def _store(comparison: Comparison) -> list[DuplicateCandidate]:
    """The comparison's new pairs and the households' keys, in one transaction (taken only now: the comparing
    holds no write lock)."""
    with transaction.atomic():
        made = _record(comparison.pairs)
        _mark_compared(comparison)
    return made


def _compare(subjects: Sequence[FileRow], pool: Sequence[FileRow] | None = None) -> list[DuplicateCandidate]:
    return _store(_compared(subjects, pool))


def scan_households(household_ids: Iterable[int]) -> list[DuplicateCandidate]:
    """Compare these households (just created, edited or imported) with the rest of their city."""
    ids = sorted(set(household_ids))
    subjects = [row for chunk in chunks(ids) for row in read_rows(live_files().filter(household_id__in=chunk))]
    if not subjects:
        return []
    return _compare(subjects)


def detect_duplicates_for(hardship_file: HardshipFile) -> list[DuplicateCandidate]:
    """Candidates for one new or edited file: a few indexed lookups inside its city."""
    return scan_households([hardship_file.household_id])


def mark_due(household_ids: Iterable[int]) -> None:
    """These households' keys changed (a member added, removed or renamed, a new address, a merge): due for
    comparing, in the writer's transaction — if the scan after it never runs, the next scan of the city takes
    them up."""
    ids = sorted(set(household_ids))
    for chunk in chunks(ids):
        Household.objects.filter(pk__in=chunk).exclude(duplicate_scan_key="").update(duplicate_scan_key="")


def scan_households_after_commit(household_ids: Iterable[int]) -> None:
    """Mark these households due now, and scan them once the caller's transaction has committed: the scan must
    not run inside the filing's transaction, which holds the audit chain's lock (and on SQLite the only write
    lock) — every other audited write would wait for it. The filing is saved whatever the scan finds."""
    ids = sorted(set(household_ids))
    mark_due(ids)
    transaction.on_commit(lambda: scan_households(ids))


def scan_duplicates(city_code: str | None = None, *, full: bool = False) -> list[DuplicateCandidate]:
    """One city (or every city): the households due, against the files sharing a blocking key with them
    (indexed lookups, not a read of the city); `full` compares every file of the city with the city (one read
    of its keys, then hash joins: near-linear, never all-pairs). Several cities are compared in worker
    processes, one per core, while this one stores each city's findings in its own transaction."""
    files = _files(full)
    cities = [city_code] if city_code else sorted(set(files.values_list("household__city_code", flat=True)))
    made: list[DuplicateCandidate] = []
    with no_cyclic_gc(), _comparing(cities, full) as comparisons, sqlite_page_cache(SCAN_PAGE_CACHE_MIB):
        for comparison in comparisons:
            made += _store(comparison)
    return made


def _files(full: bool) -> QuerySet[HardshipFile]:
    return live_files() if full else live_files().filter(household__duplicate_scan_key="")


def _city_compared(city: str, full: bool) -> Comparison | None:
    """One city's comparison, reads only (run in a worker process when there are several cities)."""
    rows = read_rows(_files(full).filter(household__city_code=city))
    return _compared(rows, rows if full else None) if rows else None


@contextmanager
def _comparing(cities: Sequence[str], full: bool) -> Iterator[Iterable[Comparison]]:
    """Each city's comparison, in order: computed in line one after the other, or by worker processes started
    here, ahead of the writing (profiled at 100,000 households: reading, keying and pairing a city cost as much
    as storing it)."""
    workers = _workers(len(cities))
    if not workers:
        yield filter(None, (_city_compared(city, full) for city in cities))
        return
    connections.close_all()  # a forked worker opens its own connection, never one shared with this process
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_forget_inherited_connections) as pool:
        work = partial(_city_compared, full=full)
        # Every worker is forked at the first submit, here, before this process opens its connection again.
        pending = deque(pool.submit(work, city) for city in cities[:workers + 1])
        yield _in_order(pool, work, pending, iter(cities[workers + 1:]))


_INHERITED: list[object] = []


def _forget_inherited_connections() -> None:
    """A worker's first act: drop the copies of this process's connection objects it was forked with, without
    closing them (that would end the parent's session), so that it opens its own. `close_all()` before the fork
    does not always leave them closed: under pytest-xdist on PostgreSQL two workers once queried through the
    parent's one socket, each took the other's answer, and both waited for ever (CI, 7 Dec 2026)."""
    for inherited in connections.all(initialized_only=True):
        if inherited.connection is not None:
            # Kept referenced: freed, the driver's object would send the server "terminate" for the parent's
            # session. A worker ends by os._exit, which frees nothing.
            _INHERITED.append(inherited.connection)
            inherited.connection = None


def _in_order(pool: ProcessPoolExecutor, work: Callable[[str], Comparison | None],
              pending: deque[Future[Comparison | None]], rest: Iterator[str]) -> Iterator[Comparison]:
    """The cities' comparisons in order, the next city submitted as one is taken: the workers stay a city each
    and one more ahead of the storing — the slower, SQLite's one writer — instead of every comparison waiting
    here for it (1.5 GB at a province of 10⁶ households, measured)."""
    while pending:
        comparison = pending.popleft().result()
        pending.extend(pool.submit(work, city) for city in islice(rest, 1))
        if comparison is not None:
            yield comparison


def _workers(cities: int) -> int:
    """Worker processes for comparing `cities` cities: one per core (none for one city). Only where a worker
    sees what this process sees: with no transaction open here (its writes would be invisible to another
    connection) and not on an in-memory SQLite database (the tests'); and where `fork` exists, since a worker
    starts from this process's Django set-up."""
    if cities < 2 or connection.in_atomic_block or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    wrapper = connections[DEFAULT_DB_ALIAS]  # `connection` is a proxy: no isinstance
    if isinstance(wrapper, SQLiteWrapper) and wrapper.is_in_memory_db():
        return 0
    return min(cities, os.cpu_count() or 1)
