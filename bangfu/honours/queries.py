"""Reads of the honours app, always through `scoped()`: one access function per model (`thing_for`), shared
by pages and API, plus the lists (register with filters, care due this year, talk calendar, speaker load).

Titles are reference data without an owning unit: they are read with the permission alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import get_scoped_or_404, scoped, scoped_for
from bangfu.core.normalize import search_text
from bangfu.honours.models import (
    CareKind,
    CareStatus,
    Competition,
    CompetitionEntry,
    Honour,
    HonourTitle,
    ModelWorkerCare,
    Talk,
    TalkPhoto,
    TalkRequest,
    TalkStatus,
    TalkTeam,
    TeamMember,
    Workstation,
)
from bangfu.people.models import Person


def title_for(user: Any, pk: Any) -> HonourTitle:
    if not user.has_perm("honours.view_honourtitle"):
        raise Http404
    try:
        return HonourTitle.objects.get(pk=pk)
    except (HonourTitle.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def titles(user: Any, *, active_only: bool = False) -> QuerySet[HonourTitle]:
    if not user.has_perm("honours.view_honourtitle"):
        return HonourTitle.objects.none()
    found = HonourTitle.objects.all()
    return found.filter(is_active=True) if active_only else found


def honour_for(user: Any, pk: Any, action: str = "view") -> Honour:
    return get_scoped_or_404(Honour.objects.select_related("title", "person", "org"), user, action, pk=pk)


def person_for(user: Any, pk: Any, action: str = "view") -> Person:
    return get_scoped_or_404(Person.objects.select_related("org"), user, action, pk=pk)


def care_for(user: Any, pk: Any, action: str = "view") -> ModelWorkerCare:
    return get_scoped_or_404(ModelWorkerCare.objects.select_related("person", "honour__title", "fund",
                                                                    "disbursement", "org"), user, action, pk=pk)


def team_for(user: Any, pk: Any, action: str = "view") -> TalkTeam:
    return get_scoped_or_404(TalkTeam.objects.select_related("org"), user, action, pk=pk)


def member_for(user: Any, pk: Any, action: str = "view") -> TeamMember:
    return get_scoped_or_404(TeamMember.objects.select_related("team", "person", "honour__title"), user, action,
                             pk=pk)


def talk_for(user: Any, pk: Any, action: str = "view") -> Talk:
    return get_scoped_or_404(Talk.objects.select_related("team", "org"), user, action, pk=pk)


def photo_for(user: Any, pk: Any) -> TalkPhoto:
    return get_scoped_or_404(TalkPhoto.objects.select_related("talk"), user, "view", pk=pk)


def competition_for(user: Any, pk: Any, action: str = "view") -> Competition:
    return get_scoped_or_404(Competition.objects.select_related("org"), user, action, pk=pk)


def entry_for(user: Any, pk: Any, action: str = "view") -> CompetitionEntry:
    return get_scoped_or_404(CompetitionEntry.objects.select_related("competition", "trade", "person",
                                                                     "title_won"), user, action, pk=pk)


def workstation_for(user: Any, pk: Any, action: str = "view") -> Workstation:
    return get_scoped_or_404(Workstation.objects.select_related("master", "org"), user, action, pk=pk)


def register(user: Any, *, title: Any = None, level: str = "", year: int | None = None, unit: OrgUnit | None = None,
             text: str = "", include_revoked: bool = False) -> QuerySet[Honour]:
    """The honours register with its filters: title, level, year, unit (and below), holder's name."""
    found = scoped(Honour.objects.select_related("title", "person", "org"), user, "view")
    if title:
        found = found.filter(title=title)
    if level:
        found = found.filter(title__level=level)
    if year:
        found = found.filter(year=year)
    if unit is not None:
        found = found.filter(org__path__startswith=unit.path)
    if text := search_text(text):
        found = found.filter(holder_name__icontains=text)
    if not include_revoked:
        found = found.filter(revoked_on__isnull=True)
    return found.order_by("-year", "title__name", "holder_name", "pk")


def honours_of(user: Any, person: Person) -> QuerySet[Honour]:
    return scoped(Honour.objects.select_related("title"), user, "view").filter(person=person).order_by("-year", "pk")


