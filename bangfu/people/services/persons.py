"""People: one person, one record across the whole system (the ID number's blind index is unique)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction

from bangfu.accounts.models import OrgUnit
from bangfu.core.errors import ServiceError
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.core.masking import mask_id_number
from bangfu.core.sensitive import blind_index
from bangfu.people.models import HukouType, Person
from bangfu.people.names import pinyin_keys
from bangfu.people.services.common import clean_text, record_audit, require_permission, require_unit_in_scope
from bangfu.people.services.inputs import PersonInput

# Said to whoever enters a number already filed: the other record may be outside their scope, so the
# message names neither the person nor the unit — only where to ask.
ALREADY_FILED = "身份证号：该号码已在系统中登记，同一人不能重复建档。如需核实，请联系上级工会（市总工会帮扶部门）查询。"


def id_index_of(number: str) -> str:
    return blind_index(number)


def _label(row: int | None) -> str:
    return f"家庭成员第 {row} 行 " if row else ""


def validated_person(data: PersonInput, *, org: OrgUnit, actor: Any, row: int | None = None) -> Person:
    """An unsaved Person with the derived fields filled, or a ServiceError naming the row and field."""
    name = clean_text(data.name, f"{_label(row)}姓名", max_length=200)
    if not name:
        raise ServiceError(f"{_label(row)}姓名：不能为空。")
    if len(name) > 50:
        raise ServiceError(f"{_label(row)}姓名：不能超过 50 个字。")
    try:
        facts = parse_id_number(data.id_number)
    except IdNumberError as exc:
        raise ServiceError(f"{_label(row)}身份证号：{exc}。") from None
    if data.hukou_type and data.hukou_type not in HukouType.values:
        raise ServiceError(f"{_label(row)}户口性质：取值无效。")
    phone = clean_text(data.phone, f"{_label(row)}联系电话", max_length=20).replace(" ", "")
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 15):
        raise ServiceError(f"{_label(row)}联系电话：应为 7 至 15 位数字。")
    full, initials = pinyin_keys(name)
    return Person(
        org=org, created_by=actor, name=name, name_pinyin=full, name_initials=initials,
        id_number=facts.number, id_index=id_index_of(facts.number), sex=facts.sex, birth_date=facts.birth_date,
        phone=phone, hukou_type=data.hukou_type,
        employer_name=clean_text(data.employer_name, f"{_label(row)}工作单位", max_length=100),
        occupation_code=clean_text(data.occupation_code, f"{_label(row)}职业代码", max_length=20),
        is_union_member=data.is_union_member,
        disability_type=clean_text(data.disability_type, f"{_label(row)}残疾类别", max_length=20),
        disability_grade=data.disability_grade,
        health_note=clean_text(data.health_note, f"{_label(row)}健康状况", max_length=500),
        industry=clean_text(data.industry, f"{_label(row)}行业", max_length=50),
    )


def refuse_known_numbers(people: Sequence[Person], rows: Sequence[int | None]) -> None:
    """Refuse numbers repeated within the submission, or already registered anywhere in the system."""
    seen: dict[str, int | None] = {}
    for person, row in zip(people, rows, strict=True):
        if person.id_index in seen:
            first = seen[person.id_index]
            raise ServiceError(f"{_label(row)}身份证号：与{_label(first) or '户主'}重复。")
        seen[person.id_index] = row
    known = set(Person.objects.filter(id_index__in=list(seen)).values_list("id_index", flat=True))
    for person, row in zip(people, rows, strict=True):
        if person.id_index in known:
            raise ServiceError(f"{_label(row)}{ALREADY_FILED}", status=409)


def save_people(people: Sequence[Person]) -> None:
    """Insert; a concurrent insert of the same number loses on the unique index and is told so."""
    try:
        with transaction.atomic():
            for person in people:
                person.save()
    except IntegrityError:
        raise ServiceError(ALREADY_FILED, status=409) from None


@transaction.atomic
def create_person(*, actor: Any, org: OrgUnit, data: PersonInput) -> Person:
    """A person on their own (a worker with honours, a job seeker): same rules as inside a household."""
    require_permission(actor, "people.add_person", "登记人员")
    require_unit_in_scope(actor, org)
    person = validated_person(data, org=org, actor=actor)
    refuse_known_numbers([person], [None])
    save_people([person])
    record_audit("people.person.create", actor=actor, instance=person,
                 changes={"id_number": mask_id_number(person.id_number)})  # masked; the inventory masks again
    return person
