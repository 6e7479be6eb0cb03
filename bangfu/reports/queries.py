"""Reads of the reports pages and API: the unit asked for (404 outside scope), then scoped statistics."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import get_scoped_or_404, scoped

VIEW_FILES = "people.view_hardshipfile"  # the hardship reports read the files


def report_unit(user: Any, code: str | None, permission: str) -> OrgUnit:
    """The unit named by `?org=`, or the user's own, reached by a role that grants `permission` (the
    report's); outside it the unit does not exist (404)."""
    code = code or (user.org.code if getattr(user, "org", None) else "")
    if not code:
        raise Http404
    return get_scoped_or_404(OrgUnit.objects.select_related("parent"), user, permission=permission, code=code)


def child_units(user: Any, org: OrgUnit) -> QuerySet[OrgUnit]:
    return scoped(OrgUnit.objects.filter(parent=org), user, "view").order_by("sort_order", "code")


def visible_plain_exports(user: Any) -> QuerySet[Any]:
    from bangfu.reports.models import PlainExportRequest

    return scoped(PlainExportRequest.objects.select_related("org", "created_by", "decided_by"), user)


def plain_export_for(user: Any, pk: int) -> Any:
    """One plaintext export request of a unit in the user's scope (the one access function): 404 else."""
    return get_scoped_or_404(visible_plain_exports(user), user, "view", pk=pk)
