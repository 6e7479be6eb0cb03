"""Fuzzy duplicate check: the same family filed twice under different ID numbers, across districts.

The exact check (one ID number, one person) is the unique blind index; this module finds the rest,
within one city (`Household.city_code`), between files that still stand for a family.

Every pair of files sharing a match key is scored (every member, the phones, the address parsed to its road
and house number) and queued from `THRESHOLD` points on, with its reasons; docs/register.md has the table.

Nothing is compared all-pairs. Each file yields one key per signal the score can use, per member — (pinyin,
birth date), (birth date, name with one character masked), (block, pinyin) — and its flat; only files sharing a
key are scored. A key shared by more than `GROUP_ALL_PAIRS` files is walked as a window of the `WINDOW` nearest
addresses; each file keeps at most `MAX_PAIRS_PER_FILE` pairs per scan (the most alike), and its pairs then say
so in their reasons.

Scans are incremental: `scan_households(ids)` compares a set of households (just created, edited or
imported) with the rest of their city through indexed lookups; `scan_duplicates(city)` compares the
households whose match keys changed since they were last compared (`Household.duplicate_scan_key`:
new or re-keyed households, e.g. by an import) with the city; `scan_duplicates(city, full=True)` is the
yearly clean-up over every file of the city, near-linear too. A pair is stored once; a pair already in
the queue — open or decided — is never stored again, so a resolved pair is not reopened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, NamedTuple, TypeVar

from django.db import connection, transaction
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.people.models import DuplicateCandidate, FileStatus, HardshipFile, Household, HouseholdMember, Person

ADDRESS_SIMILARITY = 0.9
BLOCK_MAX_LENGTH = 64
MAX_PAIRS_PER_FILE = 10
GROUP_ALL_PAIRS = 50  # a key shared by more files than this is compared as a window of neighbours
WINDOW = 10
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


class PersonKey(NamedTuple):
    """What the comparison reads of one member: name, its pinyin, birth date and person id."""

    name: str
    pinyin: str
    birth: Any  # datetime.date
    person_id: int


class FileRow(NamedTuple):
    """What the comparison reads of one file: its household's keys, its head's name keys and every member's."""

    file_id: int
    household_id: int
    city: str
    address_key: str
    block: str
    name: str
    pinyin: str
    birth: Any  # datetime.date
    checked: str  # the household's duplicate_scan_key
    people: tuple[PersonKey, ...] = ()  # every member, the head included

    def persons(self) -> tuple[PersonKey, ...]:
        return self.people or (PersonKey(self.name, self.pinyin, self.birth, 0),)

    def scan_key(self) -> str:
        """A digest of the keys compared (address, every member's pinyin and birth date): when it differs from
        `checked`, the household is due for comparing again. Only a digest is stored: no copy of the address."""
        members = sorted(f"{p.pinyin}/{p.birth.isoformat() if p.birth else ''}" for p in self.persons())
        text = f"{self.address_key}|{'|'.join(members)}"
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def match_keys(self, near: Container[tuple[Any, str]] | None = None) -> list[tuple[Any, ...]]:
        """The comparison keys: files sharing none of them are never scored. One key per signal the score can
        use, per member (not only the head: a family filed by the husband in one district and by the wife in
        another shares its members): the same person (pinyin, birth date); a name one character apart with
        the same birth date; the same pinyin at the same road and number (a birth date mistyped); the flat.

        `near` (from `name_parts`) leaves out the one-character-apart keys no file under scan can share: two
        names of one birth date one character apart agree on their first character or on all the others."""
        keys: list[tuple[Any, ...]] = []
        for person in self.persons():
            if person.birth:
                if person.pinyin:
                    keys.append(("name_birth", self.city, person.pinyin, person.birth))
                if len(person.name) >= 2 and (near is None or (person.birth, person.name[:1]) in near
                                              or (person.birth, person.name[1:]) in near):
                    keys += [("similar_name", self.city, person.birth, f"{person.name[:i]}*{person.name[i + 1:]}")
                             for i in range(len(person.name))]
            if self.block and person.pinyin:
                keys.append(("same_pinyin", self.city, self.block, person.pinyin))
        if self.block and self.address_key != self.block:  # down to a building or flat
            keys.append(("same_address", self.city, self.address_key))
        return keys


