"""Statistics of the register of families in hardship, for one unit and everything below it.

Counted: households in file (status in IN_FILE_STATUSES) — by cause (a household counts under each of its
causes: the national ten, and the seed's five categories), the share with two or more causes, by tier, by
district (the unit's child units) and, over all files, by status. Reads go through `scoped()`.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.core.replica import reads_from_replica
from bangfu.people.models import IN_FILE_STATUSES, Cause, FileStatus, HardshipFile, Tier
from bangfu.people.vocab import CAUSE_NAMES_ZH, STATUS_NAMES_ZH, TIER_NAMES_ZH

UNASSESSED = "unassessed"
OWN_LEVEL = "_own"


@dataclass(frozen=True)
class SeedCategory:
    code: str
    name: str
    counts: Callable[[frozenset[str], bool, bool], bool]  # (causes, disability flag, zero-labour flag)


SEED_CATEGORIES: tuple[SeedCategory, ...] = (
    SeedCategory("laid_off", "下岗失业", lambda causes, disability, zero: Cause.LAID_OFF in causes),
    SeedCategory("disability_or_mental_illness", "残疾或患有精神疾病", lambda causes, disability, zero: disability),
    SeedCategory("child_schooling", "子女上学", lambda causes, disability, zero: Cause.CHILD_SCHOOLING in causes),
    SeedCategory("major_illness", "罹患重大疾病", lambda causes, disability, zero: Cause.MAJOR_ILLNESS in causes),
    SeedCategory("zero_labour", "零劳动力家庭", lambda causes, disability, zero: zero),
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


def register_files(user: Any, org: OrgUnit) -> QuerySet[HardshipFile]:
    """Every file under `org` that `user` may read (the one scoped read of this module)."""
    return scoped(HardshipFile.objects.all(), user, "view").filter(org__path__startswith=org.path).order_by()


@reads_from_replica  # figures only: a replica, when configured, may lag the register by seconds
def hardship_statistics(user: Any, org: OrgUnit) -> HardshipStatistics:
    files = register_files(user, org)
    in_file = files.filter(status__in=IN_FILE_STATUSES)
    stats = HardshipStatistics(org=org, as_of=timezone.localdate(), in_file=0, files=0)
    _causes(in_file, stats)
    stats.by_tier = _tiers(in_file)
    stats.by_district = _districts(in_file, org)
    stats.by_status = _statuses(files)
    stats.files = sum(cell.households for cell in stats.by_status)
    return stats


def _causes(in_file: QuerySet[HardshipFile], stats: HardshipStatistics) -> None:
    """One grouped query: households per combination of causes and flags, expanded here."""
    per_cause: Counter[str] = Counter()
    per_category: Counter[str] = Counter()
    groups = in_file.values("primary_cause", "secondary_causes", "disability_or_mental_illness", "zero_labour") \
        .annotate(n=Count("id"))
    for group in groups:
        n = group["n"]
        causes = frozenset([group["primary_cause"], *(group["secondary_causes"] or [])])
        stats.in_file += n
        for cause in causes:
            per_cause[cause] += n
        if len(causes) >= 2:
            stats.multi_cause += n
        matched = [c.code for c in SEED_CATEGORIES
                   if c.counts(causes, group["disability_or_mental_illness"], group["zero_labour"])]
        for code in matched:
            per_category[code] += n
        if len(matched) >= 2:
            stats.multi_seed_category += n
    stats.by_cause = [Cell(code, CAUSE_NAMES_ZH[code], per_cause[code]) for code in Cause.values]
    stats.by_seed_category = [Cell(c.code, c.name, per_category[c.code]) for c in SEED_CATEGORIES]


def _tiers(in_file: QuerySet[HardshipFile]) -> list[Cell]:
    counts = {row["tier"] or UNASSESSED: row["n"] for row in in_file.values("tier").annotate(n=Count("id"))}
    cells = [Cell(code, TIER_NAMES_ZH[code], counts.get(code, 0)) for code in Tier.values]
    return [*cells, Cell(UNASSESSED, "未评定", counts.get(UNASSESSED, 0))]


def _districts(in_file: QuerySet[HardshipFile], org: OrgUnit) -> list[Cell]:
    """Households per child unit of `org` (each counts the whole subtree below the child)."""
    units = OrgUnit.objects.filter(path__startswith=org.path).order_by("sort_order", "code")
    paths: dict[int, str] = {}
    children = []
    for pk, parent_id, code, name, path in units.values_list("pk", "parent_id", "code", "name", "path"):
        paths[pk] = path
        if parent_id == org.pk:
            children.append((code, name))
    per_unit = dict(in_file.values_list("org_id").annotate(n=Count("id")))  # the index alone, no join per file
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


def _statuses(files: QuerySet[HardshipFile]) -> list[Cell]:
    counts = {row["status"]: row["n"] for row in files.values("status").annotate(n=Count("id"))}
    return [Cell(code, STATUS_NAMES_ZH.get(code, code), counts.get(code, 0)) for code in FileStatus.values]
