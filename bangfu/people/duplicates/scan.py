"""The scans that fill the duplicate queue, and when they run.

- `scan_households(ids)`: households just created or edited (the services, after their transaction commits)
  against their city, through the stored blocking keys.
- `scan_duplicates(city)`: the households due (`duplicate_scan_key` blank: new, or re-keyed by an import or an
  edit), the same way: what an import triggers; its time grows with the households due, not with the city.
- `scan_duplicates(city, full=True)`: the yearly clean-up, every file of the city against the city.

A pair is stored once; a pair already in the queue — open or decided — is never stored again, so a resolved
pair is not reopened. Comparing a household stores the digest of its keys and its blocking keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from bangfu.people.duplicates.blocking import KeysOf, keys_of, pool_for, store_keys
from bangfu.people.duplicates.pairing import find_pairs
from bangfu.people.duplicates.rows import CHUNK, FileRow, chunks, live_files, member_phones, read_rows
from bangfu.people.duplicates.scoring import Match
from bangfu.people.models import DuplicateCandidate, HardshipFile, Household


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


def _mark_compared(subjects: Sequence[FileRow], keys: KeysOf | None) -> None:
    """Remember the keys each household was compared with: the digest (no longer due) and the blocking keys
    (found by the next scans). A household compared with the same keys as last time is left as it is."""
    changed = [row for row in subjects if row.checked != row.scan_key()]
    if not changed:
        return
    store_keys(changed, keys if keys is not None else keys_of(changed))
    # One prepared statement, many parameter rows: bulk_update's CASE expressions cost ~0.3 ms a row here.
    meta, quote = Household._meta, connection.ops.quote_name
    sql = (f"UPDATE {quote(meta.db_table)} SET {quote(meta.get_field('duplicate_scan_key').column)} = %s "  # noqa: S608
           f"WHERE {quote(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(row.scan_key(), row.household_id) for row in changed])


def _compare(subjects: Sequence[FileRow], pool: Sequence[FileRow] | None = None) -> list[DuplicateCandidate]:
    """Compare the subjects with `pool`, or, without one, with the files sharing a stored blocking key."""
    keys = keys_of(subjects) if pool is None else None
    pairs = find_pairs(subjects, pool_for(subjects, keys) if keys is not None else pool or (),
                       phones=member_phones)  # computed before the write lock is taken
    with transaction.atomic():
        made = _record(pairs)
        _mark_compared(subjects, keys)
    return made


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
    of its keys, then hash joins: near-linear, never all-pairs)."""
    files = live_files() if full else live_files().filter(household__duplicate_scan_key="")
    cities = [city_code] if city_code else sorted(set(files.values_list("household__city_code", flat=True)))
    made: list[DuplicateCandidate] = []
    for city in cities:
        rows = read_rows(files.filter(household__city_code=city))
        if rows:
            made += _compare(rows, rows if full else None)
    return made
