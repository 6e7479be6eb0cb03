"""Fuzzy duplicate check: the same family filed twice under different ID numbers, across districts.

The exact check (one ID number, one person) is the unique blind index; this module finds the rest,
within one city (`Household.city_code`), between files that still stand for a family.

A pair of files is a candidate when
  1. the heads have the same name pinyin and birth date (`张三丰` / `章三峰`, born the same day), or
  2. the normalised addresses share a block — road and house number, `五山路100号` — and are near-identical
     (difflib ratio ≥ 0.9), **and** a second signal holds: the full address (down to the flat) is the same,
     or the heads share their birth date, or their name pinyin, or their names (of three characters or more)
     differ in one character only. A building holds hundreds of families whose addresses differ by a room
     number; the address alone would pair them all.

Nothing is compared all-pairs. Each file yields a few keys — (pinyin, birth date), (block, birth date),
(block, pinyin), (block, name with one character masked), the full address — and only files sharing a key
are compared. A key shared by more than `GROUP_ALL_PAIRS` files is walked as a window of the
`WINDOW` nearest addresses; each file keeps at most `MAX_PAIRS_PER_FILE` pairs per scan (the most alike),
and its pairs then say so in their reasons.

Scans are incremental: `scan_households(ids)` compares a set of households (just created, edited or
imported) with the rest of their city through indexed lookups; `scan_duplicates(city)` compares the
households whose match keys changed since they were last compared (`Household.duplicate_scan_key`:
new or re-keyed households, e.g. by an import) with the city; `scan_duplicates(city, full=True)` is the
yearly clean-up over every file of the city, near-linear too. A pair is stored once; a pair already in
the queue — open or decided — is never stored again, so a resolved pair is not reopened.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, NamedTuple, TypeVar

from django.db import connection, transaction
from django.db.models import QuerySet

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.people.models import DuplicateCandidate, FileStatus, HardshipFile, Household, Person

ADDRESS_SIMILARITY = 0.9
BLOCK_MAX_LENGTH = 64
MAX_PAIRS_PER_FILE = 10
GROUP_ALL_PAIRS = 50  # a key shared by more files than this is compared as a window of neighbours
WINDOW = 10
SIMILAR_NAME_MIN_LENGTH = 3  # two-character names one character apart are too often different people
CHUNK = 500
# Files that no longer stand for a family need no comparing.
IGNORED_STATUSES = (FileStatus.MERGED, FileStatus.REJECTED)

_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
_NUMERAL_RUN = re.compile(r"[〇零一二两三四五六七八九十]+(?=[号栋幢座楼层室单元弄巷街坊排])")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_BUILDING = re.compile(r"(\d+)(?:号楼|幢|座|栋)")  # 3号楼, 3幢, 3座 and 3栋 are one building
_ROOM_SUFFIX = re.compile(r"(\d+)(?:室|房|户)$")  # 201室 = 201房 = 201
# A street office or town written before the road (五山街道五山路…): dropped, as the district is. Applied until
# nothing changes, so a road named after a town (镇南路 → 南路) gives one key whether prefixed or not.
_AREA_PREFIX = re.compile(r"^\D{0,8}?(?:街道办事处|街道办|街道|镇|乡)(?=.)")
_HOUSE = re.compile(r"^.*?\d+号")
_FIRST_NUMBER = re.compile(r"^\D*\d+")
_ORG_SUFFIXES = ("总工会", "工会")
_T = TypeVar("_T")


@dataclass(frozen=True)
class AddressKeys:
    city_code: str
    address_key: str
    address_block: str


def _chinese_number(text: str) -> str:
    """`十二` → `12`, `二十三` → `23`, `三` → `3`, `一〇五` → `105` (house and building numbers)."""
    if "十" not in text:
        return "".join(str(_CHINESE_DIGITS[ch]) for ch in text)
    tens, _sep, units = text.partition("十")
    value = (_CHINESE_DIGITS.get(tens[-1], 1) if tens else 1) * 10
    value += _CHINESE_DIGITS.get(units[:1], 0) if units else 0
    return str(value)


def normalise_address(address: str, place_names: Sequence[str] = ()) -> str:
    """Half-width, no spaces or punctuation, Chinese numbers as digits, one word for a building, no 室 at the
    end, leading place names (province, city, district, street office) dropped. Applying it twice changes
    nothing more (the stored keys can be re-derived from themselves)."""
    text = unicodedata.normalize("NFKC", address or "")
    text = _NOISE.sub("", text)
    names = sorted((name for name in place_names if name), key=len, reverse=True)
    previous = None
    while previous != text:  # 天河街道天河区…: place names and street offices in any order
        previous = text
        for name in names:
            if text.startswith(name) and len(text) > len(name):
                text = text[len(name):]
        text = _AREA_PREFIX.sub("", text)
    text = _NUMERAL_RUN.sub(lambda match: _chinese_number(match.group(0)), text)
    text = _BUILDING.sub(r"\1栋", text)
    text = _ROOM_SUFFIX.sub(r"\1", text)
    return text.lower()


def address_block_of(address_key: str) -> str:
    """Road and house number (`五山路100号`); without a 号, up to the first number; without a number, all."""
    match = _HOUSE.match(address_key) or _FIRST_NUMBER.match(address_key)
    return (match.group(0) if match else address_key)[:BLOCK_MAX_LENGTH]


def place_names_for(org: OrgUnit) -> list[str]:
    """`广州市`, `广州`, `天河区`, `天河` …: province, city and district names above the household, as
    addresses write them. Street names are kept: a street office is often named after the road itself."""
    codes = [code for code in org.path.strip("/").split("/") if code]
    levels = (OrgLevel.PROVINCE, OrgLevel.CITY, OrgLevel.COUNTY)
    names: list[str] = []
    for unit_name in OrgUnit.objects.filter(code__in=codes, level__in=levels).values_list("name", flat=True):
        place = unit_name
        for suffix in _ORG_SUFFIXES:
            place = place.removesuffix(suffix)
        for part in re.split(r"(?<=[省市区县])", place):
            if len(part) >= 2:
                names.append(part)
                short = re.sub(r"(省|市|自治区|特别行政区|区|县|街道|镇)$", "", part)
                if len(short) >= 2:
                    names.append(short)
    return names


def address_match_keys(address: str, *, region_code: str, place_names: Sequence[str] = ()) -> AddressKeys:
    """The household's match keys; the importer calls this per row with `place_names_for(org)` cached per unit."""
    key = normalise_address(address, place_names)[:200]
    return AddressKeys(city_code=region_code[:4], address_key=key, address_block=address_block_of(key))


