"""What the engine matches: ``Seeker``, ``Opening``, and the ``Weights`` that shape a score."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import Final

from ..occupations import DEFAULT_EDITION, normalise_code
from ..text import Bm25Params
from .slots import ALL_WEEK, check_mask

_NOTHING: Final[frozenset[str]] = frozenset()


def _clean_strings(values: Iterable[str]) -> frozenset[str]:
    if not values:  # most seekers state no needs, many no tags: nothing to clean or look up
        return _NOTHING
    if isinstance(values, frozenset):
        return _clean_set(values)
    return frozenset(value.strip() for value in values if value and value.strip())


@functools.lru_cache(maxsize=1 << 16)
def _clean_set(values: frozenset[str]) -> frozenset[str]:
    """A file's readers hand every row of a repeated cell the same set: it is cleaned once."""
    return frozenset(value.strip() for value in values if value and value.strip())


def fold(values: Iterable[str]) -> frozenset[str]:
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
        check_mask(self.free_slots, "free_slots")
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
        check_mask(self.shift_slots, "shift_slots")
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
