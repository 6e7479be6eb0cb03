"""Deciding, for a batch of households, what the import will do — reading the register, writing nothing.

Identity: a person is their ID number's blind index; a household is its head. For each household of
the file the plan is one of: create it, update it (only what differs), leave it unchanged, or refuse it.
Blank cells of an existing person's record mean "keep"; the member's facts (employment, illness,
disability, income) and the household's causes are stated in full by the file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.core.masking import mask_id_number
from bangfu.core.sensitive import blind_indexes, index_rotation_pending
from bangfu.people.facts import household_facts
from bangfu.people.imports.context import UNIT_NOT_ALLOWED, ImportContext
from bangfu.people.imports.rows import HouseholdRows, MemberRow, RowError
from bangfu.people.models import FileLevel, FileStatus, HardshipFile, Household, HouseholdMember, Person
from bangfu.people.services.persons import ALREADY_FILED
from bangfu.people.tiers import TierFacts, compute_tier
from bangfu.people.vocab import status_name

FROZEN_STATUSES = (FileStatus.CANCELLED, FileStatus.MERGED, FileStatus.REJECTED)
MEMBER_FACTS = ("relation", "employment_status", "has_major_illness", "disability_or_mental_illness",
                "monthly_income_fen")
PERSON_OPTIONAL = ("phone", "hukou_type", "disability_type", "disability_grade", "employer_name", "is_union_member")
PERSON_READ = ("id", "id_index", "org_id", "org__path", "name", *PERSON_OPTIONAL)
FILE_READ = ("id", "household_id", "status", "level", "primary_cause", "secondary_causes", "incident_on",
             "contact_id", "version", "household_size", "income_per_capita_fen", "zero_labour",
             "disability_or_mental_illness", "local_minimum_fen", "tier", "tier_reasons")
HEAD_REFUSED = "本户户主行未能导入，本行随之未导入"


@dataclass
class FactRow:
    """A member as the tier rules see it (people.facts.MemberLike)."""

    employment_status: str
    has_major_illness: bool
    disability_or_mental_illness: bool
    monthly_income_fen: int


@dataclass
class HouseholdPlan:
    rows: HouseholdRows
    unit: OrgUnit
    action: str  # "create", "update" or "unchanged"
    household_id: int | None = None
    file_id: int | None = None
    file_version: int = 0
    new_people: list[MemberRow] = field(default_factory=list)
    person_ids: dict[str, int] = field(default_factory=dict)  # id_index → existing person id
    person_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    new_members: list[MemberRow] = field(default_factory=list)
    member_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    household_values: dict[str, Any] = field(default_factory=dict)  # to create, or the changes
    file_values: dict[str, Any] = field(default_factory=dict)  # to create, or the changes
    changed_fields: list[str] = field(default_factory=list)
    members_applied: int = 0


@dataclass
class Existing:
    """The register's rows that a batch touches, fetched in a few queries."""

    people: dict[str, dict[str, Any]]  # by id_index
    visible: set[int]
    memberships: dict[int, list[dict[str, Any]]]  # by person id
    households_by_head: dict[int, dict[str, Any]]
    files: dict[int, dict[str, Any]]  # by household id
    members_of: dict[int, list[dict[str, Any]]]  # by household id


