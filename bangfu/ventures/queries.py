"""Reads of the ventures app, always through `scoped()`: one access function per model (`thing_for`),
shared by pages and API, plus the lists, the arrears list and the report's grouped aggregates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from bangfu.accounts.scoping import get_scoped_or_404, scoped
from bangfu.core.normalize import search_text
from bangfu.ventures.models import (
    EmployedHousehold,
    Loan,
    LoanInstalment,
    SubsidyPayment,
    SubsidyPolicy,
    SubsidyRun,
    VentureProject,
)


def project_for(user: Any, pk: Any, action: str = "view", *, permission: str | None = None) -> VentureProject:
    """One project; with `permission` (a loan's, an employed household's) the role granting it must reach it."""
    return get_scoped_or_404(VentureProject.objects.select_related("org", "applicant"), user, action,
                             permission=permission, pk=pk)


def loan_for(user: Any, pk: Any, action: str = "view") -> Loan:
    return get_scoped_or_404(Loan.objects.select_related("project", "org"), user, action, pk=pk)


def policy_for(user: Any, pk: Any, action: str = "view") -> SubsidyPolicy:
    return get_scoped_or_404(SubsidyPolicy.objects.select_related("fund", "org"), user, action, pk=pk)


def run_for(user: Any, pk: Any, action: str = "view") -> SubsidyRun:
    return get_scoped_or_404(SubsidyRun.objects.select_related("policy", "org"), user, action, pk=pk)


def payment_for(user: Any, pk: Any, action: str = "view") -> SubsidyPayment:
    return get_scoped_or_404(SubsidyPayment.objects.select_related("run", "loan__project", "disbursement"),
                             user, action, pk=pk)


def employed_for(user: Any, pk: Any, action: str = "view") -> EmployedHousehold:
    return get_scoped_or_404(EmployedHousehold.objects.select_related("project"), user, action, pk=pk)


def projects(user: Any, *, text: str = "", status: str = "", level: str = "") -> QuerySet[VentureProject]:
    queryset = scoped(VentureProject.objects.select_related("org", "applicant"), user, "view")
    if text := search_text(text):
        queryset = queryset.filter(name__icontains=text)
    if status:
        queryset = queryset.filter(status=status)
    if level:
        queryset = queryset.filter(level=level)
    return queryset.order_by("-submitted_on", "-pk")


def loans(user: Any, project: VentureProject | None = None) -> QuerySet[Loan]:
    queryset = scoped(Loan.objects.select_related("project", "org"), user, "view")
    if project is not None:
        queryset = queryset.filter(project=project)
    return queryset.order_by("-start_on", "-pk")


def instalments_of(loan: Loan) -> list[LoanInstalment]:
    return list(loan.instalments.order_by("number"))


def policies(user: Any) -> QuerySet[SubsidyPolicy]:
    return scoped(SubsidyPolicy.objects.select_related("fund", "org"), user, "view").order_by("name", "pk")


def runs(user: Any, policy: SubsidyPolicy | None = None) -> QuerySet[SubsidyRun]:
    queryset = scoped(SubsidyRun.objects.select_related("policy", "org"), user, "view")
    if policy is not None:
        queryset = queryset.filter(policy=policy)
    return queryset.order_by("-period_end", "-pk")


def payments_of(user: Any, run: SubsidyRun) -> QuerySet[SubsidyPayment]:
    return (scoped(SubsidyPayment.objects.select_related("loan__project", "disbursement"), user, "view")
            .filter(run=run).order_by("loan__project__name", "pk"))


def payments_of_loan(user: Any, loan: Loan) -> QuerySet[SubsidyPayment]:
    return (scoped(SubsidyPayment.objects.select_related("run", "disbursement"), user, "view")
            .filter(loan=loan).order_by("run__period_start", "pk"))


def employed(user: Any, project: VentureProject | None = None, *, text: str = "") -> QuerySet[EmployedHousehold]:
    queryset = scoped(EmployedHousehold.objects.select_related("project", "hardship_file"), user, "view")
    if project is not None:
        queryset = queryset.filter(project=project)
    if text := search_text(text):
        queryset = queryset.filter(worker_name__icontains=text)
    return queryset.order_by("project__name", "employed_on", "pk")


def arrears(user: Any, on: dt.date | None = None) -> QuerySet[LoanInstalment]:
    """Instalments due before `on` (today) and not paid in full: 逾期. One row per overdue instalment."""
    on = on or timezone.localdate()
    visible = scoped(Loan.objects.all(), user, "view")
    return (LoanInstalment.objects.select_related("loan__project", "loan__org")
            .filter(loan__in=visible.values("pk"), due_on__lt=on, paid_in_full_on__isnull=True)
            .order_by("due_on", "loan_id", "number"))


def loans_in_arrears(user: Any, on: dt.date | None = None) -> QuerySet[Loan]:
    on = on or timezone.localdate()
    overdue = LoanInstalment.objects.filter(loan=OuterRef("pk"), due_on__lt=on, paid_in_full_on__isnull=True)
    return scoped(Loan.objects.all(), user, "view").filter(Exists(overdue))
