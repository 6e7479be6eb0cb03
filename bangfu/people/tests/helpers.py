"""Test helpers: valid synthetic ID numbers and one-call families through the real services."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.test import TestCase
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.people import services
from bangfu.people.idgen import make_id_number
from bangfu.people.models import EmploymentStatus, HardshipFile, Publicity, Relation
from bangfu.people.services.filing import publicity_days

_sequence = itertools.count(1)


def new_id(region: str = "440106", birth: dt.date = dt.date(1980, 3, 4), sex: str = "M") -> str:
    """A fresh valid number each call (the sequence makes it unique within a test run)."""
    n = next(_sequence)
    return make_id_number(region, birth + dt.timedelta(days=n // 400), n % 400, sex)


def same_birth_id(region: str, birth: dt.date, sex: str = "M") -> str:
    """A fresh valid number of someone born exactly on `birth`, however many numbers were made before."""
    return make_id_number(region, birth, next(_sequence) % 1000, sex)


def member(name: str, *, relation: str = Relation.SELF, id_number: str | None = None,
           employment: str = EmploymentStatus.UNEMPLOYED, income_fen: int = 0, illness: bool = False,
           disability: bool = False, birth: dt.date | None = None) -> services.MemberInput:
    """A member whose number is fresh; born exactly on `birth` when given (new_id alone drifts a day every 400
    numbers, so a test that named a birth date passed or failed with the count of tests run before it)."""
    number = id_number or (same_birth_id("440106", birth) if birth is not None else new_id())
    return services.MemberInput(
        person=services.PersonInput(name=name, id_number=number), relation=relation,
        employment_status=employment, monthly_income_fen=income_fen, has_major_illness=illness,
        disability_or_mental_illness=disability)


def apply_family(actor: Any, org: OrgUnit, *, head: str = "张三丰", head_id: str | None = None,
                 primary: str = "laid_off", secondary: tuple[str, ...] = (), income_fen: int = 90_000,
                 address: str = "", region_code: str = "", extra: tuple[services.MemberInput, ...] = (),
                 incident_on: dt.date | None = None, illness: bool = False,
                 birth: dt.date | None = None) -> HardshipFile:
    """A family applying through `create_household` (status 申请), its after-commit duplicate scan run as a
    committed request would run it."""
    members = (member(head, id_number=head_id, income_fen=income_fen, illness=illness, birth=birth), *extra)
    data = services.HouseholdInput(
        members=members, address=address, region_code=region_code,
        file=services.FileInput(primary_cause=primary, secondary_causes=secondary, incident_on=incident_on))
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.create_household(actor=actor, org=org, data=data)


def step(actor: Any, hardship_file: HardshipFile, action: str, **extra: Any) -> HardshipFile:
    hardship_file.refresh_from_db()
    return services.transition_hardship_file(actor=actor, hardship_file=hardship_file, action=action,
                                             expected_version=hardship_file.version, **extra)


def investigation(no_evidence_reason: str = "申请人的纸质材料已在街道存档") -> services.InvestigationInput:
    """A complete 入户调查 record, visited yesterday."""
    return services.InvestigationInput(
        visited_on=timezone.localdate() - dt.timedelta(days=1), visitors="王社工、李社工",
        notes="入户核实：家中两人，申请人失业，无固定收入。", no_evidence_reason=no_evidence_reason)


def notice_has_run(hardship_file: HardshipFile) -> None:
    """The public notice period has passed (as if its days had gone by): the period is moved into the past."""
    days = dt.timedelta(days=publicity_days())
    today = timezone.localdate()
    if not Publicity.objects.filter(file=hardship_file).exists():
        Publicity.objects.create(file=hardship_file, starts_on=today - days, ends_on=today)
    Publicity.objects.filter(file=hardship_file).update(starts_on=today - days, ends_on=today)


def approve_fully(maker: Any, approver: Any, hardship_file: HardshipFile, *, reviewer: Any = None) -> HardshipFile:
    """申请 → 初审 (by `reviewer`, another street worker by default) → 入户调查 → 公示 (run its course) → 审批."""
    reviewer = reviewer or other_worker(maker)
    hardship_file = step(reviewer, hardship_file, "review")
    hardship_file = step(maker, hardship_file, "investigate", investigation=investigation())
    hardship_file = step(maker, hardship_file, "publicise")
    notice_has_run(hardship_file)
    return step(approver, hardship_file, "approve")


def other_worker(user: Any) -> Any:
    """A street social worker of the same unit as `user`, not `user`: the second pair of eyes."""
    from django.contrib.auth.models import Group

    from bangfu.accounts.models import User

    colleague = User.objects.create_user(username=f"reviewer-{user.pk}-{next(_sequence)}", org=user.org)
    colleague.groups.set([Group.objects.get(role_profile__key="street_social_worker")])
    return User.objects.get(pk=colleague.pk)