def fill_match_keys(household: Household, org: OrgUnit) -> None:
    """Set the household's match keys from its address and unit (the service calls this before saving)."""
    keys = address_match_keys(household.address, region_code=household.region_code or org.region_code,
                              place_names=place_names_for(org))
    household.city_code, household.address_key, household.address_block = (
        keys.city_code, keys.address_key, keys.address_block)


def address_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < ADDRESS_SIMILARITY or matcher.quick_ratio() < ADDRESS_SIMILARITY:
        return 0.0
    return matcher.ratio()


class FileRow(NamedTuple):
    """What the comparison reads of one file: its household's keys and its head's name keys."""

    file_id: int
    household_id: int
    city: str
    address_key: str
    block: str
    name: str
    pinyin: str
    birth: Any  # datetime.date
    checked: str  # the household's duplicate_scan_key

    def scan_key(self) -> str:
        """A digest of the keys compared (address, head pinyin, birth date): when it differs from `checked`,
        the household is due for comparing again. Only a digest is stored: no second copy of the address."""
        text = f"{self.address_key}|{self.pinyin}|{self.birth.isoformat() if self.birth else ''}"
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def match_keys(self) -> list[tuple[Any, ...]]:
        """The comparison keys: files sharing none of them are never compared."""
        keys: list[tuple[Any, ...]] = []
        if self.pinyin and self.birth:
            keys.append(("name_birth", self.city, self.pinyin, self.birth))
        if not self.block:
            return keys
        if self.address_key != self.block:  # down to a building or flat: the same key is a signal itself
            keys.append(("same_address", self.city, self.address_key))
        if self.birth:
            keys.append(("same_birth", self.city, self.block, self.birth))
        if self.pinyin:
            keys.append(("same_pinyin", self.city, self.block, self.pinyin))
        if len(self.name) >= SIMILAR_NAME_MIN_LENGTH:
            keys += [("similar_name", self.city, self.block, f"{self.name[:i]}*{self.name[i + 1:]}")
                     for i in range(len(self.name))]
        return keys


