"""Reads of the jobs app, always through `scoped()`: lists, details and the placement funnel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.divisions import all_divisions
from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import get_scoped_or_404, scoped, scoped_for
from bangfu.core.normalize import search_text
from bangfu.jobs.models import (
    Employer,
    Opening,
    Referral,
    ReferralStatus,
    RetentionCheck,
    RetentionOutcome,
    SeekerProfile,
)
from bangfu.matching.engine import DistrictTable
from bangfu.people.models import Person


def district_name(code: str) -> str:
    """The NBS name of a region code ("440117" → 从化区); the code itself when unknown."""
    if not code:
        return "—"
    division = all_divisions().get(code)
    return division.name if division else code


def district_choices(org: OrgUnit | None) -> list[tuple[str, str]]:
    """The county-level divisions of the unit's city (or province); the engine's table for national units."""
    region = (org.region_code if org else "").rstrip("0")
    prefix = region[:4] if len(region) >= 4 else region
    table = DistrictTable.default()
    return sorted(
        (code, division.name) for code, division in all_divisions().items()
        if len(code) == 6 and code[4:] != "00" and (code.startswith(prefix) if prefix else code in table)
    )


# --- one access function per model a page or route opens by id (pages and API alike) --------------------


def employer_for(user: Any, pk: Any, action: str = "view") -> Employer:
    return get_scoped_or_404(Employer.objects.select_related("org"), user, action, pk=pk)


def opening_for(user: Any, pk: Any, action: str = "view") -> Opening:
    return get_scoped_or_404(Opening.objects.select_related("employer", "org"), user, action, pk=pk)


def seeker_for(user: Any, pk: Any, action: str = "view") -> SeekerProfile:
    return get_scoped_or_404(SeekerProfile.objects.select_related("person", "org"), user, action, pk=pk)


def referral_for(user: Any, pk: Any, action: str = "view") -> Referral:
    return get_scoped_or_404(Referral.objects.select_related("seeker__person", "opening__employer"), user, action,
                             pk=pk)


def retention_check_for(user: Any, pk: Any, action: str = "view") -> RetentionCheck:
    return get_scoped_or_404(
        RetentionCheck.objects.select_related("referral__seeker__person", "referral__opening__employer"), user,
        action, pk=pk)


def openings_among(user: Any, pks: list[int]) -> list[Opening]:
    """The openings of `pks` in scope (fewer than asked when some are missing or out of reach)."""
    return list(scoped(Opening.objects.all(), user).filter(pk__in=pks))


# --- lists ---------------------------------------------------------------------------------------------
# The text of a search box is searched as `search_text` gives it: one of nothing but zero-width or no-break spaces
# is the empty box, on the page and in the API alike.


def employers(user: Any, *, text: str = "", action: str = "view") -> QuerySet[Employer]:
    queryset = scoped(Employer.objects.select_related("org"), user, action)
    if text := search_text(text):
        queryset = queryset.filter(Q(name__icontains=text) | Q(uscc__icontains=text.upper()))
    return queryset.order_by("name", "pk")


def openings(
    user: Any, *, text: str = "", district: str = "", open_only: bool = False, action: str = "view"
) -> QuerySet[Opening]:
    queryset = scoped(Opening.objects.select_related("employer", "org"), user, action)
    if text := search_text(text):
        queryset = queryset.filter(
            Q(title__icontains=text) | Q(employer__name__icontains=text) | Q(occupation_code__startswith=text)
        )
    if district:
        queryset = queryset.filter(district_code=district)
    if open_only:
        today = timezone.localdate()
        queryset = queryset.filter(positions_filled__lt=F("positions")).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
    return queryset.order_by("-created_at", "-pk")


ADD_SEEKER = "jobs.add_seekerprofile"


def people_without_profile(user: Any, text: str = "") -> QuerySet[Person]:
    """People of the register without a seeker profile, reached by a role that may start one."""
    people = scoped_for(user, Person.objects.filter(seeker_profile__isnull=True), ADD_SEEKER)
    if text := search_text(text):
        people = people.filter(Q(name__icontains=text) | Q(name_initials__istartswith=text))
    return people.order_by("name", "pk")


def person_for_profile(user: Any, pk: int) -> Person:
    """One person a role of the user that may start a seeker profile reaches; else 404."""
    return get_scoped_or_404(Person.objects.all(), user, permission=ADD_SEEKER, pk=pk)


def seekers(
    user: Any, *, text: str = "", status: str = "", flagged: bool = False, action: str = "view"
) -> QuerySet[SeekerProfile]:
    queryset = scoped(SeekerProfile.objects.select_related("person", "org"), user, action)
    if text := search_text(text):
        queryset = queryset.filter(
            Q(person__name__icontains=text) | Q(person__name_initials__istartswith=text)
            | Q(intention__icontains=text)
        )
    if status:
        queryset = queryset.filter(status=status)
    if flagged:
        queryset = queryset.filter(needs_follow_up=True)
    return queryset.order_by("-needs_follow_up", "-created_at", "-pk")


def referrals(
    user: Any, *, status: str = "", seeker: SeekerProfile | None = None, opening: Opening | None = None,
    hardship_review: bool = False, action: str = "view",
) -> QuerySet[Referral]:
    queryset = scoped(Referral.objects.select_related("seeker__person", "opening__employer"), user, action)
    if status:
        queryset = queryset.filter(status=status)
    if seeker is not None:
        queryset = queryset.filter(seeker=seeker)
    if opening is not None:
        queryset = queryset.filter(opening=opening)
    if hardship_review:
        queryset = queryset.filter(hardship_review=True)
    return queryset.order_by("-recommended_on", "-pk")


def retention_checks(user: Any, *, due_by: dt.date | None = None, pending_only: bool = True,
                     action: str = "view") -> QuerySet[RetentionCheck]:
    queryset = scoped(RetentionCheck.objects.select_related("referral__seeker__person", "referral__opening"),
                      user, action)
    if pending_only:
        queryset = queryset.filter(outcome=RetentionOutcome.PENDING)
    if due_by is not None:
        queryset = queryset.filter(due_on__lte=due_by)
    return queryset.order_by("due_on", "pk")


# --- the placement funnel -------------------------------------------------------------------------

FUNNEL_STAGES = ("recommended", "interviewed", "hired", "retained_3", "retained_6")


@dataclass(frozen=True)
class FunnelRow:
    district_code: str
    district: str
    recommended: int
    interviewed: int
    hired: int
    retained_3: int
    retained_6: int

    def stages(self) -> list[int]:
        return [getattr(self, stage) for stage in FUNNEL_STAGES]


def _retained(months: int) -> Count:
    return Count("retention_checks", distinct=True,
                 filter=Q(retention_checks__months=months, retention_checks__outcome=RetentionOutcome.EMPLOYED))


def placement_funnel(user: Any, *, since: dt.date | None = None, until: dt.date | None = None) -> list[FunnelRow]:
    """推荐 → 面试 → 录用 → 3个月在岗 → 6个月在岗 by the seeker's home district, one aggregate query.

    A referral counts as interviewed once it has an interview date (every 录用 went through 面试).
    """
    queryset = scoped(Referral.objects.all(), user)
    if since is not None:
        queryset = queryset.filter(recommended_on__gte=since)
    if until is not None:
        queryset = queryset.filter(recommended_on__lte=until)
    rows = (
        queryset.values("seeker__home_district")
        .annotate(
            recommended=Count("pk", distinct=True),
            interviewed=Count("pk", distinct=True, filter=Q(interview_on__isnull=False)),
            hired=Count("pk", distinct=True, filter=Q(status=ReferralStatus.HIRED)),
            retained_3=_retained(3),
            retained_6=_retained(6),
        )
        .order_by("seeker__home_district")
    )
    return [
        FunnelRow(
            district_code=row["seeker__home_district"], district=district_name(row["seeker__home_district"]),
            recommended=row["recommended"], interviewed=row["interviewed"], hired=row["hired"],
            retained_3=row["retained_3"], retained_6=row["retained_6"],
        )
        for row in rows
    ]


def funnel_total(rows: list[FunnelRow]) -> FunnelRow:
    return FunnelRow(
        district_code="", district=_("Total"),
        **{stage: sum(getattr(row, stage) for row in rows) for stage in FUNNEL_STAGES},
    )
