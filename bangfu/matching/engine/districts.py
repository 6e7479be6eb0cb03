"""District names and centroids by region code, distances between them, and the district part."""

from __future__ import annotations

import csv
import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

EARTH_RADIUS_KM: Final = 6371.0088
DATA_DIR: Final = Path(__file__).resolve().parent.parent / "data"


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


def resolve_table(districts: DistrictTable | None) -> DistrictTable:
    """The table given, or the shipped default."""
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
