"""Applying for a file (a household with its members and causes) and editing it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.core.concurrency import update_versioned
from bangfu.core.dates import future_date_message
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.people.duplicates import fill_match_keys, scan_households_after_commit
from bangfu.people.models import (
    EmploymentStatus,
    FileLevel,
    FileStatus,
    HardshipFile,
    Household,
    HouseholdMember,
    Relation,
)
from bangfu.people.services.assessment import assessment_fields
from bangfu.people.services.common import (
    FROZEN,
    FROZEN_STATUSES,
    MEMBER_NOT_FOUND,
    add_event,
    clean_text,
    locked_file,
    record_audit,
    require_file_in_scope,
    require_permission,
    require_unit_in_scope,
    today,
    validate_causes,
)
from bangfu.people.services.inputs import FileInput, HouseholdInput, MemberInput, MemberUpdate
from bangfu.people.services.persons import refuse_known_numbers, save_people, validated_person

MAX_MEMBERS = 20
STALE = "该档案已被他人修改，请刷新后重试。"
EDITABLE_FIELDS = ("address", "level", "primary_cause", "secondary_causes", "incident_on", "contact")


def _check_member(member: MemberInput, row: int) -> None:
    if member.relation not in Relation.values:
        raise ServiceError(f"家庭成员第 {row} 行 与户主关系：取值无效。")
    if member.employment_status not in EmploymentStatus.values:
        raise ServiceError(f"家庭成员第 {row} 行 就业状况：取值无效。")
    if member.monthly_income_fen < 0:
        raise ServiceError(f"家庭成员第 {row} 行 月收入：不能为负数。")


def _check_members(members: tuple[MemberInput, ...]) -> None:
    if not members:
        raise ServiceError("家庭成员：至少需要填写户主本人。")
    if len(members) > MAX_MEMBERS:
        raise ServiceError(f"家庭成员：最多 {MAX_MEMBERS} 人。")
    heads = [row for row, m in enumerate(members, start=1) if m.relation == Relation.SELF]
    if len(heads) != 1:
        raise ServiceError(f"家庭成员：应有且只有一名成员的关系为“本人”（户主），实际为 {len(heads)} 名。")
    spouses = [m for m in members if m.relation == Relation.SPOUSE]
    if len(spouses) > 1:
        raise ServiceError("家庭成员：配偶最多一名。")
    for row, member in enumerate(members, start=1):
        _check_member(member, row)


def _check_level_and_contact(data: FileInput, org: OrgUnit) -> None:
    if data.level not in FileLevel.values:
        raise ServiceError("档案级别：取值无效。")
    future = future_date_message(data.incident_on, today()) if data.incident_on else None
    if future:
        raise ServiceError(f"遭受意外或灾害日期：{future}。")
    contact = data.contact
    if contact is None:
        return
    unit = contact.org
    if not contact.is_active or unit is None or not (org.path.startswith(unit.path) or unit.path.startswith(org.path)):
        raise ServiceError("帮扶联系人：应为本单位、上级或下级单位在职的工作人员。")


@transaction.atomic
def create_household(*, actor: Any, org: OrgUnit, data: HouseholdInput) -> HardshipFile:
    """申请建档: the people, the household and its file in status 申请, its tier assessed, duplicates checked."""
    require_permission(actor, "people.add_hardshipfile", "申请建档")
    require_unit_in_scope(actor, org, "people.add_hardshipfile")
    primary, secondaries = validate_causes(data.file.primary_cause, data.file.secondary_causes)
    _check_members(data.members)
    _check_level_and_contact(data.file, org)
    people = [validated_person(m.person, org=org, actor=actor, row=row) for row, m in enumerate(data.members, 1)]
    refuse_known_numbers(people, list(range(1, len(people) + 1)))
    save_people(people)
    head = next(p for p, m in zip(people, data.members, strict=True) if m.relation == Relation.SELF)
    household = Household(org=org, created_by=actor, head=head,
                          address=clean_text(data.address, "住址", max_length=200),
                          region_code=(data.region_code or org.region_code)[:12])
    fill_match_keys(household, org)
    household.save()
    members = HouseholdMember.objects.bulk_create([
        HouseholdMember(household=household, person=person, relation=m.relation,
                        employment_status=m.employment_status, has_major_illness=m.has_major_illness,
                        disability_or_mental_illness=m.disability_or_mental_illness,
                        monthly_income_fen=m.monthly_income_fen)
        for person, m in zip(people, data.members, strict=True)
    ])
    hardship_file = HardshipFile(org=org, created_by=actor, household=household, level=data.file.level,
                                 primary_cause=primary, secondary_causes=secondaries,
                                 incident_on=data.file.incident_on, contact=data.file.contact,
                                 status=FileStatus.APPLIED)
    for name, value in assessment_fields(hardship_file, members, as_of=today(),
                                         region_code=household.region_code).items():
        setattr(hardship_file, name, value)
    hardship_file.save()
    add_event(hardship_file, actor=actor, action="apply", to_status=FileStatus.APPLIED,
              note=clean_text(data.file.note, "备注", max_length=500),
              changes={"household_size": hardship_file.household_size, "tier": hardship_file.tier})
    record_audit("people.file.apply", actor=actor, instance=hardship_file,
                 changes={"step": "apply", "to_status": FileStatus.APPLIED, "members": len(members)})
    scan_households_after_commit([household.pk])
    return hardship_file


def _member_changes(household: Household, updates: dict[int, MemberUpdate]) -> list[str]:
    """Apply member updates (ids must belong to the household); returns the changed member ids as text."""
    members = {m.pk: m for m in household.members.all()}
    changed: list[str] = []
    for member_id, update in updates.items():
        member = members.get(member_id)
        if member is None:
            raise ServiceError(f"家庭成员：编号 {member_id} 不属于该家庭。")
        if update.employment_status not in EmploymentStatus.values:
            raise ServiceError(f"家庭成员 {member.person.name} 就业状况：取值无效。")
        if update.monthly_income_fen < 0:
            raise ServiceError(f"家庭成员 {member.person.name} 月收入：不能为负数。")
        fields = {"employment_status": update.employment_status, "has_major_illness": update.has_major_illness,
                  "disability_or_mental_illness": update.disability_or_mental_illness,
                  "monthly_income_fen": update.monthly_income_fen}
        if any(getattr(member, name) != value for name, value in fields.items()):
            HouseholdMember.objects.filter(pk=member.pk).update(**fields)
            changed.append(str(member.pk))
    return changed


@transaction.atomic
def update_household(*, actor: Any, hardship_file: HardshipFile, expected_version: int,
                     changes: dict[str, Any], members: dict[int, MemberUpdate] | None = None) -> HardshipFile:
    """Edit a file (address, level, causes, incident date, contact, members' facts) and re-assess its tier.

    A stale `expected_version` (someone saved in between) is refused with 409, never overwritten.
    """
    require_permission(actor, "people.change_hardshipfile", "修改档案")
    require_file_in_scope(actor, hardship_file, "people.change_hardshipfile")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(f"不能修改的字段：{'、'.join(sorted(unknown))}。")
    if hardship_file.status in FROZEN_STATUSES:
        raise ServiceError(FROZEN)
    hardship_file = locked_file(hardship_file.pk, "household", "org")
    if hardship_file.version != expected_version:
        raise ConflictError(STALE)
    household = hardship_file.household
    primary, secondaries = validate_causes(changes.get("primary_cause", hardship_file.primary_cause),
                                           changes.get("secondary_causes", hardship_file.secondary_causes))
    file_input = FileInput(primary_cause=primary, level=changes.get("level", hardship_file.level),
                           contact=changes.get("contact", hardship_file.contact),
                           incident_on=changes.get("incident_on"))
    _check_level_and_contact(file_input, hardship_file.org)
    changed = sorted(name for name in changes if name != "address" and getattr(hardship_file, name) != changes[name])
    new_address = clean_text(changes.get("address") or "", "住址", max_length=200)
    address_changed = "address" in changes and new_address != household.address
    if address_changed:
        household.address = new_address
        fill_match_keys(household, hardship_file.org)
        household.save(update_fields=["address", "city_code", "address_key", "address_block", "updated_at"])
        changed.append("address")
    member_ids = _member_changes(household, members or {})
    file_fields = {name: changes[name] for name in EDITABLE_FIELDS if name in changes and name != "address"}
    file_fields |= {"primary_cause": primary, "secondary_causes": secondaries}
    for name, value in file_fields.items():
        setattr(hardship_file, name, value)
    old_tier = hardship_file.tier
    file_fields |= assessment_fields(hardship_file, list(household.members.all()), as_of=today(),
                                     region_code=household.region_code)
    update_versioned(hardship_file, expected_version, updated_at=timezone.now(), **file_fields)
    summary: dict[str, Any] = {"fields": changed, "members": member_ids}
    if hardship_file.tier != old_tier:
        summary["tier_changed"] = [old_tier, hardship_file.tier]
    add_event(hardship_file, actor=actor, action="edit", changes=summary)
    record_audit("people.file.edit", actor=actor, instance=hardship_file,
                 changes={"fields": changed, "members": member_ids, "tier_changed": "tier_changed" in summary})
    if address_changed:
        scan_households_after_commit([hardship_file.household_id])
    return hardship_file


@transaction.atomic
def add_member(*, actor: Any, hardship_file: HardshipFile, expected_version: int,
               member: MemberInput) -> HouseholdMember:
    """A new member of the family (a birth, a return): same ID rules as at application; tier re-assessed."""
    require_permission(actor, "people.change_hardshipfile", "修改档案")
    require_file_in_scope(actor, hardship_file, "people.change_hardshipfile")
    hardship_file = locked_file(hardship_file.pk, "household", "org")
    if hardship_file.version != expected_version:
        raise ConflictError(STALE)
    if hardship_file.status in FROZEN_STATUSES:
        raise ServiceError(FROZEN)
    if member.relation == Relation.SELF:
        raise ServiceError("与户主关系：户主已登记，新成员不能再选“本人”。")
    household = hardship_file.household
    if household.members.count() >= MAX_MEMBERS:
        raise ServiceError(f"家庭成员：最多 {MAX_MEMBERS} 人。")
    _check_member(member, household.members.count() + 1)
    person = validated_person(member.person, org=hardship_file.org, actor=actor)
    refuse_known_numbers([person], [None])
    save_people([person])
    row = HouseholdMember.objects.create(
        household=household, person=person, relation=member.relation, employment_status=member.employment_status,
        has_major_illness=member.has_major_illness, disability_or_mental_illness=member.disability_or_mental_illness,
        monthly_income_fen=member.monthly_income_fen)
    fields = assessment_fields(hardship_file, list(household.members.all()), as_of=today(),
                               region_code=household.region_code)
    update_versioned(hardship_file, expected_version, updated_at=timezone.now(), **fields)
    summary = {"fields": ["members"], "members": [str(row.pk)], "size_after": hardship_file.household_size}
    add_event(hardship_file, actor=actor, action="edit", changes=summary)
    record_audit("people.file.add_member", actor=actor, instance=hardship_file, changes=summary)
    scan_households_after_commit([household.pk])  # every member is compared: the new one may pair the family
    return row


@transaction.atomic
def remove_member(*, actor: Any, hardship_file: HardshipFile, member_id: int, expected_version: int,
                  reason: str) -> HardshipFile:
    """A member leaves the family (moved out, married, died): the row goes, the person stays in the system,
    the tier is re-assessed and the reason kept on the timeline. The head cannot be removed."""
    require_permission(actor, "people.change_hardshipfile", "修改档案")
    require_file_in_scope(actor, hardship_file, "people.change_hardshipfile")
    hardship_file = locked_file(hardship_file.pk, "household")
    if hardship_file.version != expected_version:
        raise ConflictError(STALE)
    if hardship_file.status in FROZEN_STATUSES:
        raise ServiceError(FROZEN)
    household = hardship_file.household
    member = HouseholdMember.objects.filter(household=household, pk=member_id).first()
    if member is None:
        raise ServiceError(MEMBER_NOT_FOUND, status=404)
    if member.relation == Relation.SELF or member.person_id == household.head_id:
        raise ServiceError("户主不能移出家庭。")
    reason = clean_text(reason, "移出原因", max_length=200)
    if not reason:
        raise ServiceError("移出原因：必须填写。")
    relation = member.relation
    member.delete()
    old_tier = hardship_file.tier
    fields = assessment_fields(hardship_file, list(household.members.all()), as_of=today(),
                               region_code=household.region_code)
    update_versioned(hardship_file, expected_version, updated_at=timezone.now(), **fields)
    summary: dict[str, Any] = {"member": str(member_id), "relation": relation,
                               "size_after": hardship_file.household_size}
    if hardship_file.tier != old_tier:
        summary["tier_changed"] = [old_tier, hardship_file.tier]
    add_event(hardship_file, actor=actor, action="remove_member", reason=reason, changes=summary)
    record_audit("people.file.remove_member", actor=actor, instance=hardship_file, changes=summary)
    scan_households_after_commit([hardship_file.household_id])  # its keys are rewritten without the member
    return hardship_file
