"""Fuzzy duplicate check: the same family filed twice under different ID numbers, across districts.

The exact check (one ID number, one person) is the unique blind index; this package finds the rest, within
one city (`Household.city_code`), between files that still stand for a family. docs/register.md has the
score's table and the benchmark.

- `addresses`: addresses normalised and blocked by road and house number (the household's match keys);
- `rows`: what is read of a file (every member's name keys, the address keys) and the phones of the pairs;
- `scoring`: the score of a pair (every member, the phones, the address) and its reasons;
- `pairing`: which pairs are scored — files sharing a match key, never all pairs;
- `blocking`: the stored blocking keys, through which a scan finds its pool without reading the city;
- `scan`: the scans (a set of households, the households due, the whole city) and when they run.
"""

from bangfu.people.duplicates.addresses import (
    AddressKeys,
    address_block_of,
    address_match_keys,
    address_similarity,
    fill_match_keys,
    normalise_address,
    place_names_for,
)
from bangfu.people.duplicates.pairing import candidate_pairs, find_pairs
from bangfu.people.duplicates.rows import FileRow, PersonKey, live_files, member_phones, read_rows
from bangfu.people.duplicates.scan import (
    detect_duplicates_for,
    mark_due,
    scan_duplicates,
    scan_households,
    scan_households_after_commit,
)
from bangfu.people.duplicates.scoring import MAX_PAIRS_PER_FILE, THRESHOLD, Match, score_pair

__all__ = [
    "MAX_PAIRS_PER_FILE",
    "THRESHOLD",
    "AddressKeys",
    "FileRow",
    "Match",
    "PersonKey",
    "address_block_of",
    "address_match_keys",
    "address_similarity",
    "candidate_pairs",
    "detect_duplicates_for",
    "fill_match_keys",
    "find_pairs",
    "live_files",
    "mark_due",
    "member_phones",
    "normalise_address",
    "place_names_for",
    "read_rows",
    "scan_duplicates",
    "scan_households",
    "scan_households_after_commit",
    "score_pair",
]