def name_parts(rows: Iterable[FileRow]) -> set[tuple[Any, str]]:
    """(birth date, first character) and (birth date, the rest of the name) of every member: what a name one
    character apart from one of theirs must share with it."""
    return {(p.birth, part) for row in rows for p in row.persons() if p.birth and len(p.name) >= 2
            for part in (p.name[:1], p.name[1:])}


ROW_FIELDS = ("pk", "household_id", "household__city_code", "household__address_key", "household__address_block",
              "household__head_id", "household__duplicate_scan_key")
MEMBER_FIELDS = ("household_id", "person__name", "person__name_pinyin", "birth_text", "person_id")

# --- The score of a pair: evidence for "one family", each signal weighed by how rarely it holds by chance --------

THRESHOLD = 6.0  # a pair is queued from this score on: two independent signals, or one that is proof enough
MEMBER_SAME = 3.0  # a member in both files, head or not: same name pinyin and birth date (homophones included)
FIRST_SAME = 1.0  # more for the first such member: one person alike, with nothing else, is still chance (4 < 6)
MEMBER_SIMILAR = 3.0  # same birth date, names one character apart (a typo)
MEMBER_CLOSE = 2.0  # same name pinyin, birth dates one digit or a day, a month or a year apart (a typo)
MAX_MEMBER_POINTS = 10.0
PHONE_SAME = 4.0
PHONE_DIFFERENT = -1.0  # both given, different: weak (numbers change), yet evidence against
SAME_FLAT = 6.0  # one flat holds one family: proof enough on its own
ADDRESS_SIMILAR = 3.0  # same road and number, near-identical down to the flat (a room typed differently)
ADDRESS_FAR = -1.0  # both given, another road or house number: families move, so weak


