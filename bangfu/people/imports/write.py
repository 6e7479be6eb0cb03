"""Writing a batch of planned households: fast inserts for what is new, conditional updates for the rest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone

from bangfu.people.imports.bulk import BulkInserter
from bangfu.people.imports.context import ImportContext
from bangfu.people.imports.plan import HouseholdPlan
from bangfu.people.imports.rows import MemberRow
from bangfu.people.models import FileEvent, FileStatus, HardshipFile, Household, HouseholdMember, Person

IMPORT_NOTE = "Excel 批量导入"


class StaleFile(Exception):
    """A file changed between planning and writing (someone saved it meanwhile): the batch is planned again."""


@dataclass
class WriteCounts:
    people_created: int = 0
    people_updated: int = 0
    members_created: int = 0
    members_updated: int = 0

    def add(self, other: WriteCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class Writer:
    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.people = BulkInserter(Person)
        self.households = BulkInserter(Household)
        self.members = BulkInserter(HouseholdMember)
        self.files = BulkInserter(HardshipFile)
        self.events = BulkInserter(FileEvent)

    def write(self, plans: Sequence[HouseholdPlan]) -> WriteCounts:
        """Call inside a transaction: a StaleFile rolls the batch back."""
        counts = WriteCounts()
        self._create_people(plans, counts)
        self._update_people(plans, counts)
        created = [plan for plan in plans if plan.action == "create"]
        self._create_households(created)
        self._update_households(plans)
        self._create_members(plans, counts)
        self._update_members(plans, counts)
        self._create_files(plans)
        self._update_files(plans)
        return counts

    def _owned(self, org_id: int) -> dict[str, Any]:
        return {"org_id": org_id, "created_by_id": self.context.actor_id}

    def _create_people(self, plans: Sequence[HouseholdPlan], counts: WriteCounts) -> None:
        rows: list[dict[str, Any]] = []
        owners: list[tuple[HouseholdPlan, MemberRow]] = []
        for plan in plans:
            for member in plan.new_people:
                rows.append(_person_row(member) | self._owned(plan.unit.pk))
                owners.append((plan, member))
        ids = self.people.insert(rows, returning=True)
        for (plan, member), person_id in zip(owners, ids, strict=True):
            plan.person_ids[member.id_index] = person_id
        counts.people_created += len(ids)

    def _update_people(self, plans: Sequence[HouseholdPlan], counts: WriteCounts) -> None:
        now = timezone.now()
        for plan in plans:
            for person_id, changes in plan.person_updates.items():
                Person.objects.filter(pk=person_id).update(**changes, version=F("version") + 1, updated_at=now)
                counts.people_updated += 1

    def _create_households(self, plans: Sequence[HouseholdPlan]) -> None:
        rows = [plan.household_values | self._owned(plan.unit.pk)
                | {"head_id": plan.person_ids[plan.rows.head.id_index]} for plan in plans]
        for plan, household_id in zip(plans, self.households.insert(rows, returning=True), strict=True):
            plan.household_id = household_id

    def _update_households(self, plans: Sequence[HouseholdPlan]) -> None:
        now = timezone.now()
        for plan in plans:
            if plan.action == "update" and plan.household_values:
                Household.objects.filter(pk=int(plan.household_id or 0)).update(
                    **plan.household_values, version=F("version") + 1, updated_at=now)

    def _create_members(self, plans: Sequence[HouseholdPlan], counts: WriteCounts) -> None:
        rows = [
            {"household_id": plan.household_id, "person_id": plan.person_ids[member.id_index],
             "relation": member.relation, "employment_status": member.employment_status,
             "has_major_illness": member.has_major_illness,
             "disability_or_mental_illness": member.disability_or_mental_illness,
             "monthly_income_fen": member.monthly_income_fen}
            for plan in plans for member in plan.new_members
        ]
        self.members.insert(rows)
        counts.members_created += len(rows)

    def _update_members(self, plans: Sequence[HouseholdPlan], counts: WriteCounts) -> None:
        for plan in plans:
            for member_id, changes in plan.member_updates.items():
                HouseholdMember.objects.filter(pk=member_id).update(**changes)
                counts.members_updated += 1

    def _create_files(self, plans: Sequence[HouseholdPlan]) -> None:
        """New files (of new households, or of a household that had none) in status 申请, with their first event."""
        new = [plan for plan in plans if plan.file_values and plan.file_id is None]
        rows = [plan.file_values | self._owned(plan.unit.pk) | {"household_id": plan.household_id} for plan in new]
        file_ids = self.files.insert(rows, returning=True)
        now = timezone.now()
        events = []
        for plan, file_id in zip(new, file_ids, strict=True):
            plan.file_id = file_id
            events.append({
                "file_id": file_id, "action": "apply", "to_status": FileStatus.APPLIED,
                "actor_id": self.context.actor_id,
                "actor_name": self.context.actor_name, "occurred_at": now, "note": _note(plan),
                "changes": {"household_size": plan.file_values["household_size"], "tier": plan.file_values["tier"],
                            "source": "import"},
                "version": 1,
            })
        self.events.insert(events)

    def _update_files(self, plans: Sequence[HouseholdPlan]) -> None:
        """Changed files, each only if nobody saved it since it was planned (its version is unchanged)."""
        now = timezone.now()
        events = []
        for plan in plans:
            if plan.action != "update" or plan.file_id is None or plan.file_version == 0:
                continue
            updated = HardshipFile.objects.filter(pk=plan.file_id, version=plan.file_version).update(
                **plan.file_values, version=F("version") + 1, updated_at=now)
            if updated != 1:
                raise StaleFile(plan.file_id)
            events.append({
                "file_id": plan.file_id, "action": "edit", "actor_id": self.context.actor_id,
                "actor_name": self.context.actor_name, "occurred_at": now, "note": _note(plan),
                "changes": {"fields": plan.changed_fields, "members": len(plan.member_updates) + len(plan.new_members),
                            "tier": plan.file_values.get("tier", ""), "source": "import"},
                "version": plan.file_version + 1,
            })
        self.events.insert(events)


def _note(plan: HouseholdPlan) -> str:
    note = plan.rows.head.note
    return f"{IMPORT_NOTE}：{note}"[:500] if note else IMPORT_NOTE


def _person_row(member: MemberRow) -> dict[str, Any]:
    return {
        "name": member.name, "name_pinyin": member.name_pinyin[:200], "name_initials": member.name_initials[:50],
        "id_number": member.id_number, "id_index": member.id_index, "sex": member.sex, "birth_date": member.birth_date,
        "phone": member.phone or "", "hukou_type": member.hukou_type or "", "employer_name": member.employer_name or "",
        "is_union_member": True if member.is_union_member is None else member.is_union_member,
        "disability_type": member.disability_type or "", "disability_grade": member.disability_grade,
    }
