"""Households employed by a project (带动就业户), linked to the register: the worker's ID number is matched
through the blind index against the people the actor may see, and their household's hardship file (if in
file) is linked — that is how "帮扶困难职工" is counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from bangfu.accounts.scoping import scoped
from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.core.sensitive import blind_index
from bangfu.people.models import IN_FILE_STATUSES, HardshipFile, Person
from bangfu.ventures.models import APPROVED_STATUSES, EmployedHousehold, VentureProject
from bangfu.ventures.services.common import require_perm


def register_match(actor: Any, id_index: str) -> tuple[Person | None, HardshipFile | None]:
    """The register's person with this ID number among those the actor may see, and their household's file
    when it is in file. A worker may come from any unit the actor reaches, not only the project's own."""
    person = scoped(Person.objects.all(), actor).filter(id_index=id_index).first()
    if person is None:
        return None, None
    hardship_file = (HardshipFile.objects.filter(household__members__person=person, status__in=IN_FILE_STATUSES)
                     .order_by("pk").first())
    return person, hardship_file


def add_employed_household(*, actor: Any, project: VentureProject, worker_name: str, id_number: str,
                           employed_on: dt.date, post: str = "") -> EmployedHousehold:
    require_perm(actor, "ventures.add_employedhousehold", "登记带动就业户")
    if project.status not in APPROVED_STATUSES:
        raise ServiceError(f"项目当前状态为“{project.get_status_display()}”，立项后才能登记带动就业户", status=409)
    worker_name = worker_name.strip()
    if not worker_name or len(worker_name) > 50:
        raise ServiceError("姓名：必须填写，且不超过 50 个字")
    try:
        facts = parse_id_number(id_number)
    except IdNumberError as exc:
        raise ServiceError(str(exc)) from None
    if employed_on < project.submitted_on:
        raise ServiceError(f"就业日期：{employed_on.isoformat()} 早于项目申报日 {project.submitted_on.isoformat()}")
    index = blind_index(facts.number)
    person, hardship_file = register_match(actor, index)
    try:
        with transaction.atomic():
            household = EmployedHousehold.objects.create(
                project=project, org=project.org, worker_name=worker_name, id_number=facts.number, id_index=index,
                employed_on=employed_on, post=post.strip()[:50], person=person, hardship_file=hardship_file,
                created_by=actor)
            audit.record("ventures.employed_add", actor=actor, obj=household,
                         changes={"linked_to_register": person is not None,
                                  "hardship_file": hardship_file is not None})
    except IntegrityError:
        raise ConflictError("该职工已登记为本项目的带动就业户") from None
    return household