ROW_FIELDS = ("pk", "household_id", "household__city_code", "household__address_key", "household__address_block",
              "household__head__name", "household__head__name_pinyin", "household__head__birth_date",
              "household__duplicate_scan_key")


@dataclass
class Match:
    """Why two files were paired (the signals that held) and how alike their addresses are."""

    name_birth: bool = False
    same_address: bool = False
    same_birth: bool = False
    same_pinyin: bool = False
    similar_name: bool = False
    similarity: float = 0.0
    crowded: int = 0  # the files of the pair had this many candidates; only the closest were kept

    def clear_address_signals(self) -> None:
        self.same_address = self.same_birth = self.same_pinyin = self.similar_name = False

    def holds(self) -> bool:
        address = self.similarity >= ADDRESS_SIMILARITY and (
            self.same_address or self.same_birth or self.same_pinyin or self.similar_name)
        return self.name_birth or address

    def rank(self) -> tuple[int, int, int, float]:
        """Higher is more alike: same person first, then the same flat, then the number of signals."""
        signals = self.same_birth + self.same_pinyin + self.similar_name
        return (int(self.name_birth), int(self.same_address), signals, self.similarity)

    def reasons(self) -> list[str]:
        reasons = []
        if self.name_birth:
            reasons.append("户主姓名拼音相同且出生日期相同")
        if self.same_address:
            reasons.append("住址相同（规范化后一致）")
        elif self.similarity >= ADDRESS_SIMILARITY:
            reasons.append(f"住址高度相似（相似度 {self.similarity:.2f}）")
        if not self.name_birth:
            if self.same_birth:
                reasons.append("户主出生日期相同")
            if self.same_pinyin:
                reasons.append("户主姓名拼音相同")
            elif self.similar_name:
                reasons.append("户主姓名仅一字之差")
        if self.crowded > MAX_PAIRS_PER_FILE:
            reasons.append(f"该户相似档案较多（本次共 {self.crowded} 个），仅列出最相近的 {MAX_PAIRS_PER_FILE} 个")
        return reasons


def _chunks(items: Sequence[_T], size: int = CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _live_files() -> QuerySet[HardshipFile]:
    return HardshipFile.objects.exclude(status__in=IGNORED_STATUSES).exclude(household__city_code="")


def _rows(files: QuerySet[HardshipFile]) -> list[FileRow]:
    return [FileRow(*values) for values in files.values_list(*ROW_FIELDS)]


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


def find_pairs(subjects: Sequence[FileRow], pool: Iterable[FileRow]) -> dict[tuple[int, int], Match]:
    """Candidate pairs between `subjects` and `pool` (which may hold them), verified, capped per file."""
    subject_ids = {row.file_id for row in subjects}
    wanted = {key for row in subjects for key in row.match_keys()}
    groups: dict[tuple[Any, ...], dict[int, FileRow]] = defaultdict(dict)
    rows: dict[int, FileRow] = {}
    for row in pool:
        for key in row.match_keys():
            if key in wanted:
                groups[key][row.file_id] = row
                rows[row.file_id] = row
    pairs: dict[tuple[int, int], Match] = defaultdict(Match)
    crowd: dict[int, int] = defaultdict(int)
    for key, members in groups.items():
        if len(members) < 2:
            continue
        group = list(members.values())
        if len(group) > GROUP_ALL_PAIRS:
            for row in group:
                crowd[row.file_id] = max(crowd[row.file_id], len(group) - 1)
        for first, second in _pairs_in(group, subject_ids):
            setattr(pairs[_pair(first.file_id, second.file_id)], key[0], True)
    verified: dict[tuple[int, int], Match] = {}
    for (a, b), match in pairs.items():
        match.similarity = address_similarity(rows[a].address_key, rows[b].address_key)
        if match.similarity < ADDRESS_SIMILARITY:
            match.clear_address_signals()
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


def _record(pairs: dict[tuple[int, int], Match]) -> list[DuplicateCandidate]:
    """Store new pairs; a pair already in the queue (open or decided) is left as it is."""
    if not pairs:
        return []
    existing: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted({a for a, _b in pairs})):
        existing.update(DuplicateCandidate.objects.filter(file_a_id__in=chunk).values_list("file_a_id", "file_b_id"))
    new = [
        DuplicateCandidate(file_a_id=a, file_b_id=b, name_birth_match=match.name_birth,
                           address_similarity=round(match.similarity, 4), reasons=match.reasons())
        for (a, b), match in sorted(pairs.items())
        if (a, b) not in existing
    ]
    DuplicateCandidate.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    return new


