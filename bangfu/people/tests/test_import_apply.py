"""Import: what is written — dry run, all or nothing, idempotent re-import, updates, people already known."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.models import AuditEvent
from bangfu.people.models import FileEvent, FileStatus, HardshipFile, Household, HouseholdMember, Person
from bangfu.people.services.assessment import assessment_fields
from bangfu.people.tests.test_import_support import head, member, new_id, reasons, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_user: Any, org_tree: dict[str, OrgUnit]) -> User:
    return make_user("street_social_worker", org_tree["tianhe"])


def _snapshot() -> list[tuple[Any, ...]]:
    """Every row the importer may write, with its version and update time."""
    return [
        *Person.objects.order_by("pk").values_list("pk", "version", "updated_at", "name", "phone"),
        *Household.objects.order_by("pk").values_list("pk", "version", "updated_at", "address"),
        *HouseholdMember.objects.order_by("pk").values_list("pk", "relation", "monthly_income_fen"),
        *HardshipFile.objects.order_by("pk").values_list("pk", "version", "updated_at", "tier", "assessed_on"),
        *FileEvent.objects.order_by("pk").values_list("pk", "action"),
    ]


def test_dry_run_checks_everything_and_writes_nothing(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(), member(), head("2", id_number="bad")], dry_run=True)
    assert result.counts()["households_created"] == 1
    assert result.counts()["households_rejected"] == 1
    assert [r[:2] for r in reasons(result)] == [(4, "身份证号")]
    assert result.applied is False
    assert Person.objects.count() == Household.objects.count() == HardshipFile.objects.count() == 0
    event = AuditEvent.objects.get(action="people.households.import")
    assert event.changes["dry_run"] is True and event.changes["households_created"] == 1


def test_atomic_writes_nothing_when_a_row_is_refused(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(), member(), head("2", primary_cause="欠债")], atomic=True)
    assert [r[:2] for r in reasons(result)] == [(4, "主要致困原因")]
    assert result.applied is False
    assert Person.objects.count() == 0
    event = AuditEvent.objects.get(action="people.households.import")
    assert (event.outcome, event.changes["atomic"], event.changes["applied"]) == ("failure", True, False)


def test_atomic_writes_everything_when_every_row_is_valid(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(), member(), head("2")], atomic=True)
    assert result.errors == [] and result.applied is True
    assert HardshipFile.objects.count() == 2 and Person.objects.count() == 3


def test_without_atomic_valid_rows_are_applied_and_refused_ones_listed(worker: User,
                                                                       org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(), member(), head("2", primary_cause="欠债"), head("3")])
    assert HardshipFile.objects.count() == 2
    assert (result.counts()["households_created"], result.counts()["households_rejected"],
            result.counts()["rows_rejected"]) == (2, 1, 1)


def test_reimporting_the_same_file_changes_nothing(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    rows = [head(phone="13800138000", address="天河区五山路1号", secondary_cause_1="子女上学"), member(),
            head("2", incident_on="2024-03-05", primary_cause="遭受意外事故")]
    first = run(worker, org_tree["tianhe"], rows)
    assert first.counts()["households_created"] == 2
    before = _snapshot()
    second = run(worker, org_tree["tianhe"], rows)
    assert second.errors == []
    assert (second.counts()["households_created"], second.counts()["households_updated"],
            second.counts()["households_unchanged"]) == (0, 0, 2)
    assert second.applied is False
    assert _snapshot() == before


def test_a_changed_row_updates_only_what_differs(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    household_head = head(phone="13800138000")
    child = member()
    run(worker, org_tree["tianhe"], [household_head, child])
    hardship_file = HardshipFile.objects.get()
    changed = [household_head | {"phone": "13900139000", "secondary_cause_1": "子女上学"},
               child | {"employment_status": "在岗", "monthly_income_fen": 3000},
               member(name="张小红")]
    result = run(worker, org_tree["tianhe"], changed)
    assert result.errors == []
    assert (result.counts()["households_updated"], result.counts()["people_created"],
            result.counts()["people_updated"], result.counts()["members_updated"]) == (1, 1, 1, 1)
    hardship_file.refresh_from_db()
    assert hardship_file.version == 2
    assert hardship_file.secondary_causes == ["child_schooling"]
    assert hardship_file.household_size == 3
    assert hardship_file.income_per_capita_fen == (50_000 + 300_000) // 3
    assert Person.objects.get(name="张三丰").phone == "13900139000"
    event = hardship_file.events.order_by("pk").last()
    assert event is not None and event.action == "edit"
    assert event.changes["fields"] == ["secondary_causes"] and event.changes["source"] == "import"


def test_blank_cells_keep_what_the_register_holds(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    household_head = head(phone="13800138000", address="天河区五山路1号", hukou_type="城镇")
    run(worker, org_tree["tianhe"], [household_head])
    result = run(worker, org_tree["tianhe"], [household_head | {"phone": None, "address": None, "hukou_type": None}])
    assert result.counts()["households_unchanged"] == 1
    person = Person.objects.get()
    assert (person.phone, person.hukou_type) == ("13800138000", "urban")
    assert Household.objects.get().address == "天河区五山路1号"


def test_the_tier_is_the_registers_own_assessment(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    run(worker, org_tree["tianhe"], [head(monthly_income_fen=0, has_major_illness="是"),
                                     member(employment_status="无劳动能力", disability_or_mental_illness="是")])
    hardship_file = HardshipFile.objects.select_related("household").get()
    expected = assessment_fields(hardship_file, list(hardship_file.household.members.all()),
                                 as_of=hardship_file.assessed_on, region_code=hardship_file.household.region_code)
    assert {name: getattr(hardship_file, name) for name in expected} == expected
    assert hardship_file.tier != ""


def test_a_person_filed_outside_the_scope_is_not_disclosed(make_user: Any, worker: User,
                                                           org_tree: dict[str, OrgUnit]) -> None:
    other = make_user("street_social_worker", org_tree["haizhu"])
    known = head()
    run(other, org_tree["haizhu"], [known])
    result = run(worker, org_tree["tianhe"], [known | {"name": "另一个名字"}, member()])
    assert [r[:2] for r in reasons(result)] == [(2, "身份证号"), (3, "")]
    assert "该号码已在系统中登记" in reasons(result)[0][2]
    assert "海珠" not in reasons(result)[0][2]
    assert Person.objects.get(id_index=Person.objects.get().id_index).name == "张三丰"


def test_a_member_of_another_household_is_refused(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    child = member()
    run(worker, org_tree["tianhe"], [head(), child])
    result = run(worker, org_tree["tianhe"], [head("9"), child | {"household_key": "9"}])
    assert reasons(result) == [(3, "身份证号", "该成员已登记在另一户中，同一人只能属于一户")]
    assert HardshipFile.objects.count() == 2


def test_a_cancelled_file_is_not_changed_by_an_import(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    household_head = head()
    run(worker, org_tree["tianhe"], [household_head])
    HardshipFile.objects.update(status=FileStatus.CANCELLED)
    result = run(worker, org_tree["tianhe"], [household_head | {"secondary_cause_1": "子女上学"}])
    assert reasons(result) == [(2, "身份证号", "本户档案状态为“注销”，不能通过导入修改")]


def test_an_existing_household_stays_in_its_unit(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    household_head = head(unit_code="440106011")
    run(worker, org_tree["tianhe"], [household_head])
    result = run(worker, org_tree["tianhe"], [household_head | {"unit_code": "440106"}])
    assert reasons(result) == [(2, "所属单位代码", "本户已属于“五山街道总工会”，导入不能改变档案所属单位")]


def test_the_contact_must_work_on_the_files_line(make_user: Any, worker: User, org_tree: dict[str, OrgUnit]) -> None:
    make_user("street_social_worker", org_tree["wushan"], username="ws_worker")
    make_user("street_social_worker", org_tree["chigang"], username="cg_worker")
    result = run(worker, org_tree["tianhe"], [head(contact="ws_worker"), head("2", contact="cg_worker")])
    assert reasons(result) == [(3, "帮扶联系人账号",
                                "帮扶联系人：账号不存在或已停用，或不是本单位、上级或下级单位的工作人员")]
    contact = HardshipFile.objects.get().contact
    assert contact is not None and contact.username == "ws_worker"


def test_an_import_needs_the_permission_to_file(make_user: Any, org_tree: dict[str, OrgUnit]) -> None:
    from bangfu.core.errors import ServiceError

    officer = make_user("district_officer", org_tree["tianhe"])
    with pytest.raises(ServiceError) as caught:
        run(officer, org_tree["tianhe"], [head()])
    assert caught.value.status == 403


def test_the_command_runs_as_the_operator_without_actor(org_tree: dict[str, OrgUnit]) -> None:
    result = run(None, org_tree["guangzhou"], [head(unit_code="440105011"), head("2", unit_code="11")])
    assert [r[:2] for r in reasons(result)] == [(3, "所属单位代码")]
    assert HardshipFile.objects.get().org == org_tree["chigang"]
    event = AuditEvent.objects.get(action="people.households.import")
    assert event.actor_id is None and event.actor_name == "manage.py import_households"


def test_the_audit_event_holds_counts_only(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    row = head(phone="13800138000")
    run(worker, org_tree["tianhe"], [row, member()])
    event = AuditEvent.objects.get(action="people.households.import")
    assert event.changes["households_created"] == 1 and event.changes["rows_read"] == 2
    text = str(event.changes) + event.object_repr
    assert row["id_number"] not in text and "13800138000" not in text and "张三丰" not in text


def test_an_existing_lone_person_becomes_the_head(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    from bangfu.people.services import PersonInput, create_person

    number = new_id()
    create_person(actor=worker, org=org_tree["tianhe"], data=PersonInput(name="张三丰", id_number=number))
    result = run(worker, org_tree["tianhe"], [head(id_number=number)])
    assert result.errors == [] and result.counts()["households_created"] == 1
    assert Person.objects.count() == 1
    assert Household.objects.get().head.id_number == number
