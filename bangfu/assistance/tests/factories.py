"""Test data for the assistance app: people with files, families and facts, and a ready campaign."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from stdnum.cn import ric

from bangfu.accounts.models import OrgUnit
from bangfu.assistance.models import CampaignGroup, PersonFact, Program, ProgramKind, TargetGroup
from bangfu.assistance.rules.seed_groups import BEIJING_GROUPS
from bangfu.assistance.rules.validate import validate_rule
from bangfu.assistance.services import ledger
from bangfu.core.sensitive import blind_index
from bangfu.people.extensions import record_titles
from bangfu.people.models import HardshipFile, Household, HouseholdMember, Person

_serial = itertools.count(1)
CAMPAIGN_START = dt.date(2020, 12, 20)
CAMPAIGN_END = dt.date(2021, 2, 26)
HONOURS_YEAR = 2015


def id_number(birth: dt.date, serial: int) -> str:
    body = f"110101{birth:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body)


def make_person(org: OrgUnit, name: str | None = None, *, birth: dt.date = dt.date(1975, 5, 1),
                **fields: Any) -> Person:
    """`honours=[title codes]` puts the person on the honours register (held since HONOURS_YEAR)."""
    serial = next(_serial)
    number = id_number(birth, serial)
    titles = fields.pop("honours", [])
    # The blind index must be unique even when the serial wraps: salt it with the serial.
    person = Person.objects.create(
        org=org, name=name or f"测试{serial}", id_number=number, id_index=blind_index(f"{number}#{serial}"),
        sex="M", birth_date=birth, **fields)
    if titles:
        record_titles(holdings={person.pk: list(titles)}, year=HONOURS_YEAR)
    return person


def make_household(head: Person, *, members: list[tuple[Person, dict[str, Any]]] | None = None) -> Household:
    household = Household.objects.create(org=head.org, head=head)
    HouseholdMember.objects.create(household=household, person=head, relation="self")
    for person, extra in members or []:
        HouseholdMember.objects.create(household=household, person=person, relation=extra.pop("relation", "spouse"),
                                       **extra)
    return household


def make_file(head: Person, *, status: str = "formal", cause: str = "laid_off", **fields: Any) -> HardshipFile:
    household = head.headed_households.first() or make_household(head)
    return HardshipFile.objects.create(org=head.org, household=household, primary_cause=cause, status=status,
                                       filed_on=dt.date(2020, 6, 1), **fields)


def make_fact(person: Person, kind: str, detail: str, *, valid_from: dt.date = dt.date(2020, 10, 1),
              valid_to: dt.date | None = None, number: int | None = None) -> PersonFact:
    return PersonFact.objects.create(person=person, kind=kind, detail=detail, valid_from=valid_from,
                                     valid_to=valid_to, number=number, org=person.org)


def beijing_groups(org: OrgUnit) -> list[TargetGroup]:
    return [TargetGroup.objects.get_or_create(org=org, name=spec["name"],
                                              defaults={"rule": validate_rule(spec["rule"]),
                                                        "description": spec["description"]})[0]
            for spec in BEIJING_GROUPS]


def make_campaign(org: OrgUnit, *, name: str = "2021年元旦春节送温暖", budget_fen: int = 1_000_000_000,
                  start: dt.date = CAMPAIGN_START, end: dt.date = CAMPAIGN_END, actor: Any = None,
                  groups: bool = True) -> Program:
    program = Program.objects.create(org=org, name=name, kind=ProgramKind.CAMPAIGN, starts_on=start, ends_on=end,
                                     festival="2021年元旦春节")
    if budget_fen:
        ledger.create_fund(actor=actor, program=program, name=f"{name}资金", budget_fen=budget_fen,
                           key=f"fund-{program.pk}")
    if groups:
        for priority, (group, spec) in enumerate(zip(beijing_groups(org), BEIJING_GROUPS, strict=True), start=1):
            CampaignGroup.objects.create(program=program, target_group=group, priority=priority,
                                         standard_fen=spec["standard_fen"])
    return program


def entry(blist: Any, name: str) -> Any:
    """The entry of the person named `name` on a list."""
    return blist.entries.get(person__name=name)
