"""Which pairs are scored: files sharing a match key (hash joins), never all pairs.

Each file yields one key per signal the score can use, per member — (pinyin, birth date), (birth date, name
with one character masked), (block, pinyin) — and its flat; only files sharing a key are scored. A key shared
by more than `GROUP_ALL_PAIRS` files is walked as a window of the `WINDOW` nearest addresses; each file keeps
at most `MAX_PAIRS_PER_FILE` pairs per scan (the most alike), and its pairs then say so in their reasons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from bangfu.people.duplicates.rows import FileRow, name_parts
from bangfu.people.duplicates.scoring import MAX_PAIRS_PER_FILE, Match, score_pair

GROUP_ALL_PAIRS = 50  # a key shared by more files than this is compared as a window of neighbours
WINDOW = 10


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _pairs_in(members: list[FileRow], subjects: set[int]) -> Iterator[tuple[FileRow, FileRow]]:
    """Pairs within a key's group having at least one file under scan; a large group as a window of the
    nearest addresses (sorted, so neighbouring flats are next to each other)."""
    if len(members) <= GROUP_ALL_PAIRS:
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                if first.file_id in subjects or second.file_id in subjects:
                    yield first, second
        return
    ordered = sorted(members, key=lambda row: (row.address_key, row.file_id))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:i + 1 + WINDOW]:
            if first.file_id in subjects or second.file_id in subjects:
                yield first, second


def candidate_pairs(subjects: Sequence[FileRow], pool: Iterable[FileRow]
                    ) -> tuple[set[tuple[int, int]], dict[int, FileRow], dict[int, int]]:
    """Pairs sharing a match key, between `subjects` and `pool` (which may hold them); files by id; crowding."""
    subject_ids = {row.file_id for row in subjects}
    keys_of = {row.file_id: row.match_keys() for row in subjects}  # computed once: subjects are in the pool
    # A full scan's pool is its subjects: every key is wanted, and the set of them need not be made.
    wanted = None if pool is subjects else {key for keys in keys_of.values() for key in keys}
    # Most keys belong to one file only: the first file of a key is kept alone, a group made at the second.
    sole: dict[tuple[Any, ...], FileRow] = {}
    groups: dict[tuple[Any, ...], dict[int, FileRow]] = {}
    rows: dict[int, FileRow] = {}
    near: set[tuple[Any, str]] | None = None  # made at the first file of the pool not under scan
    for row in pool:
        keys = keys_of.get(row.file_id)
        if keys is None:
            near = name_parts(subjects) if near is None else near
            keys = row.match_keys(near)
        for key in keys:
            if wanted is not None and key not in wanted:
                continue
            other = sole.setdefault(key, row)
            if other.file_id == row.file_id:
                continue
            shared = groups.get(key)
            if shared is None:
                groups[key] = {other.file_id: other, row.file_id: row}
                rows[other.file_id] = other
            else:
                shared[row.file_id] = row
            rows[row.file_id] = row
    pairs: set[tuple[int, int]] = set()
    crowd: dict[int, int] = defaultdict(int)
    for members in groups.values():
        group = list(members.values())
        if len(group) > GROUP_ALL_PAIRS:
            for row in group:
                crowd[row.file_id] = max(crowd[row.file_id], len(group) - 1)
        pairs.update(_pair(first.file_id, second.file_id) for first, second in _pairs_in(group, subject_ids))
    return pairs, rows, crowd


def find_pairs(subjects: Sequence[FileRow], pool: Iterable[FileRow],
               phones: Any = None) -> dict[tuple[int, int], Match]:
    """Candidate pairs between `subjects` and `pool`, scored, those at the threshold kept, capped per file.

    `phones` reads the members' phone numbers of the files paired ({file id: numbers}); None leaves them out."""
    pairs, rows, crowd = candidate_pairs(subjects, pool)
    known = phones(sorted({rows[a].household_id for pair in pairs for a in pair})) if phones and pairs else None
    by_file = {row.file_id: known.get(row.household_id, set()) for row in rows.values()} if known else None
    verified: dict[tuple[int, int], Match] = {}
    for a, b in pairs:
        match = score_pair(rows[a], rows[b], by_file)
        if match.holds():
            verified[(a, b)] = match
    return _capped(verified, crowd)


def _capped(pairs: dict[tuple[int, int], Match], crowd: dict[int, int]) -> dict[tuple[int, int], Match]:
    """Each file keeps its `MAX_PAIRS_PER_FILE` most alike pairs; a pair stays if both its files keep it."""
    per_file: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pair in pairs:
        per_file[pair[0]].append(pair)
        per_file[pair[1]].append(pair)
    kept: dict[int, set[tuple[int, int]]] = {}
    counts: dict[int, int] = {}
    for file_id, own in per_file.items():
        counts[file_id] = max(len(own), crowd.get(file_id, 0))
        if len(own) <= MAX_PAIRS_PER_FILE:
            kept[file_id] = set(own)
            continue
        own.sort(key=lambda pair: (tuple(-value for value in pairs[pair].rank()), pair))
        kept[file_id] = set(own[:MAX_PAIRS_PER_FILE])
    result = {}
    for (a, b), match in pairs.items():
        if (a, b) in kept[a] and (a, b) in kept[b]:
            match.crowded = max(counts[a], counts[b])
            result[(a, b)] = match
    return result
