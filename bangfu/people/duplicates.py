"""Fuzzy duplicate check: the same family filed twice under different ID numbers, across districts.

Two files are candidates when, within one city, their heads share name pinyin and birth date, or their
addresses are near-identical (difflib ratio ≥ 0.9 of the normalised address). Comparison is blocked —
by (city, pinyin, birth date) through an index, and by (city, first characters of the address) — so a
check costs a few indexed lookups, never a pass over the city's 10⁵ files.
The exact check (one ID number, one person) is the unique blind index; this module finds the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Count, QuerySet

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.people.models import DuplicateCandidate, FileStatus, HardshipFile, Household

ADDRESS_SIMILARITY = 0.9
ADDRESS_BLOCK_CHARS = 3
# Files that no longer stand for a family need no comparing.
IGNORED_STATUSES = (FileStatus.MERGED, FileStatus.REJECTED)

_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
_NUMERAL_RUN = re.compile(r"[〇零一二两三四五六七八九十]+(?=[号栋幢座楼层室单元弄巷街坊排])")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_ORG_SUFFIXES = ("总工会", "工会")


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
    """Half-width, no spaces or punctuation, Chinese house numbers as digits, leading place names dropped."""
    text = unicodedata.normalize("NFKC", address or "")
    text = _NOISE.sub("", text)
    text = _NUMERAL_RUN.sub(lambda match: _chinese_number(match.group(0)), text)
    stripped = True
    while stripped:
        stripped = False
        for name in sorted(place_names, key=len, reverse=True):
            if name and text.startswith(name) and len(text) > len(name):
                text = text[len(name):]
                stripped = True
    return text.lower()


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
    return AddressKeys(city_code=region_code[:4], address_key=key, address_block=key[:ADDRESS_BLOCK_CHARS])


def address_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < ADDRESS_SIMILARITY or matcher.quick_ratio() < ADDRESS_SIMILARITY:
        return 0.0
    return matcher.ratio()


@dataclass
class _Match:
    name_birth: bool = False
    similarity: float = 0.0

    def reasons(self) -> list[str]:
        reasons = []
        if self.name_birth:
            reasons.append("户主姓名拼音相同且出生日期相同")
        if self.similarity >= ADDRESS_SIMILARITY:
            reasons.append(f"住址高度相似（相似度 {self.similarity:.2f}）")
        return reasons


def _live_files() -> QuerySet[HardshipFile]:
    return HardshipFile.objects.exclude(status__in=IGNORED_STATUSES)


def _record(pairs: dict[tuple[int, int], _Match]) -> list[DuplicateCandidate]:
    """Store new pairs; a pair already in the queue (open or decided) is left as it is."""
    if not pairs:
        return []
    existing = set(
        DuplicateCandidate.objects.filter(file_a_id__in={a for a, _b in pairs}).values_list("file_a_id", "file_b_id")
    )
    new = [
        DuplicateCandidate(file_a_id=a, file_b_id=b, name_birth_match=match.name_birth,
                           address_similarity=round(match.similarity, 4), reasons=match.reasons())
        for (a, b), match in sorted(pairs.items())
        if (a, b) not in existing
    ]
    return DuplicateCandidate.objects.bulk_create(new, ignore_conflicts=True)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def detect_duplicates_for(hardship_file: HardshipFile) -> list[DuplicateCandidate]:
    """Candidates for one (new or edited) file: two indexed lookups inside its city."""
    household = hardship_file.household
    head = household.head
    if not household.city_code:
        return []
    pairs: dict[tuple[int, int], _Match] = defaultdict(_Match)
    others = _live_files().exclude(pk=hardship_file.pk).filter(household__city_code=household.city_code)
    same_person = others.filter(household__head__name_pinyin=head.name_pinyin,
                                household__head__birth_date=head.birth_date).values_list("pk", flat=True)
    for other_pk in same_person:
        pairs[_pair(hardship_file.pk, other_pk)].name_birth = True
    if household.address_block:
        nearby = others.filter(household__address_block=household.address_block).values_list(
            "pk", "household__address_key")
        for other_pk, other_key in nearby:
            similarity = address_similarity(household.address_key, other_key)
            if similarity >= ADDRESS_SIMILARITY:
                pairs[_pair(hardship_file.pk, other_pk)].similarity = similarity
    return _record(pairs)


def scan_duplicates(city_code: str | None = None) -> list[DuplicateCandidate]:
    """The whole register (or one city) at once, e.g. after an import: grouped queries, pairs within groups."""
    files = _live_files()
    if city_code:
        files = files.filter(household__city_code=city_code)
    files = files.exclude(household__city_code="")
    pairs: dict[tuple[int, int], _Match] = defaultdict(_Match)
    person_groups = (files.values("household__city_code", "household__head__name_pinyin", "household__head__birth_date")
                     .annotate(n=Count("pk")).filter(n__gt=1))
    for group in person_groups:
        ids = sorted(files.filter(**{key: value for key, value in group.items() if key != "n"})
                     .values_list("pk", flat=True))
        for i, first in enumerate(ids):
            for second in ids[i + 1:]:
                pairs[(first, second)].name_birth = True
    address_groups = (files.exclude(household__address_block="").values("household__city_code",
                                                                         "household__address_block")
                      .annotate(n=Count("pk")).filter(n__gt=1))
    for group in address_groups:
        rows = sorted(files.filter(household__city_code=group["household__city_code"],
                                   household__address_block=group["household__address_block"])
                      .values_list("pk", "household__address_key"))
        for i, (first, first_key) in enumerate(rows):
            for second, second_key in rows[i + 1:]:
                similarity = address_similarity(first_key, second_key)
                if similarity >= ADDRESS_SIMILARITY:
                    pairs[(first, second)].similarity = similarity
    return _record(pairs)


def fill_match_keys(household: Household, org: OrgUnit) -> None:
    """Set the household's match keys from its address and unit (the service calls this before saving)."""
    keys = address_match_keys(household.address, region_code=household.region_code or org.region_code,
                              place_names=place_names_for(org))
    household.city_code, household.address_key, household.address_block = (
        keys.city_code, keys.address_key, keys.address_block)
