"""The person–job matching engine: inputs, hard filters, the reference score, and top-k both ways.

Pure: numpy, scipy.sparse and jieba; no Django. The services convert models into ``Seeker`` and
``Opening`` and persist what comes back.

Two implementations of one specification:

* ``exclusions`` and ``score_pair`` score one pair in plain Python. They are the specification: easy
  to read, and they produce the Chinese reasons.
* ``MatchIndex`` scores every pair with sparse matrix products, blocked by district and chunked
  over seekers, and keeps the top k both ways. Tests assert that it equals the reference.

Weekly time is a 168-bit int mask: bit ``weekday*24 + hour`` (weekday 0 = 周一, hour 0–23) is the
hour [hour, hour+1) of that weekday.
"""

from __future__ import annotations

import csv
import functools
import itertools
import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from . import explain
from .occupations import (
    DEFAULT_EDITION,
    best_match,
    code_prefix,
    normalise_code,
    occupation_name,
    similarity_table,
)
from .text import Bm25Params, TextCorpus, shared_tokens_in_order, token_set, tokenize

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# --- weekly time slots --------------------------------------------------------------------------

HOURS_PER_DAY: Final = 24
DAYS_PER_WEEK: Final = 7
SLOTS_PER_WEEK: Final = HOURS_PER_DAY * DAYS_PER_WEEK
ALL_WEEK: Final = (1 << SLOTS_PER_WEEK) - 1
_WORD_BITS = 64
_MASK_WORDS = -(-SLOTS_PER_WEEK // _WORD_BITS)


def slot_bit(weekday: int, hour: int) -> int:
    """The bit index of one hour of the week (weekday 0 = 周一)."""
    if not (0 <= weekday < DAYS_PER_WEEK and 0 <= hour < HOURS_PER_DAY):
        raise ValueError(f"时间槽超出范围：星期 {weekday}，{hour} 时")
    return weekday * HOURS_PER_DAY + hour


def slot_mask(weekday: int, start_hour: int, end_hour: int) -> int:
    """The hours [start_hour, end_hour) of one weekday as a mask."""
    if not 0 <= start_hour <= end_hour <= HOURS_PER_DAY:
        raise ValueError(f"时段不正确：{start_hour}–{end_hour} 时")
    mask = 0
    for hour in range(start_hour, end_hour):
        mask |= 1 << slot_bit(weekday, hour)
    return mask


def slots_to_mask(slots: Iterable[tuple[int, int]]) -> int:
    """A mask from (weekday, hour) pairs."""
    mask = 0
    for weekday, hour in slots:
        mask |= 1 << slot_bit(weekday, hour)
    return mask


def mask_to_slots(mask: int) -> list[tuple[int, int]]:
    """The (weekday, hour) pairs set in a mask, in week order."""
    return [divmod(bit, HOURS_PER_DAY) for bit in range(SLOTS_PER_WEEK) if mask >> bit & 1]


def _check_mask(mask: int, field_name: str) -> None:
    if not 0 <= mask <= ALL_WEEK:
        raise ValueError(f"{field_name} 不是 168 位的每周时间掩码")


def _mask_words(masks: Sequence[int]) -> npt.NDArray[np.uint64]:
    """Masks as rows of uint64 words: bit b of a mask is bit b % 64 of word b // 64."""
    width = _MASK_WORDS * _WORD_BITS // 8
    raw = b"".join(mask.to_bytes(width, "little") for mask in masks)
    return np.frombuffer(raw, dtype="<u8").reshape(len(masks), _MASK_WORDS).astype(np.uint64)


# --- inputs -------------------------------------------------------------------------------------


def _clean_strings(values: Iterable[str]) -> frozenset[str]:
    return frozenset(value.strip() for value in values if value and value.strip())


def _fold(values: Iterable[str]) -> frozenset[str]:
    """Tags compare without case ("excel" is "Excel") and without surrounding spaces."""
    return frozenset(value.casefold() for value in values)


@dataclass(frozen=True)
class Seeker:
    """A job seeker as the engine sees them.

    Sets may be given as any set or iterable of strings; they are stored as frozensets.
    ``districts`` empty means any district; ``commute_limit_km`` counts only when
    ``home_district`` is known. The protected attributes (disability, caring_duties, sex, age)
    are carried so that the fairness test can prove they never lower a score: the engine does not
    read them.
    """

    id: str
    tags: AbstractSet[str] = frozenset()
    occupation_codes: Sequence[str] = ()
    occupation_edition: str = DEFAULT_EDITION
    districts: AbstractSet[str] = frozenset()
    home_district: str | None = None
    commute_limit_km: float | None = None
    free_slots: int = ALL_WEEK
    wage_floor_fen: int = 0
    needs: AbstractSet[str] = frozenset()
    text: str = ""
    employment_difficulty: bool = False
    disability: bool = False
    caring_duties: bool = False
    sex: str | None = None
    age: int | None = None

    def __post_init__(self) -> None:
        given = (self.occupation_codes,) if isinstance(self.occupation_codes, str) else self.occupation_codes
        codes = (normalise_code(code) for code in given if code.strip())
        object.__setattr__(self, "occupation_codes", tuple(dict.fromkeys(codes)))
        object.__setattr__(self, "home_district", (self.home_district or "").strip() or None)
        object.__setattr__(self, "tags", _clean_strings(self.tags))
        object.__setattr__(self, "districts", _clean_strings(self.districts))
        object.__setattr__(self, "needs", _clean_strings(self.needs))
        _check_mask(self.free_slots, "free_slots")
        if self.wage_floor_fen < 0:
            raise ValueError("期望月薪不能为负数")
        if self.commute_limit_km is not None and not self.commute_limit_km >= 0:
            raise ValueError("通勤上限必须是非负数")


@dataclass(frozen=True)
class Opening:
    """A job opening. ``valid_until`` None means no end date; ``shift_slots`` 0 means no fixed hours."""

    id: str
    title: str = ""
    occupation_code: str = ""
    edition: str = DEFAULT_EDITION
    tags: AbstractSet[str] = frozenset()
    text: str = ""
    district: str = ""
    wage_min_fen: int = 0
    wage_max_fen: int = 0
    shift_slots: int = 0
    openings_left: int = 1
    accommodations: AbstractSet[str] = frozenset()
    valid_until: date | None = None

    def __post_init__(self) -> None:
        code = normalise_code(self.occupation_code) if self.occupation_code.strip() else ""
        object.__setattr__(self, "occupation_code", code)
        object.__setattr__(self, "tags", _clean_strings(self.tags))
        object.__setattr__(self, "accommodations", _clean_strings(self.accommodations))
        object.__setattr__(self, "district", self.district.strip())
        _check_mask(self.shift_slots, "shift_slots")
        if not 0 <= self.wage_min_fen <= self.wage_max_fen:
            raise ValueError("岗位工资应满足 0 ≤ 最低月薪 ≤ 最高月薪")
        if self.openings_left < 0:
            raise ValueError("剩余名额不能为负数")


# --- weights: every number that shapes a score ---------------------------------------------------

PART_NAMES: Final = ("occupation", "tags", "text", "intention", "district", "wage", "priority")


@dataclass(frozen=True)
class Weights:
    """Every number that shapes a score, in one place.

    A pair's score is ``Σ weight × part`` over the parts below; each part lies in [0, 1], so with
    the defaults a score lies in [0, 1.05]. Every part also yields a Chinese reason.

    ===========  ===========================  =======  ===========================================
    part         weight field                 default  part value
    ===========  ===========================  =======  ===========================================
    occupation   ``occupation``               0.30     1 when the opening's 大典 code lies inside
                                                       one of the seeker's intended codes; else
                                                       by levels shared with the closest one:
                                                       小类 ``occupation_same_minor`` (0.6),
                                                       中类 ``occupation_same_middle`` (0.3),
                                                       大类 ``occupation_same_major`` (0.1), none 0
    tags         ``tags``                     0.20     share of the opening's tags the seeker has,
                                                       ``|S ∩ O| / |O|`` (coverage: a seeker's
                                                       extra skills do not dilute it, one shared
                                                       tag does not fill a list of many)
    text         ``text``                     0.15     BM25 of the seeker's words against the
                                                       opening's description, over the
                                                       description's own BM25 (``bm25_k1``,
                                                       ``bm25_b``)
    intention    ``intention``                0.10     share of the opening title's words that the
                                                       seeker's text mentions
    district     ``district``                 0.15     ``0.5 ** (km / distance_half_life_km)`` from
                                                       the home district (1 in the same district,
                                                       0.5 at 10 km); 0 when home is unknown
    wage         ``wage``                     0.10     1 when the floor ≤ wage_min, else the share
                                                       of the range above the floor
    priority     ``employment_difficulty_``   0.05     1 for 就业困难人员
                 ``bonus``
    ===========  ===========================  =======  ===========================================

    All weights are ≥ 0, which is what lets a priority raise a score and never lower one.
    """

    occupation: float = 0.30
    tags: float = 0.20
    text: float = 0.15
    intention: float = 0.10
    district: float = 0.15
    wage: float = 0.10
    employment_difficulty_bonus: float = 0.05
    occupation_same_minor: float = 0.6
    occupation_same_middle: float = 0.3
    occupation_same_major: float = 0.1
    distance_half_life_km: float = 10.0
    bm25_k1: float = 1.2
    bm25_b: float = 0.75

    def __post_init__(self) -> None:
        for name in PART_NAMES:
            if not self.weight_of(name) >= 0:
                raise ValueError(f"权重 {name} 必须是非负数")
        ladder = (*self.occupation_ladder, 1.0)
        if any(not low <= high for low, high in itertools.pairwise(ladder)):
            raise ValueError("职业层级分值应满足 0 ≤ 大类 ≤ 中类 ≤ 小类 ≤ 1")
        if not self.distance_half_life_km > 0 or not self.bm25_k1 > 0 or not 0 <= self.bm25_b <= 1:
            raise ValueError("距离半衰期与 BM25 k1 须为正数，BM25 b 须在 0 到 1 之间")

    def weight_of(self, part: str) -> float:
        if part == "priority":
            return self.employment_difficulty_bonus
        value: float = getattr(self, part)
        return value

    @property
    def occupation_ladder(self) -> tuple[float, float, float, float]:
        """Part value by levels shared (0–3) when the opening is not inside an intended code."""
        return (0.0, self.occupation_same_major, self.occupation_same_middle, self.occupation_same_minor)

    @property
    def bm25(self) -> Bm25Params:
        return Bm25Params(k1=self.bm25_k1, b=self.bm25_b)


DEFAULT_WEIGHTS: Final = Weights()


# --- districts ----------------------------------------------------------------------------------

EARTH_RADIUS_KM: Final = 6371.0088
DATA_DIR: Final = Path(__file__).resolve().parent / "data"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = math.radians(lat2 - lat1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name: str
    city: str
    lat: float
    lon: float


class DistrictTable:
    """Names and centroids of districts by region code; distances between them."""

    def __init__(self, districts: Iterable[District]) -> None:
        self._by_code = {district.code: district for district in districts}
        names = Counter(district.name for district in self._by_code.values())
        self._code_by_name = {d.name: d.code for d in self._by_code.values() if names[d.name] == 1}

    @classmethod
    def from_csv(cls, path: Path) -> DistrictTable:
        """A table from a CSV with columns ``code,name,city,lat,lon``."""
        with path.open(encoding="utf-8-sig") as source:
            rows = list(csv.DictReader(source))
        return cls(
            District(row["code"], row["name"], row.get("city", ""), float(row["lat"]), float(row["lon"]))
            for row in rows
        )

    @classmethod
    @functools.cache
    def default(cls) -> DistrictTable:
        """The shipped table: Guangzhou's 11, Beijing's 16 and Shanghai's 16 districts."""
        return cls.from_csv(DATA_DIR / "district_centroids.csv")

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def codes(self) -> list[str]:
        """Every district code of the table, sorted."""
        return sorted(self._by_code)

    def name(self, code: str) -> str:
        district = self._by_code.get(code)
        if district is not None:
            return district.name
        return code or "未填区域"

    def code_for_name(self, name: str) -> str | None:
        """The code of a district name that is unique in the table."""
        return self._code_by_name.get(name.strip())

    def distance_km(self, a: str, b: str) -> float | None:
        """0 within one district; None when either centroid is unknown."""
        if a == b:
            return 0.0
        first, second = self._by_code.get(a), self._by_code.get(b)
        if first is None or second is None:
            return None
        return haversine_km(first.lat, first.lon, second.lat, second.lon)


def _table(districts: DistrictTable | None) -> DistrictTable:
    return districts if districts is not None else DistrictTable.default()


def district_closeness(home: str | None, district: str, table: DistrictTable, half_life_km: float) -> float:
    """The district part: 1 in the home district, halving every ``half_life_km``; 0 if unknown."""
    if home is None:
        return 0.0
    km = table.distance_km(home, district)
    if km is None:
        return 0.0
    closeness: float = 0.5 ** (km / half_life_km)
    return closeness


# --- the hard filters (reference) ----------------------------------------------------------------

FILTER_NAMES: Final = ("validity", "capacity", "district", "commute", "schedule", "wage", "accommodation")


@dataclass(frozen=True, slots=True)
class Exclusion:
    """One filter that a pair fails, with its Chinese reason."""

    filter: str
    reason: str


def opening_is_open(opening: Opening, as_of: date) -> bool:
    """Places left and not past its end date."""
    return opening.openings_left > 0 and (opening.valid_until is None or opening.valid_until >= as_of)


def _commute_exclusion(seeker: Seeker, opening: Opening, table: DistrictTable) -> Exclusion | None:
    if seeker.commute_limit_km is None or seeker.home_district is None:
        return None
    name = table.name(opening.district)
    km = table.distance_km(seeker.home_district, opening.district)
    if km is None:
        return Exclusion("commute", explain.reason_commute_unknown(name))
    if km > seeker.commute_limit_km:
        return Exclusion("commute", explain.reason_commute_too_far(name, km, seeker.commute_limit_km))
    return None


def exclusions(
    seeker: Seeker, opening: Opening, *, as_of: date, districts: DistrictTable | None = None
) -> tuple[Exclusion, ...]:
    """Every filter the pair fails, in ``FILTER_NAMES`` order; empty when the pair is a candidate."""
    table = _table(districts)
    found: list[Exclusion] = []
    if opening.valid_until is not None and opening.valid_until < as_of:
        found.append(Exclusion("validity", explain.reason_expired(opening.valid_until)))
    if opening.openings_left <= 0:
        found.append(Exclusion("capacity", explain.reason_full()))
    if seeker.districts and opening.district not in seeker.districts:
        found.append(Exclusion("district", explain.reason_outside_districts(table.name(opening.district))))
    commute = _commute_exclusion(seeker, opening, table)
    if commute is not None:
        found.append(commute)
    outside_free_time = opening.shift_slots & ~seeker.free_slots
    if outside_free_time:
        found.append(Exclusion("schedule", explain.reason_schedule(outside_free_time)))
    if opening.wage_max_fen < seeker.wage_floor_fen:
        found.append(Exclusion("wage", explain.reason_wage(opening.wage_max_fen, seeker.wage_floor_fen)))
    missing = seeker.needs - opening.accommodations
    if missing:
        found.append(Exclusion("accommodation", explain.reason_accommodation(missing)))
    return tuple(found)


def explain_exclusion(
    seeker: Seeker, opening: Opening, *, as_of: date, districts: DistrictTable | None = None
) -> list[str]:
    """The Chinese reasons why a pair is not a candidate; empty when it is one."""
    return [exclusion.reason for exclusion in exclusions(seeker, opening, as_of=as_of, districts=districts)]


# --- the score (reference) -----------------------------------------------------------------------

PartValue = tuple[float, str | None]


def _occupation_part(seeker: Seeker, opening: Opening, weights: Weights) -> PartValue:
    match = best_match(
        seeker.occupation_codes,
        seeker.occupation_edition,
        opening.occupation_code,
        opening.edition,
        weights.occupation_ladder,
    )
    if match.editions_differ:
        return 0.0, explain.reason_editions_differ(seeker.occupation_edition, opening.edition)
    if match.value <= 0.0:
        return 0.0, None
    node = match.seeker_code if match.covered else code_prefix(match.opening_code, match.shared)
    reason = explain.reason_occupation(
        covered=match.covered,
        shared=match.shared,
        seeker_code=match.seeker_code,
        opening_code=match.opening_code,
        node_name=occupation_name(node, opening.edition),
    )
    return match.value, reason


def _tags_part(seeker: Seeker, opening: Opening) -> PartValue:
    if not opening.tags:
        return 0.0, None
    wanted = _fold(seeker.tags)
    shared = sorted(tag for tag in opening.tags if tag.casefold() in wanted)
    opening_count = len(_fold(opening.tags))
    shared_count = len(_fold(shared))
    if not shared_count:
        return 0.0, None
    return shared_count / opening_count, explain.reason_tags(shared, opening_count)


def _text_part(seeker: Seeker, opening: Opening, corpus: TextCorpus) -> PartValue:
    value, shared = corpus.coverage(seeker.text, opening.text)
    if value <= 0.0:
        return 0.0, None
    return value, explain.reason_text(shared)


def _intention_part(seeker: Seeker, opening: Opening) -> PartValue:
    title_words = token_set(opening.title)
    if not title_words:
        return 0.0, None
    mentioned = shared_tokens_in_order(tokenize(opening.title), token_set(seeker.text))
    if not mentioned:
        return 0.0, None
    return len(mentioned) / len(title_words), explain.reason_intention(mentioned)


def _district_part(seeker: Seeker, opening: Opening, weights: Weights, table: DistrictTable) -> PartValue:
    value = district_closeness(seeker.home_district, opening.district, table, weights.distance_half_life_km)
    if seeker.home_district is None:
        return value, None
    km = table.distance_km(seeker.home_district, opening.district)
    if km is None:
        return value, None
    name = table.name(opening.district)
    if km == 0.0:
        return value, explain.reason_same_district(name)
    return value, explain.reason_distance(name, km)


def wage_fit(floor_fen: int, wage_min_fen: int, wage_max_fen: int) -> float:
    """The wage part: 1 when the floor ≤ wage_min, else the share of the range above the floor.

    A floor above wage_max (which the wage filter excludes anyway) gives 0.
    """
    if floor_fen <= wage_min_fen:
        return 1.0
    if floor_fen > wage_max_fen:
        return 0.0
    return (wage_max_fen - floor_fen) / (wage_max_fen - wage_min_fen)


def _wage_part(seeker: Seeker, opening: Opening) -> PartValue:
    value = wage_fit(seeker.wage_floor_fen, opening.wage_min_fen, opening.wage_max_fen)
    reason = explain.reason_wage_fit(seeker.wage_floor_fen, opening.wage_min_fen, opening.wage_max_fen)
    return value, reason


def _priority_part(seeker: Seeker) -> PartValue:
    if seeker.employment_difficulty:
        return 1.0, explain.reason_priority()
    return 0.0, None


@dataclass(frozen=True)
class ScoreBreakdown:
    """A pair's score: each part's value in [0, 1], its weighted contribution, the total, the reasons."""

    parts: Mapping[str, float]
    contributions: Mapping[str, float]
    total: float
    reasons: tuple[str, ...]


def score_pair(
    seeker: Seeker,
    opening: Opening,
    *,
    corpus: TextCorpus | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> ScoreBreakdown:
    """The reference score of one pair (the specification ``MatchIndex`` must equal).

    ``corpus`` holds the BM25 statistics of the openings the pair is drawn from
    (``corpus_of(openings, weights)``; ``MatchIndex.corpus``); without it, the opening alone is the
    corpus, which ranks its words but does not match the index's idf. Filters are not applied
    here: see ``exclusions``.
    """
    table = _table(districts)
    corpus = corpus if corpus is not None else corpus_of([opening], weights)
    values: dict[str, PartValue] = {
        "occupation": _occupation_part(seeker, opening, weights),
        "tags": _tags_part(seeker, opening),
        "text": _text_part(seeker, opening, corpus),
        "intention": _intention_part(seeker, opening),
        "district": _district_part(seeker, opening, weights, table),
        "wage": _wage_part(seeker, opening),
        "priority": _priority_part(seeker),
    }
    parts = {name: values[name][0] for name in PART_NAMES}
    contributions = {name: weights.weight_of(name) * parts[name] for name in PART_NAMES}
    reasons = tuple(reason for _, reason in (values[name] for name in PART_NAMES) if reason)
    return ScoreBreakdown(parts, contributions, sum(contributions.values()), reasons)


def corpus_of(openings: Sequence[Opening], weights: Weights = DEFAULT_WEIGHTS) -> TextCorpus:
    """The BM25 corpus of a set of openings: every opening given, open or not."""
    return TextCorpus((opening.text for opening in openings), weights.bm25)


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """One recommended pair with its rank (1 = best), score, part values and Chinese reasons."""

    seeker_id: str
    opening_id: str
    rank: int
    score: float
    parts: Mapping[str, float]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class TopK:
    """Top-k per row: ``indices[r, :]`` (−1 where fewer candidates) with ``scores`` (−inf there).

    Rows are sorted by score descending, then by index ascending. When several candidates tie for
    the k-th place, which of them is kept is deterministic for the same input but not specified.
    """

    indices: IntArray
    scores: FloatArray

    def row(self, position: int) -> list[tuple[int, float]]:
        return [
            (int(index), float(score))
            for index, score in zip(self.indices[position], self.scores[position], strict=True)
            if index >= 0
        ]

    def candidate_counts(self) -> IntArray:
        counts: IntArray = (self.indices >= 0).sum(axis=1)
        return counts


def _sorted_top_k(indices: IntArray, scores: FloatArray, k: int) -> TopK:
    """Cut rows of candidates to the best k, by score descending then index ascending."""
    scores = np.where(indices >= 0, scores, -np.inf)
    indices = np.where(np.isfinite(scores), indices, -1)
    sentinel = np.iinfo(np.int64).max
    order = np.lexsort((np.where(indices >= 0, indices, sentinel), -scores), axis=-1)[:, :k]
    return TopK(np.take_along_axis(indices, order, axis=1), np.take_along_axis(scores, order, axis=1))


def _first_columns(best: TopK, k: int) -> TopK:
    return TopK(best.indices[:, :k].copy(), best.scores[:, :k].copy())


def _empty_top_k(rows: int, k: int) -> TopK:
    return TopK(np.full((rows, k), -1, dtype=np.int64), np.full((rows, k), -np.inf))


def reference_candidates(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
    corpus: TextCorpus | None = None,
) -> Iterator[tuple[int, int, float]]:
    """Every pair that passes the filters, with its reference score: the plain double loop.

    ``corpus`` defaults to the BM25 corpus of ``openings``.
    """
    corpus = corpus if corpus is not None else corpus_of(openings, weights)
    for i, seeker in enumerate(seekers):
        for j, opening in enumerate(openings):
            if not exclusions(seeker, opening, as_of=as_of, districts=districts):
                yield (
                    i,
                    j,
                    score_pair(seeker, opening, corpus=corpus, weights=weights, districts=districts).total,
                )


def reference_top_k(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    k: int,
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> tuple[TopK, TopK]:
    """Top-k openings per seeker and top-k seekers per opening, by the reference double loop."""
    by_seeker: list[list[tuple[float, int]]] = [[] for _ in seekers]
    by_opening: list[list[tuple[float, int]]] = [[] for _ in openings]
    for i, j, total in reference_candidates(seekers, openings, as_of=as_of, weights=weights, districts=districts):
        by_seeker[i].append((total, j))
        by_opening[j].append((total, i))
    return _rows_to_top_k(by_seeker, k), _rows_to_top_k(by_opening, k)


def _rows_to_top_k(rows: list[list[tuple[float, int]]], k: int) -> TopK:
    result = _empty_top_k(len(rows), k)
    for position, row in enumerate(rows):
        row.sort(key=lambda item: (-item[0], item[1]))
        for rank, (total, index) in enumerate(row[:k]):
            result.indices[position, rank] = index
            result.scores[position, rank] = total
    return result


# --- the vectorised index ------------------------------------------------------------------------

# Added to a pair's score in the block pass for each filter it fails. A real score is never
# negative, so "negative" means "excluded". A finite penalty rather than −inf keeps the excluded
# scores distinct: np.partition slows down badly on a block full of equal values.
FILTERED: Final = -1.0e6


@dataclass(frozen=True)
class _Group:
    """A block of open openings (global indices, ascending) of one district."""

    district: int
    openings: IntArray


@dataclass(frozen=True)
class _Prepared:
    """A group's dense arrays, built while its district is scored and dropped after."""

    openings: IntArray
    feature_map: IntArray  # global feature → row of feature_weights, −1 when unused here
    feature_weights: FloatArray  # used features × openings
    occupation: FloatArray  # weighted occupation part: (seeker code + 1) × openings
    patterns: IntArray  # opening → its distinct (shift, accommodations) pattern
    pattern_words: npt.NDArray[np.uint64]  # pattern → shift mask words
    pattern_lacks: BoolArray  # pattern → accommodations it does not offer
    wage_min: FloatArray
    wage_max: FloatArray


class MatchIndex:
    """Every seeker × opening pair scored with sparse products, keeping the top k both ways.

    How the work is cut down:

    * Only open openings (places left, not expired) enter.
    * Blocking by area: openings are grouped by district (groups of at most ``group_size``); a
      seeker enters a district's blocks only if the district is acceptable and within the commute
      limit, so most pairs are never touched.
    * Tags, text and title words are one binary seeker × feature CSR matrix ``X`` and one weighted
      opening × feature matrix ``W``: their three parts of a whole block are one product ``X Wᵀ``.
    * The occupation part is a lookup in a table over distinct (intended code, opening code) pairs
      built from one-hot prefix ids per tree level; schedule and accommodation filters are checked
      once per distinct (shift, accommodations) pattern of a group, then gathered.
    * Seekers are processed in chunks so a block holds about ``block_elements`` scores; each block's
      best k per row and per column are found with ``np.partition`` and merged into running top-k
      arrays.
    * Districts are scored on ``workers`` threads (numpy and scipy release the GIL).
    """

    def __init__(
        self,
        seekers: Sequence[Seeker],
        openings: Sequence[Opening],
        *,
        as_of: date,
        weights: Weights = DEFAULT_WEIGHTS,
        districts: DistrictTable | None = None,
        group_size: int = 2048,
        block_elements: int = 1 << 19,
        workers: int | None = None,
    ) -> None:
        self.seekers = list(seekers)
        self.openings = list(openings)
        self.as_of = as_of
        self.weights = weights
        self.districts = _table(districts)
        self.group_size = group_size
        self.block_elements = block_elements
        self.workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self.corpus = corpus_of(self.openings, weights)
        self.open_mask = np.array([opening_is_open(o, as_of) for o in self.openings], dtype=np.bool_)
        self._expired = np.array(
            [o.valid_until is not None and o.valid_until < as_of for o in self.openings], dtype=np.bool_
        )
        self._full = np.array([o.openings_left <= 0 for o in self.openings], dtype=np.bool_)
        self._build_features()
        self._build_occupations()
        self._build_areas()
        self._build_patterns()
        self._build_wages()
        self._groups = self._make_groups()
        self._cache: dict[int, tuple[TopK, TopK]] = {}

    # -- building -----------------------------------------------------------------------------

    def _build_features(self) -> None:
        """``W`` (openings × features, weighted) and ``X`` (seekers × features, binary).

        Features are tags and words; a word column serves both the text part (BM25 share) and the
        intention part (title share), whose weights add up on the opening side.
        """
        weights = self.weights
        # Two vocabularies sharing one column space: plain string keys hash faster than tuples.
        tag_columns: dict[str, int] = {}
        word_columns: dict[str, int] = {}
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []

        def column_of(vocabulary: dict[str, int], key: str) -> int:
            column = vocabulary.get(key)
            if column is None:
                column = vocabulary[key] = len(tag_columns) + len(word_columns)
            return column

        for j in np.flatnonzero(self.open_mask).tolist():
            opening = self.openings[j]
            tags = _fold(opening.tags)
            for tag in tags:
                rows.append(j)
                columns.append(column_of(tag_columns, tag))
                values.append(weights.tags / len(tags))
            term_weights = self.corpus.document_weights(opening.text)
            own_score = sum(term_weights.values())
            if own_score > 0.0:
                for token, weight in term_weights.items():
                    rows.append(j)
                    columns.append(column_of(word_columns, token))
                    values.append(weights.text * weight / own_score)
            title_words = token_set(opening.title)
            for token in title_words:
                rows.append(j)
                columns.append(column_of(word_columns, token))
                values.append(weights.intention / len(title_words))
        features = len(tag_columns) + len(word_columns)
        # Duplicates (a word in both text and title) are summed by the COO → CSR conversion.
        self._opening_features = sp.csr_matrix(
            (values, (rows, columns)), shape=(len(self.openings), features), dtype=np.float64
        )

        indptr = [0]
        seeker_columns: list[int] = []
        for seeker in self.seekers:
            for tag in _fold(seeker.tags):
                if tag in tag_columns:
                    seeker_columns.append(tag_columns[tag])
            for token in token_set(seeker.text):
                if token in word_columns:
                    seeker_columns.append(word_columns[token])
            indptr.append(len(seeker_columns))
        ones = np.ones(len(seeker_columns), dtype=np.float64)
        self._seeker_features = sp.csr_matrix(
            (ones, np.array(seeker_columns, dtype=np.int64), np.array(indptr, dtype=np.int64)),
            shape=(len(self.seekers), features),
        )

    def _build_occupations(self) -> None:
        opening_keys: dict[tuple[str, str], int] = {}
        opening_code = np.empty(len(self.openings), dtype=np.int64)
        for j, opening in enumerate(self.openings):
            key = (opening.edition, opening.occupation_code)
            opening_code[j] = opening_keys.setdefault(key, len(opening_keys)) if opening.occupation_code else -1
        seeker_keys: dict[tuple[str, str], int] = {}
        widest = max((len(s.occupation_codes) for s in self.seekers), default=0)
        seeker_codes = np.full((len(self.seekers), widest), -1, dtype=np.int64)
        for i, seeker in enumerate(self.seekers):
            for slot, code in enumerate(seeker.occupation_codes):
                key = (seeker.occupation_edition, code)
                seeker_codes[i, slot] = seeker_keys.setdefault(key, len(seeker_keys))
        table = similarity_table(list(seeker_keys), list(opening_keys), self.weights.occupation_ladder)
        # A zero row for "no code in this slot" and a zero column for "opening without a code",
        # both addressed as index −1, so that missing codes need no branch in the block loop.
        padded = np.zeros((len(seeker_keys) + 1, len(opening_keys) + 1))
        padded[:-1, :-1] = table * self.weights.occupation
        self._occupation_table = padded
        self._opening_code = opening_code
        self._seeker_codes = seeker_codes

    def _build_areas(self) -> None:
        """Which districts each seeker accepts, and the district part for each (seeker, district)."""
        table, weights = self.districts, self.weights
        all_districts = sorted({o.district for o in self.openings})
        district_index = {code: d for d, code in enumerate(all_districts)}
        self._district_codes = all_districts
        self._opening_district = np.array([district_index[o.district] for o in self.openings], dtype=np.int64)
        homes = sorted({s.home_district for s in self.seekers if s.home_district is not None})
        home_index = {code: h for h, code in enumerate(homes)}
        # Row −1 (the last) is "home unknown": no distance, closeness 0.
        km = np.full((len(homes) + 1, len(all_districts)), np.nan)
        closeness = np.zeros((len(homes) + 1, len(all_districts)))
        for home, h in home_index.items():
            for code, d in district_index.items():
                distance = table.distance_km(home, code)
                km[h, d] = np.nan if distance is None else distance
                closeness[h, d] = district_closeness(home, code, table, weights.distance_half_life_km)
        seeker_home = np.array([home_index.get(s.home_district or "", -1) for s in self.seekers], dtype=np.int64)
        # A commute limit counts only when the home district is known.
        has_limit = np.array(
            [s.commute_limit_km is not None and s.home_district is not None for s in self.seekers],
            dtype=np.bool_,
        )
        limit = np.array([s.commute_limit_km if s.commute_limit_km is not None else np.inf for s in self.seekers])
        pair_seekers: list[int] = []
        pair_districts: list[int] = []
        everywhere = list(range(len(all_districts)))
        for i, seeker in enumerate(self.seekers):
            accepted = (
                [district_index[c] for c in seeker.districts if c in district_index] if seeker.districts else everywhere
            )
            pair_seekers.extend([i] * len(accepted))
            pair_districts.extend(accepted)
        seekers_of_pairs = np.array(pair_seekers, dtype=np.int64)
        districts_of_pairs = np.array(pair_districts, dtype=np.int64)
        pair_km = km[seeker_home[seekers_of_pairs], districts_of_pairs]
        # NaN (unknown distance) compares False: excluded, as in the reference filter.
        within = ~has_limit[seekers_of_pairs] | (pair_km <= limit[seekers_of_pairs])
        seekers_of_pairs, districts_of_pairs = seekers_of_pairs[within], districts_of_pairs[within]
        order = np.argsort(districts_of_pairs, kind="stable")
        seekers_of_pairs, districts_of_pairs = seekers_of_pairs[order], districts_of_pairs[order]
        priority = np.array([s.employment_difficulty for s in self.seekers], dtype=np.float64)
        row_constant = (
            weights.district * closeness[seeker_home[seekers_of_pairs], districts_of_pairs]
            + weights.employment_difficulty_bonus * priority[seekers_of_pairs]
        )
        bounds = np.searchsorted(districts_of_pairs, np.arange(len(all_districts) + 1))
        self._district_seekers = [seekers_of_pairs[bounds[d] : bounds[d + 1]] for d in range(len(all_districts))]
        self._district_row_constant = [row_constant[bounds[d] : bounds[d + 1]] for d in range(len(all_districts))]
        self._seeker_home = seeker_home
        self._seeker_has_limit = has_limit
        self._seeker_limit = limit
        self._home_km = km

    def _build_patterns(self) -> None:
        """Time masks as 3 uint64 words; accommodations as a bool matrix over their vocabulary."""
        vocabulary = sorted(
            {a for o in self.openings for a in o.accommodations} | {n for s in self.seekers for n in s.needs}
        )
        column = {name: c for c, name in enumerate(vocabulary)}
        self._free_words = _mask_words([s.free_slots for s in self.seekers])
        self._shift_words = _mask_words([o.shift_slots for o in self.openings])
        self._needs = np.zeros((len(self.seekers), len(vocabulary)), dtype=np.bool_)
        for i, seeker in enumerate(self.seekers):
            self._needs[i, [column[n] for n in seeker.needs]] = True
        self._offers = np.zeros((len(self.openings), len(vocabulary)), dtype=np.bool_)
        for j, opening in enumerate(self.openings):
            self._offers[j, [column[a] for a in opening.accommodations]] = True

    def _build_wages(self) -> None:
        self._floor = np.array([s.wage_floor_fen for s in self.seekers], dtype=np.int64)
        self._wage_min = np.array([o.wage_min_fen for o in self.openings], dtype=np.int64)
        self._wage_max = np.array([o.wage_max_fen for o in self.openings], dtype=np.int64)

    def _make_groups(self) -> list[_Group]:
        groups: list[_Group] = []
        open_indices = np.flatnonzero(self.open_mask)
        by_district = open_indices[np.argsort(self._opening_district[open_indices], kind="stable")]
        bounds = np.searchsorted(self._opening_district[by_district], np.arange(len(self._district_codes) + 1))
        for d in range(len(self._district_codes)):
            members = by_district[bounds[d] : bounds[d + 1]]
            for start in range(0, len(members), self.group_size):
                groups.append(_Group(district=d, openings=members[start : start + self.group_size]))
        return groups

    def _prepare(self, group: _Group) -> _Prepared:
        members = group.openings
        block = self._opening_features[members]
        used = np.unique(block.indices)
        feature_map = np.full(self._opening_features.shape[1], -1, dtype=np.int64)
        feature_map[used] = np.arange(len(used))
        shift = self._shift_words[members]
        offers = self._offers[members]
        keys = np.concatenate([shift.view(np.int64), offers.astype(np.int64)], axis=1)
        unique_keys, inverse = np.unique(keys, axis=0, return_inverse=True)
        return _Prepared(
            openings=members,
            feature_map=feature_map,
            feature_weights=np.ascontiguousarray(block[:, used].T.toarray()),
            occupation=np.ascontiguousarray(self._occupation_table[:, self._opening_code[members]]),
            patterns=inverse.reshape(-1).astype(np.int64),
            pattern_words=np.ascontiguousarray(unique_keys[:, :_MASK_WORDS]).view(np.uint64),
            pattern_lacks=~unique_keys[:, _MASK_WORDS:].astype(np.bool_),
            wage_min=self._wage_min[members].astype(np.float64),
            wage_max=self._wage_max[members].astype(np.float64),
        )

    # -- scoring a block ------------------------------------------------------------------------

    def _block_scores(
        self, group: _Prepared, rows: IntArray, chunk: sp.csr_matrix, row_constant: FloatArray
    ) -> FloatArray:
        """Scores of seekers ``rows`` × the group's openings; negative where a filter fails."""
        scores = self._content(group, chunk)
        scores += self._occupation_block(group, rows)
        scores += self._wage_block(group, rows)
        scores += self._pattern_penalty(group, rows)
        scores += row_constant[:, None]
        return scores

    @staticmethod
    def _content(group: _Prepared, chunk: sp.csr_matrix) -> FloatArray:
        """Tags + text + title words: one sparse × dense product over the group's features."""
        local = group.feature_map[chunk.indices]
        keep = local >= 0
        row_of_entry = np.repeat(np.arange(chunk.shape[0]), np.diff(chunk.indptr))
        indptr = np.zeros(chunk.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of_entry[keep], minlength=chunk.shape[0]), out=indptr[1:])
        shape = (chunk.shape[0], group.feature_weights.shape[0])
        compact = sp.csr_matrix((chunk.data[keep], local[keep], indptr), shape=shape)
        product: FloatArray = np.asarray(compact @ group.feature_weights)
        return product

    def _occupation_block(self, group: _Prepared, rows: IntArray) -> FloatArray:
        codes = self._seeker_codes[rows]
        if codes.shape[1] == 0:
            return np.zeros((len(rows), len(group.openings)))
        best = group.occupation[codes[:, 0]]
        for slot in range(1, codes.shape[1]):
            np.maximum(best, group.occupation[codes[:, slot]], out=best)
        return best

    def _wage_block(self, group: _Prepared, rows: IntArray) -> FloatArray:
        """Weighted wage part (``FILTERED`` added below the floor), once per distinct floor in the chunk."""
        floors, inverse = np.unique(self._floor[rows], return_inverse=True)
        floor = floors.astype(np.float64)[:, None]
        wage_min, wage_max = group.wage_min[None, :], group.wage_max[None, :]
        span = np.where(wage_max > wage_min, wage_max - wage_min, 1.0)
        fit = np.where(floor <= wage_min, 1.0, (wage_max - floor) / span)
        table = np.where(wage_max >= floor, self.weights.wage * fit, self.weights.wage * fit + FILTERED)
        block: FloatArray = table[inverse.reshape(-1)]
        return block

    def _pattern_penalty(self, group: _Prepared, rows: IntArray) -> FloatArray:
        """0 where the shift lies in free time and every need is offered, else ``FILTERED``."""
        free = self._free_words[rows]
        fits = np.ones((len(rows), len(group.pattern_words)), dtype=np.bool_)
        for word in range(_MASK_WORDS):
            outside = group.pattern_words[None, :, word] & ~free[:, None, word]
            fits &= outside == 0
        needs = self._needs[rows]
        if needs.any():
            lacking = needs.astype(np.float64) @ group.pattern_lacks.T.astype(np.float64)
            fits &= lacking == 0
        penalty = np.where(fits, 0.0, FILTERED)
        return penalty[:, group.patterns]

    # -- top k --------------------------------------------------------------------------------

    def top_k(self, k: int) -> tuple[TopK, TopK]:
        """(top-k openings per seeker, top-k seekers per opening), computed in one pass and cached."""
        if k < 1:
            raise ValueError("k 必须是正整数")
        if k not in self._cache:
            # A longer sorted list cut short is the shorter one: no second pass.
            longer = min((cached for cached in self._cache if cached > k), default=None)
            if longer is None:
                self._cache[k] = self.compute_top_k(k)
            else:
                by_seeker, by_opening = self._cache[longer]
                self._cache[k] = (_first_columns(by_seeker, k), _first_columns(by_opening, k))
        return self._cache[k]

    def top_openings(self, k: int) -> TopK:
        return self.top_k(k)[0]

    def top_seekers(self, k: int) -> TopK:
        return self.top_k(k)[1]

    def compute_top_k(self, k: int) -> tuple[TopK, TopK]:
        """``top_k`` without the cache: one full blocked pass."""
        seeker_best = _empty_top_k(len(self.seekers), k)
        opening_best = _empty_top_k(len(self.openings), k)
        groups_by_district = self._groups_by_district()
        districts = list(groups_by_district)

        def score(district: int) -> list[Picks]:
            return self._score_district(district, groups_by_district[district], k, opening_best)

        if self.workers > 1 and len(districts) > 1:
            # numpy and scipy release the GIL in the heavy loops, so threads use both cores. Each
            # district owns its openings; seekers are shared, so their picks are merged below, in
            # district order, which keeps the result independent of thread timing.
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                picks_by_district = list(pool.map(score, districts))
        else:
            picks_by_district = [score(district) for district in districts]
        for picks_of_district in picks_by_district:
            for picks in picks_of_district:
                _merge(seeker_best, picks, k)
        return (
            _sorted_top_k(seeker_best.indices, seeker_best.scores, k),
            _sorted_top_k(opening_best.indices, opening_best.scores, k),
        )

    def _score_district(self, district: int, groups: list[_Group], k: int, opening_best: TopK) -> list[Picks]:
        """Score one district's blocks: merge the openings' top k, return the seekers' picks."""
        seeker_picks: list[Picks] = []
        for rows, group, scores in self._district_blocks(district, groups, k):
            seeker_picks.append(_top_per_row(scores, k, rows, group.openings))
            # Columns via a transposed copy: partitioning along axis 0 is strided and slow.
            _merge(opening_best, _top_per_row(np.ascontiguousarray(scores.T), k, group.openings, rows), k)
        return seeker_picks

    def _district_blocks(
        self, district: int, groups: list[_Group], min_rows: int
    ) -> Iterator[tuple[IntArray, _Prepared, FloatArray]]:
        """(seeker rows, group, block scores) for every block of one district."""
        seekers = self._district_seekers[district]
        if not len(seekers):
            return
        row_constants = self._district_row_constant[district]
        prepared = [self._prepare(group) for group in groups]
        widest = max(len(group.openings) for group in groups)
        chunk_size = max(min_rows, self.block_elements // max(widest, 1))
        for start in range(0, len(seekers), chunk_size):
            rows = seekers[start : start + chunk_size]
            chunk = self._seeker_features[rows]
            for group in prepared:
                yield rows, group, self._block_scores(group, rows, chunk, row_constants[start : start + chunk_size])

    def candidate_pairs(self) -> Iterator[Picks]:
        """Every pair that passes the filters, block by block: (seeker indices, opening indices, scores)."""
        for district, groups in self._groups_by_district().items():
            for rows, prepared, scores in self._district_blocks(district, groups, 1):
                local_rows, local_columns = np.divmod(np.flatnonzero(scores >= 0.0), scores.shape[1])
                yield rows[local_rows], prepared.openings[local_columns], scores[local_rows, local_columns]

    def _groups_by_district(self) -> dict[int, list[_Group]]:
        by_district: dict[int, list[_Group]] = {}
        for group in self._groups:
            by_district.setdefault(group.district, []).append(group)
        return dict(sorted(by_district.items()))

    def blocked_pair_count(self) -> int:
        """How many pairs the blocked pass scores (the rest are cut by area, validity or capacity)."""
        sizes = Counter({g.district: 0 for g in self._groups})
        for group in self._groups:
            sizes[group.district] += len(group.openings)
        return sum(len(self._district_seekers[d]) * size for d, size in sizes.items())

    # -- explanations ---------------------------------------------------------------------------

    def explain(self, seeker_index: int, opening_index: int, rank: int = 0) -> Recommendation:
        """The reference breakdown and reasons of one pair."""
        seeker, opening = self.seekers[seeker_index], self.openings[opening_index]
        breakdown = score_pair(seeker, opening, corpus=self.corpus, weights=self.weights, districts=self.districts)
        return Recommendation(seeker.id, opening.id, rank, breakdown.total, breakdown.parts, breakdown.reasons)

    def explain_exclusion(self, seeker_index: int, opening_index: int) -> list[str]:
        return explain_exclusion(
            self.seekers[seeker_index],
            self.openings[opening_index],
            as_of=self.as_of,
            districts=self.districts,
        )

    def why_no_candidate(self, seeker_index: int) -> str:
        """Why a seeker has no candidate: the filter that excluded the most openings."""
        failures = self.filter_failures(seeker_index)
        if not self.openings or not failures:
            return explain.reason_no_openings()
        # most_common keeps first-seen order on ties, i.e. FILTER_NAMES order.
        name, count = failures.most_common(1)[0]
        return explain.reason_no_candidate(name, count, len(self.openings))

    def closed_reasons(self, opening_index: int) -> list[str]:
        """Why an opening takes no one (expired, no places left); empty when it is open."""
        opening = self.openings[opening_index]
        reasons = []
        if opening.valid_until is not None and opening.valid_until < self.as_of:
            reasons.append(explain.reason_expired(opening.valid_until))
        if opening.openings_left <= 0:
            reasons.append(explain.reason_full())
        return reasons

    def recommend_for_seekers(self, k: int = 10) -> list[list[Recommendation]]:
        """For each seeker (in input order), up to k openings, best first, with reasons."""
        best = self.top_openings(k)
        return [
            [self.explain(i, j, rank) for rank, (j, _) in enumerate(best.row(i), start=1)]
            for i in range(len(self.seekers))
        ]

    def recommend_for_openings(self, k: int = 10) -> list[list[Recommendation]]:
        """For each opening (in input order), up to k seekers, best first, with reasons."""
        best = self.top_seekers(k)
        return [
            [self.explain(i, j, rank) for rank, (i, _) in enumerate(best.row(j), start=1)]
            for j in range(len(self.openings))
        ]

    def filter_failures(self, seeker_index: int) -> Counter[str]:
        """How many openings (of all given) each filter excludes for one seeker, vectorised.

        An opening failing several filters counts once for each; zero counts are left out.
        """
        seeker = self.seekers[seeker_index]
        district_ok = np.ones(len(self._district_codes), dtype=np.bool_)
        if seeker.districts:
            district_ok = np.array([code in seeker.districts for code in self._district_codes], dtype=np.bool_)
        commute_ok = np.ones(len(self._district_codes), dtype=np.bool_)
        if self._seeker_has_limit[seeker_index]:
            km = self._home_km[self._seeker_home[seeker_index]]
            commute_ok = km <= self._seeker_limit[seeker_index]
        free = self._free_words[seeker_index]
        needs = self._needs[seeker_index]
        failing = {
            "validity": self._expired,
            "capacity": self._full,
            "district": ~district_ok[self._opening_district],
            "commute": ~commute_ok[self._opening_district],
            "schedule": (self._shift_words & ~free[None, :]).any(axis=1),
            "wage": self._wage_max < self._floor[seeker_index],
            "accommodation": (needs[None, :] & ~self._offers).any(axis=1),
        }
        counts = {name: int(np.count_nonzero(failing[name])) for name in FILTER_NAMES}
        return Counter({name: count for name, count in counts.items() if count})


Picks = tuple[IntArray, IntArray, FloatArray]


def _top_per_row(scores: FloatArray, k: int, row_ids: IntArray, column_ids: IntArray) -> Picks:
    """The best ≤ k valid (non-negative) entries of each row, ties going to the lower column.

    Returns (row id, column id, value) in row-major order, translated through ``row_ids`` and
    ``column_ids`` (both ascending). ``np.partition`` finds each row's k-th largest value (several
    times faster than ``argpartition``); the entries at or above it are read with ``np.flatnonzero``,
    whose row-major order lets ties be cut by column without sorting.
    """
    height, width = scores.shape
    if width > k:
        kth = np.partition(scores, width - k, axis=1)[:, width - k]
        np.maximum(kth, 0.0, out=kth)
    else:
        kth = np.zeros(height)
    # flatnonzero + divmod: several times faster than a 2-D np.nonzero, same row-major order.
    rows, columns = np.divmod(np.flatnonzero(scores >= kth[:, None]), width)
    values = scores[rows, columns]
    above = values > kth[rows]
    above_per_row = np.bincount(rows[above], minlength=height)
    tied_rows = rows[~above]
    rank_among_tied = np.arange(len(tied_rows)) - np.searchsorted(tied_rows, tied_rows)
    keep = above.copy()
    keep[~above] = rank_among_tied < k - above_per_row[tied_rows]
    return row_ids[rows[keep]], column_ids[columns[keep]], values[keep]


def _merge(best: TopK, picks: Picks, k: int) -> None:
    """Merge picks (≤ k per owner, owners ascending) into the running top k of those owners."""
    owners, others, values = picks
    if not len(values):
        return
    rank = np.arange(len(owners)) - np.searchsorted(owners, owners)
    touched, position = np.unique(owners, return_inverse=True)
    new_scores = np.full((len(touched), k), -np.inf)
    new_indices = np.full((len(touched), k), -1, dtype=np.int64)
    new_scores[position, rank] = values
    new_indices[position, rank] = others
    merged_scores = np.concatenate([best.scores[touched], new_scores], axis=1)
    merged_indices = np.concatenate([best.indices[touched], new_indices], axis=1)
    keep = np.argpartition(merged_scores, k, axis=1)[:, k:]
    best.scores[touched] = np.take_along_axis(merged_scores, keep, axis=1)
    best.indices[touched] = np.take_along_axis(merged_indices, keep, axis=1)


# --- the calls the services make -----------------------------------------------------------------


def build_index(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> MatchIndex:
    """Tokenise and index once; then ask it for top-k both ways and for the assignment."""
    return MatchIndex(seekers, openings, as_of=as_of, weights=weights, districts=districts)


def recommend_for_seekers(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    k: int = 10,
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> list[list[Recommendation]]:
    """For each seeker, up to k openings that pass every filter, best first, with Chinese reasons."""
    return build_index(seekers, openings, as_of=as_of, weights=weights, districts=districts).recommend_for_seekers(k)


def recommend_for_openings(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    k: int = 10,
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> list[list[Recommendation]]:
    """For each opening, up to k seekers that pass every filter, best first, with Chinese reasons."""
    return build_index(seekers, openings, as_of=as_of, weights=weights, districts=districts).recommend_for_openings(k)
