"""The pool of an incremental scan, found through an index instead of reading the city.

Each compared household's blocking keys are stored (`DuplicateKey`): per member, (city, pinyin, birth date),
(city, birth date, first character), (city, birth date, the rest of the name), (city, road and house number,
pinyin); and its flat. They are coarser than the match keys `pairing` joins on, never finer: two names one
character apart on one birth date agree on their first character or on all the others, so a file sharing a
match key with a subject shares a blocking key with it. The pool read here therefore holds every file the
whole city's read would have paired with the subjects, and the pairs are the same; its size grows with the
number of subjects, not with the city.

The keys are written when a household is compared (`store_keys`), not by every write: a household whose keys
changed since is due (`duplicate_scan_key` blank), so it is a subject of the next scan, or joins the pool as
one of its city's due households, until it is compared and its keys rewritten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db import connection

from bangfu.people.duplicates.rows import FileRow, chunks, live_files, read_rows
from bangfu.people.models import DuplicateKey

_SEPARATOR = "\x1f"


def _digest(*parts: object) -> int:
    """A signed 64-bit digest (a BigIntegerField): a collision only adds a file to the pool, where the match keys
    decide."""
    return _text_digest(_SEPARATOR.join(map(str, parts)))


def _text_digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def blocking_keys(row: FileRow) -> set[int]:
    """The file's blocking keys (see the module's docstring): one per signal and member, and its flat.

    Each is `_digest` of its parts, its text written out here: a full scan makes ten million of them, and
    joining the parts with `str` on each (the birth date formatted once per key) took four times the hashing."""
    keys: set[int] = set()
    city = f"{_SEPARATOR}{row.city}{_SEPARATOR}"
    block = f"block{city}{row.block}{_SEPARATOR}" if row.block else ""
    for person in row.persons():
        if person.birth:
            birth = person.birth.isoformat()  # str() of a date, as `_digest` writes it
            if person.pinyin:
                keys.add(_text_digest(f"same{city}{person.pinyin}{_SEPARATOR}{birth}"))
            if len(person.name) >= 2:
                keys.add(_text_digest(f"first{city}{birth}{_SEPARATOR}{person.name[:1]}"))
                keys.add(_text_digest(f"rest{city}{birth}{_SEPARATOR}{person.name[1:]}"))
        if block and person.pinyin:
            keys.add(_text_digest(block + person.pinyin))
    if row.block and row.address_key != row.block:
        keys.add(_digest("flat", row.city, row.address_key))
    return keys


KeysOf = dict[int, set[int]]  # household id → its blocking keys, computed once per scan


def keys_of(rows: Sequence[FileRow]) -> KeysOf:
    return {row.household_id: blocking_keys(row) for row in rows}


KeyRows = list[tuple[int, int]]  # (household id, key) as stored, in the order of the (key, household) index


def key_rows(keys: KeysOf) -> KeyRows:
    """The rows `store_keys` writes, sorted by key: a city's half million keys then fill the index's pages one
    after the other instead of each landing on a page read back at random (with the scan's page cache: 2.7 s
    instead of 6.3 s for half a million keys into ten million, measured on SQLite). Sorted where the keys are
    made — a worker process in a full scan —: it was a tenth of the storing process's time."""
    rows = [(household_id, key) for household_id, own in keys.items() for key in own]
    rows.sort(key=_by_key)
    return rows


def _by_key(row: tuple[int, int]) -> tuple[int, int]:
    return row[1], row[0]


def store_keys(household_ids: Sequence[int], rows: KeyRows) -> None:
    """Replace these households' stored keys with `rows` (their keys as compared now).

    Plain SQL: the ORM's preparation of each id of a delete's IN list cost a tenth of a full scan's storing
    (profiled); one prepared insert, many parameter rows: model instances and bulk_create cost four times as
    much here."""
    meta, quote = DuplicateKey._meta, connection.ops.quote_name
    table, household = quote(meta.db_table), quote(meta.get_field("household").column)
    insert = f"INSERT INTO {table} ({household}, {quote(meta.get_field('key').column)}) VALUES (%s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        for chunk in chunks(sorted(household_ids)):
            cursor.execute(f"DELETE FROM {table} WHERE {household} IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                           list(chunk))
        cursor.executemany(insert, rows)


def pool_for(subjects: Sequence[FileRow], keys: KeysOf) -> list[FileRow]:
    """The subjects, every live file sharing a stored key with one of them, and the households due in their
    cities (their stored keys, if any, are out of date): indexed lookups only."""
    found = {row.household_id: row for row in subjects}
    households: set[int] = set()
    # Plain SQL on the (key, household) index: the ORM's preparation of each of 10⁵ integers cost more than the
    # lookups themselves (profiled).
    meta, quote = DuplicateKey._meta, connection.ops.quote_name
    select = (f"SELECT {quote(meta.get_field('household').column)} FROM {quote(meta.db_table)} "  # noqa: S608
              f"WHERE {quote(meta.get_field('key').column)} IN ")
    with connection.cursor() as cursor:
        for chunk in chunks(sorted(set().union(*keys.values()))):
            cursor.execute(select + f"({', '.join(['%s'] * len(chunk))})", list(chunk))
            households.update(household_id for (household_id,) in cursor.fetchall())
    cities = sorted({row.city for row in subjects})
    households.update(live_files().filter(household__city_code__in=cities, household__duplicate_scan_key="")
                      .values_list("household_id", flat=True))
    for chunk in chunks(sorted(households - set(found))):
        found.update((row.household_id, row) for row in read_rows(live_files().filter(household_id__in=chunk)))
    return list(found.values())