def birth_close(a: Any, b: Any) -> bool:
    """Two different dates one typing slip apart: one digit of YYYYMMDD, or a day, a month or a year off."""
    if not a or not b or a == b:
        return False
    digits = sum(x != y for x, y in zip(f"{a:%Y%m%d}", f"{b:%Y%m%d}", strict=True))
    days = abs((a - b).days)
    return digits == 1 or days == 1 or ((a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1) \
        or ((a.year, a.day) == (b.year, b.day) and abs(a.month - b.month) == 1)


def one_character_apart(a: str, b: str) -> bool:
    return len(a) == len(b) >= 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


@dataclass
class Match:
    """Why two files may be one family: the signals that held, their score and how alike the addresses are."""

    heads_same: bool = False
    same: int = 0  # members (heads included) with the same name pinyin and birth date
    similar: int = 0  # same birth date, names one character apart
    close: int = 0  # same name pinyin, birth dates a typo apart
    phone: int = 0  # 1 same, -1 different (both given), 0 unknown
    same_address: bool = False
    similarity: float = 0.0
    far: bool = False  # both addresses given, different blocks
    score: float = 0.0
    crowded: int = 0  # the files of the pair had this many candidates; only the closest were kept

    @property
    def name_birth(self) -> bool:
        return self.same > 0

    def compute(self) -> float:
        members = MEMBER_SAME * self.same + (FIRST_SAME if self.same else 0.0) + MEMBER_SIMILAR * self.similar \
            + MEMBER_CLOSE * self.close
        address = SAME_FLAT if self.same_address else ADDRESS_SIMILAR if self.similarity >= ADDRESS_SIMILARITY \
            else ADDRESS_FAR if self.far else 0.0
        phone = PHONE_SAME if self.phone > 0 else PHONE_DIFFERENT if self.phone < 0 else 0.0
        self.score = round(min(members, MAX_MEMBER_POINTS) + address + phone, 2)
        return self.score

    def holds(self) -> bool:
        return self.score >= THRESHOLD

    def rank(self) -> tuple[float, float]:
        return (self.score, self.similarity)

    def reasons(self) -> list[str]:
        reasons = []
        if self.heads_same:
            reasons.append("户主姓名拼音相同且出生日期相同")
        others = self.same - self.heads_same
        if others:
            reasons.append(f"另有 {others} 名家庭成员姓名拼音和出生日期相同")
        if self.similar:
            reasons.append(f"{self.similar} 名家庭成员出生日期相同、姓名仅一字之差")
        if self.close:
            reasons.append(f"{self.close} 名家庭成员姓名拼音相同、出生日期仅一处之差")
        if self.phone > 0:
            reasons.append("联系电话相同")
        if self.same_address:
            reasons.append("住址相同（规范化后一致）")
        elif self.similarity >= ADDRESS_SIMILARITY:
            reasons.append(f"住址高度相似（相似度 {self.similarity:.2f}）")
        if self.phone < 0:
            reasons.append("联系电话不同")
        if self.far:
            reasons.append("住址不在同一门牌")
        reasons.append(f"综合评分 {self.score:g}（{THRESHOLD:g} 分起列为疑似重复）")
        if self.crowded > MAX_PAIRS_PER_FILE:
            reasons.append(f"该户相似档案较多（本次共 {self.crowded} 个），仅列出最相近的 {MAX_PAIRS_PER_FILE} 个")
        return reasons


def compare_members(first: FileRow, second: FileRow, match: Match) -> None:
    """Each member of the first file matched to at most one of the second: the same person, a typo away, or not."""
    others = list(second.persons())
    for person in first.persons():
        kind, found = "", None
        for other in others:
            if person.birth and person.birth == other.birth and person.pinyin and person.pinyin == other.pinyin:
                kind, found = "same", other
                break
            if not kind and person.birth and person.birth == other.birth and one_character_apart(person.name,
                                                                                                 other.name):
                kind, found = "similar", other
            elif not kind and person.pinyin and person.pinyin == other.pinyin and birth_close(person.birth,
                                                                                              other.birth):
                kind, found = "close", other
        if found is None:
            continue
        others.remove(found)
        setattr(match, kind, getattr(match, kind) + 1)
        if kind == "same" and (person.pinyin, person.birth) == (first.pinyin, first.birth) \
                and (found.pinyin, found.birth) == (second.pinyin, second.birth):
            match.heads_same = True


def score_pair(first: FileRow, second: FileRow, phones: dict[int, set[str]] | None = None) -> Match:
    """The full comparison of two files: every member, the phone numbers, the address parsed to its block."""
    match = Match()
    compare_members(first, second, match)
    match.similarity = address_similarity(first.address_key, second.address_key)
    match.same_address = bool(first.address_key) and first.address_key == second.address_key \
        and first.address_key != first.block
    match.far = bool(first.block and second.block) and first.block != second.block
    if phones is not None:
        mine, theirs = phones.get(first.file_id, set()), phones.get(second.file_id, set())
        match.phone = (1 if mine & theirs else -1) if mine and theirs else 0
    match.compute()
    return match


def _chunks(items: Sequence[_T], size: int = CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _live_files() -> QuerySet[HardshipFile]:
    return HardshipFile.objects.exclude(status__in=IGNORED_STATUSES).exclude(household__city_code="")


# A named tuple made from a plain one without the generated Python `__new__` (a frame per row): a city's rows
# and members are 400,000 tuples, and their making was a fifth of the read.
_new_tuple = tuple.__new__


def _rows(files: QuerySet[HardshipFile]) -> list[FileRow]:
    """The files' rows, each with its household's members: two queries whatever the number of files (the members
    through a subquery of the files, not chunks of ids: one scan instead of hundreds of IN lists; the head's
    name keys taken from its member row rather than a second join to Person)."""
    households = list(files.values_list(*ROW_FIELDS))
    people: dict[int, list[PersonKey]] = defaultdict(list)
    members = HouseholdMember.objects.filter(household_id__in=files.values("household_id")).order_by("pk") \
        .annotate(birth_text=Cast("person__birth_date", CharField()))
    # Birth dates read as text and parsed once per distinct date: converting each of a city's 300,000 dates
    # (by the driver, then by Django) was a third of the read.
    dates: dict[str, dt.date] = {}
    for household_id, name, pinyin, birth, person_id in members.values_list(*MEMBER_FIELDS):
        day = dates.get(birth) if birth else None
        if day is None and birth:
            day = dates[birth] = dt.date.fromisoformat(birth)
        people[household_id].append(_new_tuple(PersonKey, (name, pinyin, day, person_id)))
    rows = []
    for file_id, household_id, city, address_key, block, head_id, checked in households:
        persons = tuple(people.get(household_id, ()))
        for head in persons:
            if head.person_id == head_id:
                break
        else:
            head = _head_outside(head_id)
        rows.append(_new_tuple(FileRow, (file_id, household_id, city, address_key, block, head.name, head.pinyin,
                                         head.birth, checked, persons)))
    return rows


def _head_outside(head_id: int) -> PersonKey:
    """A head who is not among the members (a record written by hand): read alone, so the heads still compare."""
    name, pinyin, birth = Person.objects.values_list("name", "name_pinyin", "birth_date").get(pk=head_id)
    return PersonKey(name, pinyin, birth, head_id)


def member_phones(household_ids: Sequence[int]) -> dict[int, set[str]]:
    """The members' phone numbers of these households, as stored (normalised): read only for the pairs scored,
    since each is decrypted."""
    phones: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(household_ids):
        for household_id, phone in HouseholdMember.objects.filter(household_id__in=chunk).exclude(person__phone="") \
                .values_list("household_id", "person__phone"):
            if phone:
                phones[household_id].add(phone)
    return phones


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
    wanted = {key for keys in keys_of.values() for key in keys}
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
            if key not in wanted:
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


def _record(pairs: dict[tuple[int, int], Match]) -> list[DuplicateCandidate]:
    """Store new pairs; a pair already in the queue (open or decided) is left as it is."""
    if not pairs:
        return []
    existing: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted({a for a, _b in pairs})):
        existing.update(DuplicateCandidate.objects.filter(file_a_id__in=chunk).values_list("file_a_id", "file_b_id"))
    new = [
        DuplicateCandidate(file_a_id=a, file_b_id=b, name_birth_match=match.name_birth,
                           address_similarity=round(match.similarity, 4), score=match.score, reasons=match.reasons())
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
    pairs = find_pairs(subjects, pool, phones=member_phones)  # computed before the write lock is taken
    with transaction.atomic():
        made = _record(pairs)
        _mark_compared(subjects)
    return made


def _neighbours(subjects: Sequence[FileRow]) -> list[FileRow]:
    """Files of the subjects' cities sharing a head's (pinyin, birth date) or an address block: indexed lookups
    (`person_pinyin_birth`, then households by head; `household_address_block`), a few per 500 subjects,
    whatever the city's size."""
    people = {(row.city, p.pinyin, p.birth) for row in subjects for p in row.persons() if p.pinyin and p.birth}
    blocks: dict[str, set[str]] = defaultdict(set)
    for row in subjects:
        if row.block:
            blocks[row.city].add(row.block)
    found: dict[int, FileRow] = {}
    for chunk in _chunks(sorted({(pinyin, birth) for _city, pinyin, birth in people})):
        wanted = set(chunk)
        persons = [pk for pk, pinyin, birth in Person.objects.filter(
            name_pinyin__in={pinyin for pinyin, _birth in chunk}, birth_date__in={birth for _pinyin, birth in chunk},
        ).values_list("pk", "name_pinyin", "birth_date") if (pinyin, birth) in wanted]
        for person_chunk in _chunks(persons):
            households = HouseholdMember.objects.filter(person_id__in=person_chunk).values("household_id")
            found.update((row.file_id, row) for row in _rows(_live_files().filter(household_id__in=households))
                         if any((row.city, p.pinyin, p.birth) in people for p in row.persons()))
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
        subjects = rows if full else [row for row in rows if not row.checked or row.checked != row.scan_key()]
        if subjects:
            made += _compare(subjects, rows)
    return made