def _mark_compared(subjects: Sequence[FileRow]) -> None:
    """Remember the keys each household was compared with (as read: a change since makes it due again)."""
    changed = [(key, row.household_id) for row in subjects if row.checked != (key := row.scan_key())]
    if not changed:
        return
    # One prepared statement, many parameter rows: bulk_update's CASE expressions cost ~0.3 ms a row here.
    meta, quote = Household._meta, connection.ops.quote_name
    sql = (f"UPDATE {quote(meta.db_table)} SET {quote(meta.get_field('duplicate_scan_key').column)} = %s "  # noqa: S608
           f"WHERE {quote(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, changed)


def _compare(subjects: Sequence[FileRow], pool: Iterable[FileRow]) -> list[DuplicateCandidate]:
    pairs = find_pairs(subjects, pool)  # computed before the write lock is taken
    with transaction.atomic():
        made = _record(pairs)
        _mark_compared(subjects)
    return made


def _neighbours(subjects: Sequence[FileRow]) -> list[FileRow]:
    """Files of the subjects' cities sharing a head's (pinyin, birth date) or an address block: indexed lookups
    (`person_pinyin_birth`, then households by head; `household_address_block`), a few per 500 subjects,
    whatever the city's size."""
    people = {(row.city, row.pinyin, row.birth) for row in subjects if row.pinyin and row.birth}
    blocks: dict[str, set[str]] = defaultdict(set)
    for row in subjects:
        if row.block:
            blocks[row.city].add(row.block)
    found: dict[int, FileRow] = {}
    for chunk in _chunks(sorted({(pinyin, birth) for _city, pinyin, birth in people})):
        wanted = set(chunk)
        heads = [pk for pk, pinyin, birth in Person.objects.filter(
            name_pinyin__in={pinyin for pinyin, _birth in chunk}, birth_date__in={birth for _pinyin, birth in chunk},
        ).values_list("pk", "name_pinyin", "birth_date") if (pinyin, birth) in wanted]
        for head_chunk in _chunks(heads):
            found.update((row.file_id, row) for row in _rows(_live_files().filter(household__head_id__in=head_chunk))
                         if (row.city, row.pinyin, row.birth) in people)
    for city, names in blocks.items():
        for block_chunk in _chunks(sorted(names)):
            files = _live_files().filter(household__city_code=city, household__address_block__in=block_chunk)
            found.update((row.file_id, row) for row in _rows(files))
    return list(found.values())


def scan_households(household_ids: Iterable[int]) -> list[DuplicateCandidate]:
    """Compare these households (just created, edited or imported) with the rest of their city."""
    ids = sorted(set(household_ids))
    subjects = [row for chunk in _chunks(ids) for row in _rows(_live_files().filter(household_id__in=chunk))]
    if not subjects:
        return []
    return _compare(subjects, [*subjects, *_neighbours(subjects)])


def detect_duplicates_for(hardship_file: HardshipFile) -> list[DuplicateCandidate]:
    """Candidates for one new or edited file: a few indexed lookups inside its city."""
    return scan_households([hardship_file.household_id])


def scan_households_after_commit(household_ids: Iterable[int]) -> None:
    """Scan these households once the caller's transaction has committed: the scan must not run inside
    the filing's transaction, which holds the audit chain's lock (and on SQLite the only write lock) —
    every other audited write would wait for it. The filing is saved whatever the scan finds."""
    ids = sorted(set(household_ids))
    transaction.on_commit(lambda: scan_households(ids))


def scan_duplicates(city_code: str | None = None, *, full: bool = False) -> list[DuplicateCandidate]:
    """One city (or every city), after a bulk write such as an import: the households whose match keys
    changed since they were last compared, against the whole city; `full` compares every file again
    (the yearly clean-up). One read of the city's keys, then hash joins: near-linear, never all-pairs."""
    files = _live_files()
    cities = [city_code] if city_code else sorted(set(files.values_list("household__city_code", flat=True)))
    made: list[DuplicateCandidate] = []
    for city in cities:
        rows = _rows(files.filter(household__city_code=city))
        subjects = rows if full else [row for row in rows if row.checked != row.scan_key()]
        if subjects:
            made += _compare(subjects, rows)
    return made