def load_existing(households: Sequence[HouseholdRows], context: ImportContext) -> Existing:
    # Keyed by the newest index; while the index key rotates a filed person may carry an older one.
    rotating = index_rotation_pending()
    newest_of = {old: member.id_index for household in households for member in household.members
                 for old in (blind_indexes(member.id_number) if rotating else (member.id_index,))}
    people = {newest_of[row["id_index"]]: row
              for row in Person.objects.filter(id_index__in=list(newest_of)).values(*PERSON_READ)}
    person_ids = [row["id"] for row in people.values()]
    if context.actor is None:
        visible = set(person_ids)
    else:
        visible = set(scoped(Person.objects.filter(pk__in=person_ids), context.actor, "view")
                      .values_list("pk", flat=True))
    memberships: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in HouseholdMember.objects.filter(person_id__in=person_ids).values("id", "person_id", "household_id"):
        memberships[row["person_id"]].append(dict(row))
    households_by_head: dict[int, dict[str, Any]] = {
        row["head_id"]: dict(row) for row in Household.objects.filter(head_id__in=person_ids).values(
            "id", "head_id", "org_id", "org__path", "org__code", "org__name", "address", "region_code",
            "city_code")
    }
    household_ids = [row["id"] for row in households_by_head.values()]
    files = {row["household_id"]: row for row in
             HardshipFile.objects.filter(household_id__in=household_ids).values(*FILE_READ)}
    members_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in HouseholdMember.objects.filter(household_id__in=household_ids).values(
            "id", "household_id", "person_id", *MEMBER_FACTS):
        members_of[row["household_id"]].append(row)
    return Existing(people, visible, memberships, households_by_head, files, members_of)


