"""Skills competitions (职业技能大赛): editions with their trades, entrants, and results. A result may grant an
honour (the title won) and always adds the trade's skill tag and the certificate to the person's seeker
profile (`jobs.services`), so that matching sees it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.honours.models import (
    Competition,
    CompetitionEntry,
    CompetitionTrade,
    HonourSource,
    HonourTitle,
)
from bangfu.honours.services.common import clean_text, require_perm, require_record, require_unit
from bangfu.honours.services.honours import HonourInput, grant_honour
from bangfu.jobs.models import SeekerProfile
from bangfu.jobs.services.seekers import create_seeker_profile, update_seeker_profile
from bangfu.people.models import Person


@dataclass(frozen=True)
class CompetitionInput:
    name: str
    edition: int
    organiser: str
    held_on: dt.date
    trades: list[tuple[str, str]]  # (trade, skill tag)


def create_competition(*, actor: Any, org: OrgUnit, data: CompetitionInput) -> Competition:
    require_perm(actor, "honours.add_competition", "登记技能竞赛")
    require_unit(actor, org, "honours.add_competition")
    if not 1 <= data.edition <= 200:
        raise ServiceError("届次：应为 1—200 的整数")
    if not data.trades:
        raise ServiceError("比赛工种：至少一个")
    names = [clean_text(name, f"比赛工种第 {i} 行", 50, required=True) for i, (name, _tag) in
             enumerate(data.trades, start=1)]
    if len(set(names)) != len(names):
        raise ServiceError("比赛工种：有重复的工种")
    try:
        with transaction.atomic():
            competition = Competition.objects.create(
                org=org, name=clean_text(data.name, "竞赛名称", 100, required=True), edition=data.edition,
                organiser=clean_text(data.organiser, "主办单位", 100, required=True), held_on=data.held_on,
                created_by=actor)
            CompetitionTrade.objects.bulk_create([
                CompetitionTrade(competition=competition, name=name, skill_tag=clean_text(tag, "技能标签", 50) or name)
                for name, (_n, tag) in zip(names, data.trades, strict=True)])
            audit.record("honours.competition_create", actor=actor, obj=competition,
                         changes={"trades": len(names)})
    except IntegrityError:
        raise ConflictError(f"“{data.name}”第 {data.edition} 届已登记") from None
    return competition


def enter(*, actor: Any, competition: Competition, trade: CompetitionTrade, person: Person) -> CompetitionEntry:
    require_perm(actor, "honours.add_competitionentry", "登记参赛选手")
    require_record(actor, person, "people.view_person")
    if trade.competition_id != competition.pk:
        raise ServiceError("工种：不是本届竞赛的工种", status=404)
    try:
        with transaction.atomic():
            entry = CompetitionEntry.objects.create(competition=competition, trade=trade, person=person,
                                                    org=competition.org, created_by=actor)
            audit.record("honours.entry_add", actor=actor, obj=entry)
    except IntegrityError:
        raise ConflictError(f"{person.name}已报名“{trade.name}”") from None
    return entry


@dataclass(frozen=True)
class ResultInput:
    rank: int
    score: Decimal | None = None
    title_won: HonourTitle | None = None
    certificate: str = ""


def add_to_seeker_profile(*, actor: Any, person: Person, tag: str, certificate: str) -> list[str]:
    """The trade's tag and the certificate join the person's seeker profile (made if missing), through the jobs
    services (versioned: a concurrent edit is never overwritten). Returns what was new."""
    profile = SeekerProfile.objects.filter(person=person).first()
    if profile is None:
        profile = create_seeker_profile(actor=actor, person=person, org=person.org)
    new_tags = [tag] if tag and tag not in profile.tags else []
    new_certificates = [certificate] if certificate and certificate not in profile.certificates else []
    if new_tags or new_certificates:
        update_seeker_profile(actor=actor, profile=profile, expected_version=profile.version,
                              tags=[*profile.tags, *new_tags], certificates=[*profile.certificates, *new_certificates])
    return new_tags + new_certificates


def record_result(*, actor: Any, entry: CompetitionEntry, data: ResultInput, version: int) -> CompetitionEntry:
    """Rank, score and the title won. The title becomes an honour of the competition's year; the trade's skill
    tag and the certificate join the seeker profile. A result is recorded once (409 after)."""
    require_perm(actor, "honours.change_competitionentry", "登记比赛成绩")
    if entry.rank is not None:
        raise ConflictError("该选手的成绩已登记")
    if not isinstance(data.rank, int) or not 1 <= data.rank <= 10_000:
        raise ServiceError("名次：应为正整数")
    if data.score is not None and not Decimal(0) <= data.score <= Decimal(1000):
        raise ServiceError("成绩：应在 0—1000 之间")
    certificate = clean_text(data.certificate, "证书", 100)
    competition = entry.competition
    with transaction.atomic():
        honour = None
        if data.title_won is not None:
            honour = grant_honour(actor=actor, data=HonourInput(
                title=data.title_won, year=competition.held_on.year, person=entry.person,
                certificate_number=certificate[:64], awarding_document=str(competition)[:200],
                source=HonourSource.COMPETITION))
        update_versioned(entry, version, rank=data.rank, score=data.score, title_won=data.title_won,
                         certificate=certificate, honour=honour)
        added = add_to_seeker_profile(actor=actor, person=entry.person, tag=entry.trade.skill_tag,
                                      certificate=certificate)
        audit.record("honours.result_record", actor=actor, obj=entry,
                     changes={"rank": data.rank, "title": getattr(data.title_won, "code", ""),
                              "seeker_items": len(added)})
    return entry
