"""Master workstations (技能大师工作站 / 技师工作站 / 劳模创新工作室): the master, members, and each year's
achievements (patents, apprentices trained)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.honours.models import TitleLevel, Workstation, WorkstationKind, WorkstationMember, WorkstationYear
from bangfu.honours.services.common import check_year, clean_text, require_perm, require_record, require_unit
from bangfu.people.models import Person


@dataclass(frozen=True)
class WorkstationInput:
    name: str
    kind: str
    level: str
    host_employer: str
    master: Person
    founded_on: dt.date


def create_workstation(*, actor: Any, org: OrgUnit, data: WorkstationInput) -> Workstation:
    require_perm(actor, "honours.add_workstation", "登记工作站")
    require_unit(actor, org, "honours.add_workstation")
    require_record(actor, data.master, "people.view_person")
    if data.kind not in WorkstationKind.values:
        raise ServiceError(f"类型：“{data.kind}”不是可选项")
    if data.level not in TitleLevel.values:
        raise ServiceError(f"级别：“{data.level}”不是可选项")
    try:
        with transaction.atomic():
            station = Workstation.objects.create(
                org=org, name=clean_text(data.name, "工作站名称", 100, required=True), kind=data.kind,
                level=data.level, host_employer=clean_text(data.host_employer, "依托企业", 100, required=True),
                master=data.master, founded_on=data.founded_on, created_by=actor)
            WorkstationMember.objects.create(workstation=station, person=data.master, joined_on=data.founded_on)
            audit.record("honours.workstation_create", actor=actor, obj=station, changes={"level": data.level})
    except IntegrityError:
        raise ConflictError(f"本单位已有名为“{data.name}”的工作站") from None
    return station


def add_ws_member(*, actor: Any, station: Workstation, person: Person, joined_on: dt.date) -> WorkstationMember:
    require_perm(actor, "honours.change_workstation", "添加工作站成员")
    require_record(actor, person, "people.view_person")
    try:
        with transaction.atomic():
            member = WorkstationMember.objects.create(workstation=station, person=person, joined_on=joined_on)
            audit.record("honours.workstation_member_add", actor=actor, obj=station)
    except IntegrityError:
        raise ConflictError(f"{person.name}已是该工作站成员") from None
    return member


def record_year(*, actor: Any, station: Workstation, year: int, patents: int, apprentices: int,
                note: str = "") -> WorkstationYear:
    """A year's achievements; recording a year again replaces its figures (the audit keeps both)."""
    require_perm(actor, "honours.add_workstationyear", "登记工作站成果")
    check_year(year)
    if min(patents, apprentices) < 0 or max(patents, apprentices) > 10_000:
        raise ServiceError("专利数、带徒人数：应为 0—10000 的整数")
    with transaction.atomic():
        row, created = WorkstationYear.objects.update_or_create(
            workstation=station, year=year,
            defaults={"patents": patents, "apprentices": apprentices, "note": clean_text(note, "其他成果", 200)})
        audit.record("honours.workstation_year", actor=actor, obj=station,
                     changes={"year": year, "patents": patents, "apprentices": apprentices, "new": created})
    return row
