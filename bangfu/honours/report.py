"""The honours report of a unit (and everything below it): honours by title and level, model-worker services
given and paid, talks held and planned (by venue kind, audience), competitions and winners by trade,
workstations by kind and level. Each figure is one grouped query through `scoped()`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Q, Sum

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.assistance.models import DisbursementStatus
from bangfu.core.replica import reads_from_replica
from bangfu.honours.models import (
    CareKind,
    CareStatus,
    Competition,
    CompetitionEntry,
    Honour,
    ModelWorkerCare,
    Talk,
    TalkStatus,
    TalkTeam,
    TeamMember,
    TitleLevel,
    VenueKind,
    Workstation,
    WorkstationKind,
)


@dataclass
class HonoursReport:
    unit: OrgUnit
    by_title: list[dict[str, Any]] = field(default_factory=list)  # title, level, holders, first/last year
    by_level: list[dict[str, Any]] = field(default_factory=list)
    care: list[dict[str, Any]] = field(default_factory=list)  # kind, given, paid_fen
    talks_by_venue: list[dict[str, Any]] = field(default_factory=list)  # venue, held, planned, audience
    talks_held: int = 0
    talks_planned: int = 0
    audience: int = 0
    teams: int = 0
    speakers: int = 0
    competitions: int = 0
    winners_by_trade: list[dict[str, Any]] = field(default_factory=list)
    winners: int = 0
    workstations: list[dict[str, Any]] = field(default_factory=list)  # kind, level, count

    def chart(self) -> dict[str, Any]:
        """The figures the page's ECharts draw (json_script)."""
        return {"titles": [[row["title"], row["holders"]] for row in self.by_title],
                "venues": [[row["label"], row["held"], row["planned"]] for row in self.talks_by_venue],
                "trades": [[row["trade"], row["winners"]] for row in self.winners_by_trade]}


def _counts() -> dict[str, Any]:
    """Honours, and the people holding them: a person with two titles of a level (or one title in two years)
    is one holder. A public figure recorded by name alone (no person record) counts once per name."""
    return {"honours": Count("pk"),
            "holders": Count("person", distinct=True)
            + Count("holder_name", distinct=True, filter=Q(person__isnull=True))}


@reads_from_replica  # figures only: a replica, when configured, may lag the register by seconds
def honours_report(user: Any, unit: OrgUnit) -> HonoursReport:
    report = HonoursReport(unit=unit)
    below = {"org__path__startswith": unit.path}
    honours = scoped(Honour.objects.all(), user).filter(revoked_on__isnull=True, **below)
    report.by_title = [
        {"title": row["title__name"], "level": row["title__level"],
         "level_label": str(TitleLevel(row["title__level"]).label), "holders": row["holders"],
         "honours": row["honours"], "first_year": row["first"], "last_year": row["last"]}
        for row in honours.values("title__name", "title__level").annotate(
            **_counts(), first=Min("year"), last=Max("year")).order_by("title__level", "-holders", "title__name")]
    levels = {row["title__level"]: row for row in honours.values("title__level").annotate(**_counts()).order_by()}
    report.by_level = [{"level": code, "label": str(label), "holders": levels[code]["holders"],
                        "honours": levels[code]["honours"]}
                       for code, label in TitleLevel.choices if code in levels]

    care = scoped(ModelWorkerCare.objects.all(), user).filter(**below).exclude(status=CareStatus.REJECTED)
    given = {row["kind"]: row for row in care.values("kind").annotate(
        n=Count("pk"), paid=Sum("amount_fen", filter=Q(disbursement__status=DisbursementStatus.PAID)),
        paid_n=Count("pk", filter=Q(disbursement__status=DisbursementStatus.PAID))).order_by()}
    report.care = [{"kind": code, "label": str(label), "given": given[code]["n"], "paid": given[code]["paid_n"],
                    "paid_fen": int(given[code]["paid"] or 0)} for code, label in CareKind.choices if code in given]

    talks = scoped(Talk.objects.all(), user).filter(**below).exclude(status=TalkStatus.CANCELLED)
    venues = {row["venue_kind"]: row for row in talks.values("venue_kind").annotate(
        held=Count("pk", filter=Q(status=TalkStatus.HELD)), planned=Count("pk"),
        audience=Sum("audience", filter=Q(status=TalkStatus.HELD))).order_by()}
    report.talks_by_venue = [{"venue": code, "label": str(label), "held": venues[code]["held"],
                              "planned": venues[code]["planned"], "audience": int(venues[code]["audience"] or 0)}
                             for code, label in VenueKind.choices if code in venues]
    report.talks_held = sum(row["held"] for row in report.talks_by_venue)
    report.talks_planned = sum(row["planned"] for row in report.talks_by_venue)
    report.audience = sum(row["audience"] for row in report.talks_by_venue)
    report.teams = scoped(TalkTeam.objects.all(), user).filter(**below).count()
    report.speakers = scoped(TeamMember.objects.all(), user).filter(**below).values("person").distinct().count()

    report.competitions = scoped(Competition.objects.all(), user).filter(**below).count()
    entries = scoped(CompetitionEntry.objects.all(), user).filter(title_won__isnull=False, **below)
    report.winners_by_trade = [{"trade": row["trade__name"], "winners": row["n"]} for row in entries.values(
        "trade__name").annotate(n=Count("pk")).order_by("-n", "trade__name")]
    report.winners = sum(row["winners"] for row in report.winners_by_trade)

    stations = scoped(Workstation.objects.all(), user).filter(**below)
    report.workstations = [
        {"kind": row["kind"], "kind_label": str(WorkstationKind(row["kind"]).label), "level": row["level"],
         "level_label": str(TitleLevel(row["level"]).label), "count": row["n"]}
        for row in stations.values("kind", "level").annotate(n=Count("pk")).order_by("kind", "level")]
    return report
