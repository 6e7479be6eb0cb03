"""Reads of the legal aid app, always through `scoped()`: one access function per model, lists, the lawyer
suggestion, deadline warnings and the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from bangfu.accounts.scoping import get_scoped_or_404, scoped
from bangfu.core.normalize import search_text
from bangfu.legal import clocks
from bangfu.legal.models import (
    OPEN_STATUSES,
    CaseDocument,
    CaseStatus,
    Claimant,
    LawFirm,
    Lawyer,
    LegalAidStation,
    LegalCase,
    ServiceType,
)

# --- one access function per model (page and API alike) ---------------------------------------------------


def station_for(user: Any, pk: Any, action: str = "view") -> LegalAidStation:
    return get_scoped_or_404(LegalAidStation.objects.select_related("org"), user, action, pk=pk)


def firm_for(user: Any, pk: int, action: str = "view") -> LawFirm:
    return get_scoped_or_404(LawFirm.objects.select_related("org"), user, action, pk=pk)


def lawyer_for(user: Any, pk: int, action: str = "view") -> Lawyer:
    return get_scoped_or_404(Lawyer.objects.select_related("org", "firm", "user"), user, action, pk=pk)


def case_for(user: Any, pk: int, action: str = "view") -> LegalCase:
    return get_scoped_or_404(LegalCase.objects.select_related("org", "station", "lawyer"), user, action, pk=pk)


def claimant_for(user: Any, pk: int, action: str = "view") -> Claimant:
    return get_scoped_or_404(Claimant.objects.select_related("case"), user, action, pk=pk)


def document_for(user: Any, pk: int, action: str = "view") -> CaseDocument:
    return get_scoped_or_404(CaseDocument.objects.select_related("case"), user, action, pk=pk)


# --- lists ----------------------------------------------------------------------------------------------


def stations(user: Any, *, text: str = "", action: str = "view") -> QuerySet[LegalAidStation]:
    queryset = scoped(LegalAidStation.objects.select_related("org"), user, action)
    if text := search_text(text):
        queryset = queryset.filter(Q(name__icontains=text) | Q(org__name__icontains=text))
    return queryset.order_by("org__path", "kind", "name")


def firms(user: Any, *, text: str = "", action: str = "view") -> QuerySet[LawFirm]:
    queryset = scoped(LawFirm.objects.select_related("org"), user, action)
    if text := search_text(text):
        queryset = queryset.filter(name__icontains=text)
    return queryset.order_by("name", "pk")


def lawyers(user: Any, *, text: str = "", action: str = "view") -> QuerySet[Lawyer]:
    queryset = scoped(Lawyer.objects.select_related("org", "firm"), user, action).annotate(
        open_cases=Count("cases", filter=Q(cases__status__in=OPEN_STATUSES)))
    if text := search_text(text):
        queryset = queryset.filter(Q(name__icontains=text) | Q(firm__name__icontains=text))
    return queryset.order_by("name", "pk")


def cases(user: Any, *, text: str = "", status: str = "", station: int | None = None, lawyer: int | None = None,
          open_only: bool = False, action: str = "view") -> QuerySet[LegalCase]:
    queryset = scoped(LegalCase.objects.select_related("station", "lawyer"), user, action)
    if text := search_text(text):
        queryset = queryset.filter(Q(employer_name__icontains=text) | Q(claimants__name__startswith=text)).distinct()
    if status:
        queryset = queryset.filter(status=status)
    if open_only:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    if station is not None:
        queryset = queryset.filter(station_id=station)
    if lawyer is not None:
        queryset = queryset.filter(lawyer_id=lawyer)
    return queryset.order_by("-intake_date", "-pk")


def claimants_of(case: LegalCase) -> QuerySet[Claimant]:
    """The claimants of a case the caller already read through `case_for`."""
    return case.claimants.order_by("row")


# --- fairness of load -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    lawyer: Lawyer
    open_cases: int
    speciality_match: bool
    reasons: tuple[str, ...]


def suggest_lawyers(user: Any, case: LegalCase, *, limit: int = 5) -> list[Suggestion]:
    """Active lawyers in the user's scope: those with the dispute's speciality first, then the lightest open
    caseload, then name. Each carries its reasons; staff choose."""
    found = lawyers(user).filter(active=True)
    suggestions = []
    for lawyer in found:
        match = case.dispute_type in lawyer.specialities
        reasons = (f"擅长{case.get_dispute_type_display()}" if match else "无此争议类型专长",
                   f"在办案件 {lawyer.open_cases} 件")  # type: ignore[attr-defined]
        suggestions.append(Suggestion(lawyer, lawyer.open_cases, match, reasons))  # type: ignore[attr-defined]
    suggestions.sort(key=lambda s: (not s.speciality_match, s.open_cases, s.lawyer.name, s.lawyer.pk))
    return suggestions[:limit]


# --- deadlines ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    case: LegalCase
    warnings: tuple[clocks.Warning, ...]


def warnings_of(case: LegalCase) -> list[DeadlineRow]:
    """The deadline warnings of one case the caller opened through `case_for`."""
    return deadline_warnings(LegalCase.objects.filter(pk=case.pk))


def deadline_warnings(queryset: QuerySet[LegalCase], today: dt.date | None = None) -> list[DeadlineRow]:
    """Open cases whose review is due or whose arbitration limit ends within 30 days (or has passed)."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(clocks.WARNING_DAYS))
    due = queryset.filter(status__in=OPEN_STATUSES).filter(
        Q(status=CaseStatus.RECEIVED, review_due_on__lte=horizon) | Q(limit_on__lte=horizon))
    rows = []
    for case in due.order_by("limit_on", "review_due_on", "pk")[:200]:
        warnings = []
        if case.status == CaseStatus.RECEIVED:
            level = clocks.warning_level(case.review_due_on, today)
            if level:
                warnings.append(clocks.Warning("review", case.review_due_on, (case.review_due_on - today).days, level))
        if case.limit_on:
            level = clocks.warning_level(case.limit_on, today)
            if level:
                warnings.append(clocks.Warning("limit", case.limit_on, (case.limit_on - today).days, level))
        if warnings:
            rows.append(DeadlineRow(case, tuple(warnings)))
    return rows


