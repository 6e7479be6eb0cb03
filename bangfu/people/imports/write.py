"""Writing planned households: fast inserts for what is new, conditional updates for the rest.

A batch is first *prepared* (keys taken, values converted and encrypted — Python work) and then
*executed* (statements in one transaction — database work, during which the GIL is released). The
service runs the two in sequence, or (large imports) executes batch n on a second thread while it plans
and prepares batch n + 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils import timezone

from bangfu.core.bulkinsert import BulkInserter, KeyAllocator, PreparedRows
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


@dataclass
class PreparedBatch:
    """Everything a batch writes, in order; executing it needs no answer from the database."""

    steps: list[PreparedRows | Callable[[], None]] = field(default_factory=list)
    counts: WriteCounts = field(default_factory=WriteCounts)

    def execute(self) -> WriteCounts:
        """Call inside a transaction: a StaleFile or IntegrityError rolls the batch back."""
        for step in self.steps:
            if isinstance(step, PreparedRows):
                step.execute()
            else:
                step()
        return self.counts


class Writer:
    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.keys = KeyAllocator()
        self.people = BulkInserter(Person)
        self.households = BulkInserter(Household)
        self.members = BulkInserter(HouseholdMember)
        self.files = BulkInserter(HardshipFile)
        self.events = BulkInserter(FileEvent)

    def write(self, plans: Sequence[HouseholdPlan]) -> WriteCounts:
        """Prepare and execute one batch here (call inside a transaction)."""
        return self.prepare(plans).execute()

    def prepare(self, plans: Sequence[HouseholdPlan]) -> PreparedBatch:
        batch = PreparedBatch()
        now = timezone.now()
        created = [plan for plan in plans if plan.action == "create"]
        batch.steps.append(self._new_people(plans, batch.counts))
        batch.steps += self._person_updates(plans, batch.counts, now)
        batch.steps.append(self._new_households(created))
        batch.steps += self._household_updates(plans, now)
        batch.steps.append(self._new_members(plans, batch.counts))
        batch.steps += self._member_updates(plans, batch.counts)
        batch.steps += self._new_files(plans, now)
        batch.steps += self._file_updates(plans, now)
        return batch

    def _owned(self, org_id: int) -> dict[str, Any]:
        return {"org_id": org_id, "created_by_id": self.context.actor_id}

    def _new_people(self, plans: Sequence[HouseholdPlan], counts: WriteCounts) -> PreparedRows:
        owners = [(plan, member) for plan in plans for member in plan.new_people]
        ids = self.keys.take(Person, len(owners))
        rows = []
        for (plan, member), person_id in zip(owners, ids, strict=True):
            plan.person_ids[member.id_index] = person_id
            rows.append(_person_row(member) | self._owned(plan.unit.pk))
        counts.people_created += len(rows)
        return self.people.prepare(rows, ids)

    def _person_updates(self, plans: Sequence[HouseholdPlan], counts: WriteCounts,
                        now: Any) -> list[Callable[[], None]]:
        steps = []
        for plan in plans:
            for person_id, changes in plan.person_updates.items():
                steps.append(_updater(Person, person_id, changes | {"version": F("version") + 1, "updated_at": now}))
                counts.people_updated += 1
        return steps

    def _new_households(self, plans: Sequence[HouseholdPlan]) -> PreparedRows:
        ids = self.keys.take(Household, len(plans))
        rows = []
        for plan, household_id in zip(plans, ids, strict=True):
            plan.household_id = household_id
            rows.append(plan.household_values | self._owned(plan.unit.pk)
                        | {"head_id": plan.person_ids[plan.rows.head.id_index]})
        return self.households.prepare(rows, ids)

    def _household_updates(self, plans: Sequence[HouseholdPlan], now: Any) -> list[Callable[[], None]]:
        return [_updater(Household, int(plan.household_id or 0),
                         plan.household_values | {"version": F("version") + 1, "updated_at": now})
                for plan in plans if plan.action == "update" and plan.household_values]

    def _new_members(self, plans: Sequence[HouseholdPlan], counts: WriteCounts) -> PreparedRows:
        rows = [
            {"household_id": plan.household_id, "person_id": plan.person_ids[member.id_index],
             "relation": member.relation, "employment_status": member.employment_status,
             "has_major_illness": member.has_major_illness,
             "disability_or_mental_illness": member.disability_or_mental_illness,
             "monthly_income_fen": member.monthly_income_fen}
            for plan in plans for member in plan.new_members
        ]
        counts.members_created += len(rows)
        return self.members.prepare(rows)

    def _member_updates(self, plans: Sequence[HouseholdPlan], counts: WriteCounts) -> list[Callable[[], None]]:
        steps = []
        for plan in plans:
            for member_id, changes in plan.member_updates.items():
                steps.append(_updater(HouseholdMember, member_id, changes))
                counts.members_updated += 1
        return steps

    def _new_files(self, plans: Sequence[HouseholdPlan], now: Any) -> list[PreparedRows]:
        """New files (of new households, or of a household that had none) in status 申请, with their first event."""
        new = [plan for plan in plans if plan.file_values and plan.file_id is None]
        ids = self.keys.take(HardshipFile, len(new))
        rows, events = [], []
        for plan, file_id in zip(new, ids, strict=True):
            plan.file_id = file_id
            rows.append(plan.file_values | self._owned(plan.unit.pk) | {"household_id": plan.household_id})
            events.append({
                "file_id": file_id, "action": "apply", "to_status": FileStatus.APPLIED,
                "actor_id": self.context.actor_id, "actor_name": self.context.actor_name, "occurred_at": now,
                "note": _note(plan), "version": 1,
                "changes": {"household_size": plan.file_values["household_size"], "tier": plan.file_values["tier"],
                            "source": "import"},
            })
        return [self.files.prepare(rows, ids), self.events.prepare(events)]

    def _file_updates(self, plans: Sequence[HouseholdPlan], now: Any) -> list[Callable[[], None] | PreparedRows]:
        """Changed files, each only if nobody saved it since it was planned (its version is unchanged)."""
        steps: list[Callable[[], None] | PreparedRows] = []
        events = []
        for plan in plans:
            if plan.action != "update" or plan.file_id is None or plan.file_version == 0:
                continue
            steps.append(_versioned_file_update(plan.file_id, plan.file_version,
                                                plan.file_values | {"updated_at": now}))
            events.append({
                "file_id": plan.file_id, "action": "edit", "actor_id": self.context.actor_id,
                "actor_name": self.context.actor_name, "occurred_at": now, "note": _note(plan),
                "version": plan.file_version + 1,
                "changes": {"fields": plan.changed_fields, "members": len(plan.member_updates) + len(plan.new_members),
                            "tier": plan.file_values.get("tier", ""), "source": "import"},
            })
        if events:
            steps.append(self.events.prepare(events))
        return steps


def _updater(model: Any, pk: int, changes: dict[str, Any]) -> Callable[[], None]:
    def update() -> None:
        model.objects.filter(pk=pk).update(**changes)

    return update


def _versioned_file_update(file_id: int, version: int, changes: dict[str, Any]) -> Callable[[], None]:
    def update() -> None:
        if HardshipFile.objects.filter(pk=file_id, version=version).update(**changes,
                                                                           version=F("version") + 1) != 1:
            raise StaleFile(file_id)

    return update


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
