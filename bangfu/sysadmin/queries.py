"""Reads of parameters and announcements. A notice is read by the accounts of its unit and the units
below it (it is addressed to them), and its receipts by the officers whose scope reaches its unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from bangfu.accounts.scoping import scope_filter
from bangfu.core.models import AuditEvent
from bangfu.sysadmin.models import Announcement, AnnouncementRead, SystemParameter
from bangfu.sysadmin.parameters import PARAMETERS, ParameterSpec, parameter_value


@dataclass(frozen=True)
class ParameterRow:
    spec: ParameterSpec
    value: int
    is_default: bool
    version: int | None
    row: SystemParameter | None


def parameter_rows() -> list[ParameterRow]:
    """Every parameter with the value in force (parameters are platform-wide: no scope to apply)."""
    stored = {row.key: row for row in SystemParameter.objects.select_related("updated_by")}
    rows = []
    for spec in PARAMETERS:
        row = stored.get(spec.key)
        rows.append(ParameterRow(spec, parameter_value(spec.key), row is None, row.version if row else None, row))
    return rows


def parameter_history(limit: int = 50) -> QuerySet[AuditEvent]:
    """Who changed which parameter when, from the audit chain (the one record of changes)."""
    return AuditEvent.objects.filter(action="parameter.change").order_by("-seq")[:limit]


def dictionary_history(key: str, limit: int = 50) -> QuerySet[AuditEvent]:
    """Who changed which entry of the list `key` when, from the audit chain."""
    return AuditEvent.objects.filter(action__startswith="dictionary.", changes__dictionary=key).order_by("-seq")[
        :limit
    ]


def _ancestor_paths(path: str) -> list[str]:
    """`/44/4401/` → ["/", "/44/", "/44/4401/"]: the units whose notices reach an account of `path`."""
    parts = [part for part in path.split("/") if part]
    return ["/"] + ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def _addressed_q(user: Any) -> Q | None:
    org = getattr(user, "org", None)
    if not getattr(user, "is_authenticated", False) or org is None:
        return None
    return Q(org__path__in=_ancestor_paths(org.path))


def visible_notices(user: Any) -> QuerySet[Announcement]:
    """Notices addressed to the user, and those whose receipts the user may read (its scope)."""
    condition = _addressed_q(user)
    managed = scope_filter(Announcement, user, "view")
    if managed is not None:
        condition = managed if condition is None else condition | managed
    if condition is None:
        return Announcement.objects.none()
    read = AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user)
    return (
        Announcement.objects.filter(condition)
        .select_related("org", "created_by")
        .annotate(is_read=Exists(read))
        .order_by("-published_at", "-id")
    )


def notice_for(user: Any, pk: int) -> Announcement:
    """The one access function for a notice: addressed to the user or in its scope, else 404."""
    try:
        return visible_notices(user).get(pk=pk)
    except (Announcement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_see_receipts(user: Any, notice: Announcement) -> bool:
    managed = scope_filter(Announcement, user, "view")
    return managed is not None and Announcement.objects.filter(managed, pk=notice.pk).exists()


def unread_count(user: Any) -> int:
    condition = _addressed_q(user)
    if condition is None:
        return 0
    return Announcement.objects.filter(condition).exclude(reads__user=user).count()


@dataclass(frozen=True)
class UnitReceipts:
    unit_name: str
    unit_path: str
    accounts: int
    read: int

    @property
    def unread(self) -> int:
        return self.accounts - self.read


def receipts_by_unit(notice: Announcement) -> list[UnitReceipts]:
    """For each unit under the notice's unit that has active accounts: how many, and how many have read it."""
    rows = (
        get_user_model()
        .objects.filter(is_active=True, org__path__startswith=notice.org.path)
        .values("org__name", "org__path")
        .annotate(
            accounts=Count("pk", distinct=True),
            read=Count("announcement_reads", filter=Q(announcement_reads__announcement=notice), distinct=True),
        )
        .order_by("org__path")
    )
    return [UnitReceipts(r["org__name"], r["org__path"], r["accounts"], r["read"]) for r in rows]


def readers_of(notice: Announcement) -> QuerySet[AnnouncementRead]:
    return notice.reads.select_related("user", "user__org").order_by("-read_at")


def is_addressed_to(user: Any, notice: Announcement) -> bool:
    org = getattr(user, "org", None)
    return org is not None and org.path.startswith(notice.org.path)
