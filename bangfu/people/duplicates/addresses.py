"""Addresses as the duplicate check compares them: normalised (`address_key`) and blocked by road and house
number (`address_block`); the household's match keys are derived here, by the services and the importer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.people.models import Household

ADDRESS_SIMILARITY = 0.9
BLOCK_MAX_LENGTH = 64

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
