"""Test helpers: records made through the honours services by a setup superuser, so that the actions under
test can be taken by role users."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from typing import Any

from openpyxl import Workbook

from bangfu.accounts.models import OrgUnit, User
from bangfu.assistance.models import Fund, ProgramKind
from bangfu.assistance.services import ledger, programs
from bangfu.assistance.tests.factories import make_person
from bangfu.honours.models import Competition, Honour, HonourTitle, Talk, TalkTeam, TeamMember, Workstation
from bangfu.honours.services import competitions, honours, talks, workstations
from bangfu.honours.services.titles import ensure_standard_titles
from bangfu.people.models import Person

_sequence = itertools.count(1)


def workbook(rows: list[list[Any]]) -> io.BytesIO:
    """An .xlsx of these rows, as an office would upload it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def setup_user(org: OrgUnit | None = None) -> User:
    user, _created = User.objects.get_or_create(username="setup", defaults={"is_superuser": True, "org": org})
    return user


def title(code: str = "national_model") -> HonourTitle:
    ensure_standard_titles()  # a transactional test before this one flushed what the migration seeded
    return HonourTitle.objects.get(code=code)


def honoured(org: OrgUnit, name: str | None = None, code: str = "national_model", year: int = 2020,
             **fields: Any) -> tuple[Person, Honour]:
    person = make_person(org, name, **fields)
    honour = honours.grant_honour(actor=setup_user(), data=honours.HonourInput(title=title(code), year=year,
                                                                               person=person))
    return person, honour


def make_fund(org: OrgUnit, budget_fen: int = 10_000_000, *, large_amount_fen: int = 5_000_000) -> Fund:
    program = programs.create_program(actor=setup_user(), org=org, name=f"劳模服务{next(_sequence)}",
                                      kind=ProgramKind.OTHER, starts_on=dt.date(2020, 1, 1),
                                      ends_on=dt.date(2030, 12, 31), large_amount_fen=large_amount_fen)
    return ledger.create_fund(actor=setup_user(), program=program, name="劳模服务资金", budget_fen=budget_fen,
                              key=f"test-mw-fund-{next(_sequence)}")


def make_team(org: OrgUnit, name: str = "劳模工匠宣讲团", members: int = 0, **member_fields: Any) -> TalkTeam:
    team = talks.create_team(actor=setup_user(), org=org, name=name, founded_on=dt.date(2020, 11, 1))
    for _index in range(members):
        person, _honour = honoured(org, code="city_model")
        talks.add_member(actor=setup_user(), team=team, person=person, **member_fields)
    return team


def make_talk(team: TalkTeam, day: dt.date = dt.date(2020, 12, 10), host: str = "东港实验学校") -> Talk:
    member = TeamMember.objects.filter(team=team).first()
    if member is None:
        person, _honour = honoured(team.org, code="city_model")
        member = talks.add_member(actor=setup_user(), team=team, person=person)
    return talks.book_talk(actor=setup_user(), team=team, data=talks.TalkInput(
        held_on=day, venue_kind="school", host_unit=host, speakers=[member], district="东港区"))


def make_competition(org: OrgUnit, name: str = "职业技能大赛", edition: int = 1) -> Competition:
    return competitions.create_competition(actor=setup_user(), org=org, data=competitions.CompetitionInput(
        name=name, edition=edition, organiser="禹城市总工会", held_on=dt.date(2020, 9, 1),
        trades=[("电工", "电工"), ("电焊工", "焊接")]))


def make_workstation(org: OrgUnit, name: str = "齐鲁技能大师特色工作站") -> Workstation:
    master = make_person(org)
    return workstations.create_workstation(actor=setup_user(), org=org, data=workstations.WorkstationInput(
        name=name, kind="master", level="provincial", host_employer="禹城某机械公司", master=master,
        founded_on=dt.date(2018, 5, 1)))
