"""The ventures report: projects by level × status, projects approved, loans granted, subsidy paid through
the ledger, households employed, hardship households helped — totals, per unit directly below, per year.

Each figure is one grouped aggregate query (by owning unit and year), rolled up here; every query reads
through `scoped()`. Dates: projects by approval date (the level × status table by submission date), loans by
start date, subsidy by its period's end, households by employment date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.assistance.models import DisbursementStatus
from bangfu.ventures.models import (
    APPROVED_STATUSES,
    EmployedHousehold,
    Level,
    Loan,
    ProjectStatus,
    SubsidyPayment,
    VentureProject,
)

FIGURES = ("projects", "loans_fen", "subsidy_fen", "households", "hardship")


@dataclass
class Figures:
    projects: int = 0  # approved (立项) in the period
    loans_fen: int = 0
    subsidy_fen: int = 0
    households: int = 0
    hardship: int = 0  # distinct hardship files among the employed

    def add(self, name: str, value: int) -> None:
        setattr(self, name, getattr(self, name) + value)


@dataclass
class VentureReport:
    unit: OrgUnit
    start: dt.date | None
    end: dt.date | None
    total: Figures = field(default_factory=Figures)
    by_unit: list[tuple[OrgUnit, Figures]] = field(default_factory=list)
    by_year: list[tuple[int, Figures]] = field(default_factory=list)
    by_level_status: list[tuple[str, str, dict[str, int]]] = field(default_factory=list)  # code, label, counts


def _in(queryset: QuerySet[Any], date_field: str, unit: OrgUnit, start: dt.date | None,
        end: dt.date | None, org_field: str = "org") -> QuerySet[Any]:
    queryset = queryset.filter(**{f"{org_field}__path__startswith": unit.path})
    if start:
        queryset = queryset.filter(**{f"{date_field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{date_field}__lte": end})
    return queryset


def _grouped(queryset: QuerySet[Any], date_field: str, value: Any) -> list[tuple[str, int, int]]:
    """(owning unit's path, year, value) rows: one query."""
    rows = (queryset.annotate(_year=ExtractYear(date_field)).values("org__path", "_year")
            .annotate(_value=value).order_by())
    return [(row["org__path"], int(row["_year"]), int(row["_value"] or 0)) for row in rows]


def venture_report(user: Any, unit: OrgUnit, start: dt.date | None = None,
                   end: dt.date | None = None) -> VentureReport:
    report = VentureReport(unit=unit, start=start, end=end)
    projects = scoped(VentureProject.objects.all(), user)
    loans = scoped(Loan.objects.filter(project__status__in=APPROVED_STATUSES), user)
    payments = scoped(SubsidyPayment.objects.filter(disbursement__status=DisbursementStatus.PAID), user)
    employed = scoped(EmployedHousehold.objects.all(), user)
    sources: dict[str, list[tuple[str, int, int]]] = {
        "projects": _grouped(_in(projects.filter(status__in=APPROVED_STATUSES), "approved_on", unit, start, end),
                             "approved_on", Count("pk")),
        "loans_fen": _grouped(_in(loans, "start_on", unit, start, end), "start_on", Sum("principal_fen")),
        "subsidy_fen": _grouped(_in(payments, "run__period_end", unit, start, end), "run__period_end",
                                Sum("amount_fen")),
        "households": _grouped(_in(employed, "employed_on", unit, start, end), "employed_on", Count("pk")),
        "hardship": _grouped(_in(employed.filter(hardship_file__isnull=False), "employed_on", unit, start, end),
                             "employed_on", Count("hardship_file", distinct=True)),
    }
    children = list(OrgUnit.objects.filter(parent=unit).order_by("code"))
    per_child: dict[int, Figures] = {child.pk: Figures() for child in children}
    per_year: dict[int, Figures] = defaultdict(Figures)
    for name, rows in sources.items():
        for path, year, value in rows:
            per_year[year].add(name, value)
            child = next((c for c in children if path.startswith(c.path)), None)
            if child is not None:
                per_child[child.pk].add(name, value)
    # hardship households: distinct over the whole unit (one file may be employed by two projects)
    report.total = Figures(**{name: sum(value for _p, _y, value in sources[name]) for name in FIGURES})
    report.total.hardship = _in(employed.filter(hardship_file__isnull=False), "employed_on", unit, start,
                                end).values("hardship_file").distinct().count()
    report.by_unit = [(child, per_child[child.pk]) for child in children
                      if any(getattr(per_child[child.pk], name) for name in FIGURES)]
    report.by_year = sorted(per_year.items())
    counts = (_in(projects, "submitted_on", unit, start, end).values("level", "status")
              .annotate(n=Count("pk")).order_by())
    matrix: dict[str, dict[str, int]] = defaultdict(dict)
    for row in counts:
        matrix[row["level"]][row["status"]] = row["n"]
    report.by_level_status = [(code, str(label), {status: matrix[code].get(status, 0)
                                                  for status in ProjectStatus.values})
                              for code, label in Level.choices if code in matrix]
    return report
