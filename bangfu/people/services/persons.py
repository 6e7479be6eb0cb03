"""People: one person, one record across the whole system (the ID number's blind index is unique)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.core.masking import mask_id_number, mask_phone
from bangfu.core.normalize import normalize_name, normalize_phone
from bangfu.core.sensitive import blind_index, blind_indexes
from bangfu.people.duplicates import scan_households_after_commit
from bangfu.people.models import HardshipFile, HouseholdMember, HukouType, Person
from bangfu.people.names import pinyin_keys
from bangfu.people.services.common import (
    FROZEN,
    FROZEN_STATUSES,
    MEMBER_NOT_FOUND,
    add_event,
    clean_text,
    record_audit,
    require_file_in_scope,
    require_permission,
    require_unit_in_scope,
)
from bangfu.people.services.inputs import PersonInput

# Said to whoever enters a number already filed: the other record may be outside their scope, so the
# message names neither the person nor the unit — only where to ask.
ALREADY_FILED = "身份证号：该号码已在系统中登记，同一人不能重复建档。如需核实，请联系上级工会（市总工会帮扶部门）查询。"


def id_index_of(number: str) -> str:
    return blind_index(number)


def _label(row: int | None) -> str:
    return f"家庭成员第 {row} 行 " if row else ""


def clean_name(value: str, label: str = "") -> str:
    name = normalize_name(clean_text(value, f"{label}姓名", max_length=200))
    if not name:
        raise ServiceError(f"{label}姓名：不能为空。")
    if len(name) > 50:
        raise ServiceError(f"{label}姓名：不能超过 50 个字。")
    return name


def clean_phone(value: str, label: str = "") -> str:
    phone = normalize_phone(clean_text(value, f"{label}联系电话", max_length=40))
    if phone and not (phone.isdecimal() and 7 <= len(phone) <= 15):
        raise ServiceError(f"{label}联系电话：应为 7 至 15 位数字。")
    return phone


def validated_person(data: PersonInput, *, org: OrgUnit, actor: Any, row: int | None = None) -> Person:
    """An unsaved Person with the derived fields filled, or a ServiceError naming the row and field."""
    name = clean_name(data.name, _label(row))
    try:
        facts = parse_id_number(data.id_number)
    except IdNumberError as exc:
        raise ServiceError(f"{_label(row)}身份证号：{exc}。") from None
    if data.hukou_type and data.hukou_type not in HukouType.values:
        raise ServiceError(f"{_label(row)}户口性质：取值无效。")
    phone = clean_phone(data.phone, _label(row))
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
    # Every configured index key: while the index key rotates, a filed person may still carry the old one.
    variants = {person.id_index: blind_indexes(person.id_number) for person in people}
    known = set(Person.objects.filter(id_index__in=[index for found in variants.values() for index in found])
                .values_list("id_index", flat=True))
    for person, row in zip(people, rows, strict=True):
        if known.intersection(variants[person.id_index]):
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
    require_unit_in_scope(actor, org, "people.add_person")
    person = validated_person(data, org=org, actor=actor)
    refuse_known_numbers([person], [None])
    save_people([person])
    record_audit("people.person.create", actor=actor, instance=person,
                 changes={"id_number": mask_id_number(person.id_number)})  # masked; the inventory masks again
    return person


# What the person page may change; the ID number (and what it gives: sex, birth date) is not among them.
PERSON_EDITABLE_FIELDS = ("name", "phone", "hukou_type", "employer_name", "occupation_code", "industry",
                          "is_union_member", "health_note")
PERSON_STALE = "该人员信息已被他人修改，请刷新后重试。"


def _person_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes checked and cleaned, as model values (a new name brings its pinyin keys)."""
    unknown = set(changes) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(f"不能修改的字段：{'、'.join(sorted(unknown))}。")
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "name":
            cleaned["name"] = clean_name(value)
            cleaned["name_pinyin"], cleaned["name_initials"] = pinyin_keys(cleaned["name"])
        elif name == "phone":
            cleaned["phone"] = clean_phone(value or "")
        elif name == "hukou_type":
            if value and value not in HukouType.values:
                raise ServiceError("户口性质：取值无效。")
            cleaned["hukou_type"] = value or ""
        elif name == "is_union_member":
            cleaned["is_union_member"] = bool(value)
        else:
            label, length = {"employer_name": ("工作单位", 100), "occupation_code": ("职业代码", 20),
                             "industry": ("行业", 50), "health_note": ("健康状况", 500)}[name]
            cleaned[name] = clean_text(value or "", label, max_length=length)
    return cleaned


@transaction.atomic
def update_person(*, actor: Any, hardship_file: HardshipFile, member_id: int, expected_version: int,
                  changes: dict[str, Any]) -> Person:
    """Correct a member's personal details (name, phone, hukou, employer, occupation, industry, union
    membership, health note) from their household's page. `expected_version` is the person's version: a
    stale one is refused with 409. The timeline and the audit name the fields changed, never the values."""
    require_permission(actor, "people.change_person", "修改人员信息")
    require_file_in_scope(actor, hardship_file, "people.change_person")
    if hardship_file.status in FROZEN_STATUSES:
        raise ServiceError(FROZEN)
    member = HouseholdMember.objects.filter(household_id=hardship_file.household_id, pk=member_id).first()
    if member is None:
        raise ServiceError(MEMBER_NOT_FOUND, status=404)
    person = Person.objects.select_for_update().get(pk=member.person_id)
    if person.version != expected_version:
        raise ConflictError(PERSON_STALE)
    fields = {name: value for name, value in _person_fields(changes).items() if getattr(person, name) != value}
    if not fields:
        return person
    update_versioned(person, expected_version, updated_at=timezone.now(), **fields)
    changed = sorted(name for name in fields if name not in ("name_pinyin", "name_initials"))
    HardshipFile.objects.filter(pk=hardship_file.pk).update(updated_at=timezone.now())
    add_event(hardship_file, actor=actor, action="edit_person", changes={"member": str(member.pk), "fields": changed})
    audit_changes: dict[str, Any] = {"fields": changed, "member": member.pk}
    if "phone" in fields:
        audit_changes["phone"] = mask_phone(fields["phone"])
    record_audit("people.person.edit", actor=actor, instance=person, changes=audit_changes)
    if "name" in fields:  # every member is compared: a new name may pair the family with another file
        scan_households_after_commit(HouseholdMember.objects.filter(person=person)
                                     .values_list("household_id", flat=True))
    return person