# --- the report -----------------------------------------------------------------------------------------


@dataclass
class ReportRow:
    key: str
    label: str
    cases: int = 0
    by_type: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ServiceType.values, 0))
    recovered_fen: int = 0
    claimants: int = 0
    closed: int = 0
    days_to_close: int = 0

    @property
    def average_days(self) -> float | None:
        return round(self.days_to_close / self.closed, 1) if self.closed else None

    def add(self, row: dict[str, Any]) -> None:
        self.cases += row["cases"]
        self.by_type[row["service_type"]] += row["cases"]
        self.recovered_fen += row["recovered"] or 0
        self.claimants += row["helped"] or 0
        self.closed += row["closed"]
        self.days_to_close += row["days"] or 0


@dataclass
class LegalReport:
    since: dt.date | None
    until: dt.date | None
    total: ReportRow
    stations: list[ReportRow]


def legal_report(user: Any, *, since: dt.date | None = None, until: dt.date | None = None,
                 station: int | None = None) -> LegalReport:
    """Cases by the four service types, recovered total, claimants helped and average days to close, per
    station and in total, for cases taken in between `since` and `until`. One aggregate query."""
    queryset = scoped(LegalCase.objects.all(), user)
    if since is not None:
        queryset = queryset.filter(intake_date__gte=since)
    if until is not None:
        queryset = queryset.filter(intake_date__lte=until)
    if station is not None:
        # Another unit's station is 404 (it used to answer zeros): the report's permission must reach it.
        queryset = queryset.filter(station=get_scoped_or_404(LegalAidStation.objects.all(), user,
                                                             permission="legal.view_legalcase", pk=station))
    grouped = (queryset.values("station_id", "station__name", "station__org__path", "service_type")
               .annotate(cases=Count("pk"), recovered=Sum("recovered_fen"), helped=Sum("claimant_count"),
                         closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
                         days=Sum("days_to_close", filter=Q(status=CaseStatus.CLOSED)))
               .order_by("station__org__path", "station__name"))
    total = ReportRow("", "合计")
    by_station: dict[int, ReportRow] = {}
    for row in grouped:
        line = by_station.setdefault(row["station_id"], ReportRow(str(row["station_id"]), row["station__name"]))
        line.add(row)
        total.add(row)
    return LegalReport(since=since, until=until, total=total, stations=list(by_station.values()))
