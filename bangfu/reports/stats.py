"""Statistics of the register of families in hardship, for one unit and everything below it.

Counted: households in file (status in IN_FILE_STATUSES) — by cause (a household counts under each of its
causes: the national ten, and the seed's five categories), the share with two or more causes, by tier, by
district (the unit's child units) and, over all files, by status. The figures are sums of the register's counts
(`people.models.FileCount`, kept per unit, status and tier by database triggers), read through the files' scope:
a province's statistics read some thousands of count rows, not a million files (bench/province.py).

The seed's five categories (Workers' Daily, Guangzhou) and the fields that define them:

| category                       | a household counts when                                   |
|--------------------------------|-----------------------------------------------------------|
| 下岗失业 (laid off)            | "laid_off" is among its causes (primary or secondary)     |
| 残疾或患有精神疾病             | the file's `disability_or_mental_illness` flag (a member) |
| 子女上学 (children's schooling) | "child_schooling" is among its causes                     |
| 罹患重大疾病 (major illness)    | "major_illness" is among its causes                       |
| 零劳动力家庭 (zero labour)      | the file's `zero_labour` flag (no member working/looking) |

"Two or more causes" in the bulletin (兼有两项或多项上述致困原因) counts the five categories above; the
API also gives the share with two or more of the national ten.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.core.replica import reads_from_replica
from bangfu.people import queries
from bangfu.people.models import IN_FILE_STATUSES, Cause, FileCount, FileStatus, Tier
from bangfu.people.models.counts import FIGURE_COLUMNS
from bangfu.people.vocab import CAUSE_NAMES_ZH, STATUS_NAMES_ZH, TIER_NAMES_ZH

UNASSESSED = "unassessed"
OWN_LEVEL = "_own"
# One row per status and tier of the scope: its key and the sums of FileCount's figures.
Counts = dict[str, Any]


@dataclass(frozen=True)
class SeedCategory:
    code: str  # also the FileCount column that counts it (a cause, or one of the file's two flags)
    name: str


SEED_CATEGORIES: tuple[SeedCategory, ...] = (
    SeedCategory("laid_off", "下岗失业"),
    SeedCategory("disability_or_mental_illness", "残疾或患有精神疾病"),
    SeedCategory("child_schooling", "子女上学"),
    SeedCategory("major_illness", "罹患重大疾病"),
    SeedCategory("zero_labour", "零劳动力家庭"),
)


@dataclass(frozen=True)
class Cell:
    code: str
    name: str
    households: int


@dataclass
class HardshipStatistics:
    org: OrgUnit
    as_of: dt.date
    in_file: int
    files: int  # all statuses
    by_cause: list[Cell] = field(default_factory=list)
    by_seed_category: list[Cell] = field(default_factory=list)
    multi_cause: int = 0  # two or more of the national ten
    multi_seed_category: int = 0  # two or more of the seed's five
    by_tier: list[Cell] = field(default_factory=list)
    by_district: list[Cell] = field(default_factory=list)
    by_status: list[Cell] = field(default_factory=list)

    def share(self, households: int) -> Fraction | None:
        return Fraction(households, self.in_file) if self.in_file else None


def register_counts(user: Any, org: OrgUnit) -> QuerySet[FileCount]:
    """The counts of every file under `org` that `user` may read (the one scoped read of this module; the subtree's
    units as a subquery, searched through the counts' unit index)."""
    return queries.file_counts(user).filter(org__in=OrgUnit.objects.filter(path__startswith=org.path).values("pk"))


@reads_from_replica  # figures only: a replica, when configured, may lag the register by seconds
def hardship_statistics(user: Any, org: OrgUnit) -> HardshipStatistics:
    counts = register_counts(user, org)
    # Two grouped sums of a few thousand count rows (a province's units × statuses × tiers): every figure but the
    # districts' per status and tier, and the districts' files per unit.
    sums = {column: Sum(column) for column in FIGURE_COLUMNS}
    per_status_tier = list(counts.values("status", "tier").annotate(**sums))
    in_file = [row for row in per_status_tier if row["status"] in IN_FILE_STATUSES]
    stats = HardshipStatistics(org=org, as_of=timezone.localdate(), in_file=_sum(in_file, "files"), files=0)
    stats.by_cause = [Cell(code, CAUSE_NAMES_ZH[code], _sum(in_file, code)) for code in Cause.values]
    stats.by_seed_category = [Cell(c.code, c.name, _sum(in_file, c.code)) for c in SEED_CATEGORIES]
    stats.multi_cause = _sum(in_file, "multi_cause")
    stats.multi_seed_category = _sum(in_file, "multi_seed_category")
    stats.by_tier = _tiers(in_file)
    per_unit = dict(counts.filter(status__in=IN_FILE_STATUSES).values_list("org_id").annotate(Sum("files")))
    stats.by_district = _districts(per_unit, org)
    stats.by_status = _statuses(per_status_tier)
    stats.files = sum(cell.households for cell in stats.by_status)
    return stats


def _sum(rows: Iterable[Counts], column: str) -> int:
    return sum(row[column] for row in rows)


def _tiers(in_file: list[Counts]) -> list[Cell]:
    counts: Counter[str] = Counter()
    for row in in_file:
        counts[row["tier"] or UNASSESSED] += row["files"]
    cells = [Cell(code, TIER_NAMES_ZH[code], counts[code]) for code in Tier.values]
    return [*cells, Cell(UNASSESSED, "未评定", counts[UNASSESSED])]


def _districts(per_unit: dict[int, int], org: OrgUnit) -> list[Cell]:
    """Households per child unit of `org` (each counts the whole subtree below the child)."""
    units = OrgUnit.objects.filter(path__startswith=org.path).order_by("sort_order", "code")
    paths: dict[int, str] = {}
    children = []
    for pk, parent_id, code, name, path in units.values_list("pk", "parent_id", "code", "name", "path"):
        paths[pk] = path
        if parent_id == org.pk:
            children.append((code, name))
    per_child: Counter[str] = Counter()
    for unit_id, n in per_unit.items():
        unit_path = paths.get(unit_id)
        if unit_path is None:  # a unit made or moved between the two reads (not one snapshot; maybe the replica)
            continue
        rest = unit_path[len(org.path):]
        per_child[rest.split("/", 1)[0] if rest else OWN_LEVEL] += n
    cells = [Cell(code, name, per_child.get(code, 0)) for code, name in children]
    if per_child.get(OWN_LEVEL):
        cells.append(Cell(OWN_LEVEL, f"{org.name}（本级）", per_child[OWN_LEVEL]))
    return cells


def _statuses(counts: list[Counts]) -> list[Cell]:
    per_status: Counter[str] = Counter()
    for row in counts:
        per_status[row["status"]] += row["files"]
    return [Cell(code, STATUS_NAMES_ZH.get(code, code), per_status[code]) for code in FileStatus.values]