class Planner:
    def __init__(self, context: ImportContext, errors: list[RowError]) -> None:
        self.context = context
        self.errors = errors

    def plan_batch(self, households: Sequence[HouseholdRows]) -> list[HouseholdPlan]:
        self.context.load_units(h.head.unit_code for h in households)
        self.context.load_contacts(h.head.contact for h in households)
        existing = load_existing(households, self.context)
        plans = []
        for household in households:
            plan = self._plan(household, existing)
            if plan is not None:
                plans.append(plan)
        return plans

    # --- refusals -------------------------------------------------------------------------------------

    def _refuse(self, household: HouseholdRows, column: str, value: str, reason: str) -> None:
        self.errors.append(RowError(household.head.row, column, value, reason, household.head.sheet))
        self.errors += [RowError(m.row, "", "", HEAD_REFUSED, m.sheet) for m in household.members[1:]]

    def _unit_for(self, household: HouseholdRows) -> OrgUnit | None:
        code = household.head.unit_code
        if not code:
            return self.context.org
        unit = self.context.units.get(code)
        if unit is None:
            self._refuse(household, "所属单位代码", code, UNIT_NOT_ALLOWED.format(code=code, org=self.context.org.name))
        return unit

    # --- one household --------------------------------------------------------------------------------

    def _plan(self, household: HouseholdRows, existing: Existing) -> HouseholdPlan | None:
        head = household.head
        unit = self._unit_for(household)
        if unit is None:
            return None
        head_person = existing.people.get(head.id_index)
        current = existing.households_by_head.get(head_person["id"]) if head_person else None
        if head_person is not None and head_person["id"] not in existing.visible:
            self._refuse(household, "身份证号", mask_id_number(head.id_number), ALREADY_FILED)
            return None
        if head_person is not None and current is None and existing.memberships.get(head_person["id"]):
            self._refuse(household, "身份证号", mask_id_number(head.id_number),
                         "户主已登记为另一户的家庭成员，不能再作为户主建档")
            return None
        contact_id = self._contact_id(household, unit.path if current is None else current["org__path"])
        if contact_id is False:
            return None
        if current is None:
            return self._plan_new(household, unit, existing, contact_id)
        return self._plan_update(household, unit, existing, current, contact_id)

    def _contact_id(self, household: HouseholdRows, file_unit_path: str) -> int | bool | None:
        """The contact's user id, None when not given, False when refused (the refusal is recorded)."""
        username = household.head.contact
        if not username:
            return None
        user = self.context.contacts.get(username)
        if user is None or not self.context.contact_fits(user, file_unit_path):
            self._refuse(household, "帮扶联系人账号", username,
                         "帮扶联系人：账号不存在或已停用，或不是本单位、上级或下级单位的工作人员")
            return False
        return int(user.pk)

    def _people(self, plan: HouseholdPlan, existing: Existing, household_id: int | None) -> list[MemberRow]:
        """Sort the members into new and existing people; refuse members who belong elsewhere."""
        kept: list[MemberRow] = []
        for member in plan.rows.members:
            person = existing.people.get(member.id_index)
            if person is None:
                plan.new_people.append(member)
                kept.append(member)
                continue
            reason = ""
            if person["id"] not in existing.visible:
                reason = ALREADY_FILED
            elif any(m["household_id"] != household_id for m in existing.memberships.get(person["id"], [])):
                reason = "该成员已登记在另一户中，同一人只能属于一户"
            elif member is not plan.rows.head and person["id"] in existing.households_by_head:
                reason = "该成员已是另一户的户主，同一人只能属于一户"
            if reason:
                self.errors.append(RowError(member.row, "身份证号", mask_id_number(member.id_number), reason,
                                            member.sheet))
                continue
            plan.person_ids[member.id_index] = person["id"]
            changes = _person_changes(member, person)
            if changes:
                plan.person_updates[person["id"]] = changes
            kept.append(member)
        return kept

    def _plan_new(self, household: HouseholdRows, unit: OrgUnit, existing: Existing,
                  contact_id: int | None) -> HouseholdPlan:
        plan = HouseholdPlan(rows=household, unit=unit, action="create")
        members = self._people(plan, existing, None)
        plan.new_members = members
        head = household.head
        keys = self.context.address_keys(head.address or "", unit)
        plan.household_values = {
            "address": (head.address or "")[:200], "region_code": unit.region_code[:12], "city_code": keys.city_code,
            "address_key": keys.address_key, "address_block": keys.address_block,
        }
        plan.file_values = self._new_file_values(head, contact_id, [_fact_row(m) for m in members],
                                                 unit.region_code)
        plan.members_applied = len(members)
        return plan

    def _plan_update(self, household: HouseholdRows, unit: OrgUnit, existing: Existing, current: dict[str, Any],
                     contact_id: int | None) -> HouseholdPlan | None:
        head = household.head
        if not current["org__path"].startswith(self.context.org.path):
            self._refuse(household, "身份证号", mask_id_number(head.id_number),
                         f"本户已在“{current['org__name']}”建档，不在本次导入单位“{self.context.org.name}”之下")
            return None
        if head.unit_code and head.unit_code != current["org__code"]:
            self._refuse(household, "所属单位代码", head.unit_code,
                         f"本户已属于“{current['org__name']}”，导入不能改变档案所属单位")
            return None
        hardship_file = existing.files.get(current["id"])
        if hardship_file is not None and hardship_file["status"] in FROZEN_STATUSES:
            self._refuse(household, "身份证号", mask_id_number(head.id_number),
                         f"本户档案状态为“{status_name(hardship_file['status'])}”，不能通过导入修改")
            return None
        plan = HouseholdPlan(rows=household, unit=unit, action="update", household_id=current["id"])
        members = self._people(plan, existing, current["id"])
        current_members = {row["person_id"]: row for row in existing.members_of.get(current["id"], [])}
        facts: dict[int | str, FactRow] = {pid: _fact_row_of(row) for pid, row in current_members.items()}
        for member in members:
            person_id = plan.person_ids.get(member.id_index)
            row = current_members.get(person_id) if person_id is not None else None
            if row is None:
                plan.new_members.append(member)
                facts[member.id_index] = _fact_row(member)
                continue
            changes = {name: getattr(member, name) for name in MEMBER_FACTS if row[name] != getattr(member, name)}
            if changes:
                plan.member_updates[row["id"]] = changes
                facts[person_id] = _fact_row(member)  # type: ignore[index]
        plan.members_applied = len(members)
        if head.address and head.address[:200] != current["address"]:
            keys = self.context.address_keys(head.address, unit)
            plan.household_values = {"address": head.address[:200], "city_code": keys.city_code,
                                     "address_key": keys.address_key, "address_block": keys.address_block}
        if plan.household_values or plan.new_members or any("name" in c for c in plan.person_updates.values()):
            # re-keyed (a new address, member or name): due for the duplicate scan of its city
            plan.household_values = {"city_code": current["city_code"], **plan.household_values,
                                     "duplicate_scan_key": ""}
        if hardship_file is None:
            plan.file_values = self._new_file_values(head, contact_id, list(facts.values()), current["region_code"])
            plan.changed_fields = ["file"]
        else:
            self._file_changes(plan, head, hardship_file, contact_id, list(facts.values()), current["region_code"])
        touched = (plan.new_people or plan.person_updates or plan.new_members or plan.member_updates
                   or plan.household_values or plan.file_values)
        if not touched:
            plan.action = "unchanged"
        elif not self.context.may_change_files:
            self._refuse(household, "身份证号", mask_id_number(head.id_number),
                         "本户已建档，您没有修改已有档案的权限，本户未导入")
            return None
        return plan

    def _new_file_values(self, head: MemberRow, contact_id: int | None, facts: list[FactRow],
                         region_code: str) -> dict[str, Any]:
        causes = [head.primary_cause, *head.secondary_causes]
        return {"level": head.level or FileLevel.GRASSROOTS, "primary_cause": head.primary_cause,
                "secondary_causes": list(head.secondary_causes), "incident_on": head.incident_on,
                "contact_id": contact_id, "status": FileStatus.APPLIED,
                **self._assessment(facts, causes, head.incident_on, region_code)}

    def _file_changes(self, plan: HouseholdPlan, head: MemberRow, current: dict[str, Any], contact_id: int | None,
                      facts: list[FactRow], region_code: str) -> None:
        """What the file states differently; when anything does, the tier is assessed again."""
        wanted: dict[str, Any] = {"primary_cause": head.primary_cause, "secondary_causes": list(head.secondary_causes)}
        if head.level:
            wanted["level"] = head.level
        if head.incident_on:
            wanted["incident_on"] = head.incident_on
        if contact_id is not None:
            wanted["contact_id"] = contact_id
        changes = {name: value for name, value in wanted.items() if current[name] != value}
        if not changes and not plan.member_updates and not plan.new_members:
            return
        plan.changed_fields = sorted(name.removesuffix("_id") for name in changes)
        incident_on = changes.get("incident_on", current["incident_on"])
        causes = [wanted["primary_cause"], *wanted["secondary_causes"]]
        assessed = self._assessment(facts, causes, incident_on, region_code)
        plan.file_values = changes | assessed
        plan.file_id = current["id"]
        plan.file_version = current["version"]

    def _assessment(self, facts: list[FactRow], causes: list[str], incident_on: Any,
                    region_code: str) -> dict[str, Any]:
        """people.services.assessment.assessment_fields, with the rules and minimums loaded once."""
        summary = household_facts(facts)
        today = self.context.today
        minimum = self.context.minimums.monthly_fen(region_code, today)
        result = compute_tier(
            TierFacts(income_per_capita_fen=summary.income_per_capita_fen, local_minimum_fen=minimum,
                      zero_labour=summary.zero_labour, major_illness=summary.major_illness,
                      disability_or_mental_illness=summary.disability_or_mental_illness,
                      causes=frozenset(causes), incident_on=incident_on, household_size=summary.household_size,
                      as_of=today),
            self.context.rules,
        )
        return {"household_size": summary.household_size, "income_per_capita_fen": summary.income_per_capita_fen,
                "zero_labour": summary.zero_labour,
                "disability_or_mental_illness": summary.disability_or_mental_illness,
                "local_minimum_fen": minimum, "tier": result.tier, "tier_reasons": list(result.reasons),
                "assessed_on": today}


def _fact_row(member: MemberRow) -> FactRow:
    return FactRow(member.employment_status, member.has_major_illness, member.disability_or_mental_illness,
                   member.monthly_income_fen)


def _fact_row_of(row: dict[str, Any]) -> FactRow:
    return FactRow(row["employment_status"], row["has_major_illness"], row["disability_or_mental_illness"],
                   row["monthly_income_fen"])


def _person_changes(member: MemberRow, person: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if member.name != person["name"]:
        changes |= {"name": member.name, "name_pinyin": member.name_pinyin, "name_initials": member.name_initials}
    for name in PERSON_OPTIONAL:
        value = getattr(member, name)
        if value is not None and value != person[name]:
            changes[name] = value
    return changes
