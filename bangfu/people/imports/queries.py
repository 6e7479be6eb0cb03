"""Reads of the importer's pages and API: jobs and units, always through `scoped()`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import get_scoped_or_404, scoped
from bangfu.reports.models import ImportJob


def visible_jobs(user: Any) -> QuerySet[ImportJob]:
    return scoped(ImportJob.objects.select_related("org", "created_by"), user, "view").order_by("-created_at", "-id")


def job_or_404(user: Any, pk: int) -> ImportJob:
    return get_scoped_or_404(ImportJob.objects.select_related("org", "created_by"), user, "view", pk=pk)


def importable_units(user: Any) -> QuerySet[OrgUnit]:
    """Units the user may import into: those within scope (the service checks again)."""
    return scoped(OrgUnit.objects.all(), user, "view").order_by("path")
