"""Facts derived from a household's members, and the local minimum (低保标准) that applies to it.

Pure helpers that the services use one household at a time and the Excel importer uses in bulk:
`household_facts(members)` and `MinimumTable.load().monthly_fen(region_code, on)` query nothing per row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bangfu.people.models import EmploymentStatus, LocalMinimum

DEFAULT_MINIMUMS_FILE = Path(__file__).resolve().parent / "fixtures" / "local_minimums.json"

# Members in the labour force: working, or able to work and looking. A household with none is a
# zero-labour household (零劳动力家庭): everyone is a child, a student, retired or unable to work.
LABOUR_FORCE = frozenset({EmploymentStatus.EMPLOYED, EmploymentStatus.UNEMPLOYED})


class MemberLike(Protocol):
    @property
    def employment_status(self) -> str: ...
    @property
    def has_major_illness(self) -> bool: ...
    @property
    def disability_or_mental_illness(self) -> bool: ...
    @property
    def monthly_income_fen(self) -> int: ...


@dataclass(frozen=True)
class HouseholdFacts:
    household_size: int
    income_per_capita_fen: int
    zero_labour: bool
    major_illness: bool
    disability_or_mental_illness: bool
    has_unemployed_member: bool


def household_facts(members: Iterable[MemberLike]) -> HouseholdFacts:
    """Size, monthly income per head (rounded down to the fen) and the seed's flags, from the members."""
    rows = list(members)
    size = len(rows)
    total = sum(max(0, row.monthly_income_fen) for row in rows)
    return HouseholdFacts(
        household_size=size,
        income_per_capita_fen=total // size if size else 0,
        zero_labour=bool(rows) and not any(row.employment_status in LABOUR_FORCE for row in rows),
        major_illness=any(row.has_major_illness for row in rows),
        disability_or_mental_illness=any(row.disability_or_mental_illness for row in rows),
        has_unemployed_member=any(row.employment_status == EmploymentStatus.UNEMPLOYED for row in rows),
    )


def region_prefix(code: str) -> str:
    """`440100` → `4401`, `110000` → `11`: trailing zero pairs of a 6-digit code name the whole region."""
    code = code.strip()
    if len(code) == 6:
        while code.endswith("00"):
            code = code[:-2]
    return code


@dataclass(frozen=True)
class MinimumRow:
    prefix: str
    region_name: str
    effective_from: dt.date
    monthly_fen: int


class MinimumTable:
    """The local minimums, loaded once: the most specific region prefix wins, then the latest date."""

    def __init__(self, rows: Iterable[MinimumRow]) -> None:
        self.rows = list(rows)

    @classmethod
    def load(cls) -> MinimumTable:
        rows = [
            MinimumRow(region_prefix(r.region_code), r.region_name, r.effective_from, r.monthly_fen)
            for r in LocalMinimum.objects.all()
        ]
        return cls(rows or default_minimum_rows())

    def row_for(self, region_code: str, on: dt.date) -> MinimumRow | None:
        best: MinimumRow | None = None
        for row in self.rows:
            if not region_code.startswith(row.prefix) or row.effective_from > on:
                continue
            if best is None or len(row.prefix) > len(best.prefix) or (
                len(row.prefix) == len(best.prefix) and row.effective_from > best.effective_from
            ):
                best = row
        return best

    def monthly_fen(self, region_code: str, on: dt.date) -> int:
        row = self.row_for(region_code, on)
        return row.monthly_fen if row else 0


def default_minimum_rows() -> list[MinimumRow]:
    """The bundled demo values (fixture format), used while the LocalMinimum table is empty."""
    rows = json.loads(DEFAULT_MINIMUMS_FILE.read_text(encoding="utf-8"))
    return [
        MinimumRow(region_prefix(f["region_code"]), f["region_name"], dt.date.fromisoformat(f["effective_from"]),
                   int(f["monthly_fen"]))
        for f in (row["fields"] for row in rows)
    ]