def honours_held_by(people: list[Person]) -> QuerySet[Honour]:
    """The honours these people hold, for the pages about them (household, seeker profile). Honours are public
    record: the page's own access function has decided that the user may see these people, which is all that
    showing their titles needs — no honours role is asked for (a social worker has none)."""
    return (Honour.objects.select_related("title").filter(person__in=[person.pk for person in people])
            .order_by(F("revoked_on").asc(nulls_first=True), "-year", "pk"))


def care_list(user: Any, *, year: int | None = None, kind: str = "", status: str = "") -> QuerySet[ModelWorkerCare]:
    found = scoped(ModelWorkerCare.objects.select_related("person", "honour__title", "disbursement", "org"),
                   user, "view")
    if year:
        found = found.filter(year=year)
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    return found.order_by("-year", "-pk")


def care_of(user: Any, person: Person) -> QuerySet[ModelWorkerCare]:
    return care_list(user).filter(person=person)


def due_for_check(user: Any, year: int | None = None) -> QuerySet[Person]:
    """Model workers (a title carrying treatment, held by that year, not revoked) in the user's scope who have no
    health check that year (proposed or approved). One row per person, however many honours they hold."""
    year = year or timezone.localdate().year
    # Read with the care list's permission: the role that may see model-worker services must itself reach
    # the honour (a worker who may read the register inside a unit lends no reach to an officer's role).
    honours = scoped_for(user, Honour.objects.all(), "honours.view_modelworkercare")
    treated = honours.filter(person__isnull=False, title__model_worker_treatment=True, year__lte=year)
    checked = ModelWorkerCare.objects.filter(kind=CareKind.HEALTH_CHECK, year=year).exclude(
        status=CareStatus.REJECTED)
    return (Person.objects.select_related("org").filter(pk__in=treated.values("person"))
            .exclude(pk__in=checked.values("person")).order_by("org__path", "name", "pk"))


def teams(user: Any) -> QuerySet[TalkTeam]:
    return (scoped(TalkTeam.objects.select_related("org"), user, "view")
            .annotate(member_count=Count("members", distinct=True)).order_by("-founded_on", "pk"))


def members_of(user: Any, team: TalkTeam) -> QuerySet[TeamMember]:
    """The team's speakers with how many talks each is booked for (not cancelled)."""
    booked = Count("bookings", filter=~Q(bookings__talk__status=TalkStatus.CANCELLED), distinct=True)
    return (scoped(TeamMember.objects.select_related("person", "honour__title"), user, "view")
            .filter(team=team).annotate(booked=booked).order_by("pk"))


def talks(user: Any, *, team: TalkTeam | None = None, start: dt.date | None = None, end: dt.date | None = None,
          member: TeamMember | None = None) -> QuerySet[Talk]:
    found = scoped(Talk.objects.select_related("team", "org"), user, "view")
    if team is not None:
        found = found.filter(team=team)
    if start:
        found = found.filter(held_on__gte=start)
    if end:
        found = found.filter(held_on__lte=end)
    if member is not None:
        found = found.filter(speakers__member=member)
    return found.order_by("held_on", "pk")


def requests_of(user: Any, team: TalkTeam, status: str = "") -> QuerySet[TalkRequest]:
    found = scoped(TalkRequest.objects.all(), user, "view").filter(team=team)
    return (found.filter(status=status) if status else found).order_by("earliest", "pk")


def competitions(user: Any) -> QuerySet[Competition]:
    return (scoped(Competition.objects.select_related("org"), user, "view")
            .annotate(entrants=Count("entries", distinct=True),
                      winners=Count("entries", filter=Q(entries__title_won__isnull=False), distinct=True))
            .order_by("-held_on", "pk"))


def entries_of(user: Any, competition: Competition) -> QuerySet[CompetitionEntry]:
    return (scoped(CompetitionEntry.objects.select_related("trade", "person", "title_won"), user, "view")
            .filter(competition=competition).order_by("trade__name", "rank", "pk"))


def workstations(user: Any, *, kind: str = "", level: str = "") -> QuerySet[Workstation]:
    found = scoped(Workstation.objects.select_related("master", "org"), user, "view")
    if kind:
        found = found.filter(kind=kind)
    if level:
        found = found.filter(level=level)
    return found.annotate(member_count=Count("members", distinct=True)).order_by("level", "name", "pk")
