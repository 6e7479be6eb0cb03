"""Applying for a file: people derived from their ID numbers, one person one record, validation in Chinese."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from bangfu.core.errors import ServiceError
from bangfu.core.idnumbers import parse_id_number
from bangfu.core.models import AuditEvent
from bangfu.core.sensitive import blind_index
from bangfu.people import services
from bangfu.people.models import FileEvent, FileStatus, Person, Relation, Tier
from bangfu.people.services.persons import save_people, validated_person
from bangfu.people.tests.helpers import apply_family, member, new_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(org_tree: Any, make_user: Any) -> Any:
    return make_user("street_social_worker", org_tree["wushan"])


def test_person_is_derived_from_the_id_number(worker: Any, org_tree: Any) -> None:
    number = new_id(birth=dt.date(1975, 6, 1), sex="F")
    hardship_file = apply_family(worker, org_tree["wushan"], head="张三丰", head_id=number)
    head = hardship_file.household.head
    assert (head.sex, head.birth_date) == ("F", parse_id_number(number).birth_date)
    assert head.birth_date.year == 1975 and int(number[16]) % 2 == 0
    assert (head.name_pinyin, head.name_initials) == ("zhangsanfeng", "zsf")
    assert head.id_index == blind_index(number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM people_person WHERE id = %s", [head.pk])
        stored = cursor.fetchone()[0]
    assert number not in stored  # encrypted at rest


def test_application_derives_flags_income_and_tier(worker: Any, org_tree: Any) -> None:
    hardship_file = apply_family(
        worker, org_tree["wushan"], income_fen=0, primary="major_illness", secondary=("child_schooling",),
        extra=(member("李梅", relation=Relation.SPOUSE, employment="unable", disability=True),
               member("张小明", relation=Relation.CHILD, employment="student", birth=dt.date(2010, 1, 1))))
    assert hardship_file.status == FileStatus.APPLIED
    assert hardship_file.household_size == 3
    assert hardship_file.disability_or_mental_illness is True
    assert hardship_file.zero_labour is False  # the head is unemployed: in the labour force
    assert hardship_file.local_minimum_fen == 108_000
    assert hardship_file.tier == Tier.DEEP
    assert "家庭成员残疾或患有精神疾病" in hardship_file.tier_reasons
    assert hardship_file.causes == ["major_illness", "child_schooling"]
    assert hardship_file.household.members.count() == 3
    event = FileEvent.objects.get(file=hardship_file)
    assert (event.action, event.to_status, event.actor_id) == ("apply", FileStatus.APPLIED, worker.pk)


def test_audit_event_names_no_one(worker: Any, org_tree: Any) -> None:
    hardship_file = apply_family(worker, org_tree["wushan"], head="欧阳娜娜")
    event = AuditEvent.objects.get(action="people.file.apply")
    assert event.object_id == str(hardship_file.pk)
    assert "欧阳娜娜" not in event.object_repr and "欧阳娜娜" not in str(event.changes)


def test_the_same_id_number_anywhere_is_refused_without_saying_where(org_tree: Any, make_user: Any) -> None:
    number = new_id()
    first_worker = make_user("street_social_worker", org_tree["wushan"])
    apply_family(first_worker, org_tree["wushan"], head="王五", head_id=number)
    other_worker = make_user("street_social_worker", org_tree["chigang"])
    with pytest.raises(ServiceError) as info:
        apply_family(other_worker, org_tree["chigang"], head="王五", head_id=number)
    message = str(info.value)
    assert info.value.status == 409
    assert message == "家庭成员第 1 行 " + services.ALREADY_FILED
    assert "身份证号" in message and "市总工会帮扶部门" in message
    assert "王五" not in message and "五山" not in message and "天河" not in message
    assert Person.objects.count() == 1


def test_a_number_repeated_inside_one_application_names_both_rows(worker: Any, org_tree: Any) -> None:
    number = new_id()
    with pytest.raises(ServiceError, match="家庭成员第 2 行 身份证号：与家庭成员第 1 行 重复"):
        apply_family(worker, org_tree["wushan"], head_id=number,
                     extra=(member("李四", relation=Relation.SPOUSE, id_number=number),))


def test_an_insert_that_passed_the_check_loses_on_the_unique_index(worker: Any, org_tree: Any) -> None:
    """The race window, made deterministic: this insert's pre-check ran before the other's commit."""
    number = new_id()
    data = services.PersonInput(name="赵六", id_number=number)
    validated_person(data, org=org_tree["wushan"], actor=worker).save()
    with pytest.raises(ServiceError) as info:
        save_people([validated_person(data, org=org_tree["wushan"], actor=worker)])
    assert info.value.status == 409


@pytest.mark.parametrize(("number", "message"), [
    ("11010519491231002", "家庭成员第 1 行 身份证号：身份证号应为 18 位，实际为 17 位。"),
    ("110105194912310021", "家庭成员第 1 行 身份证号：身份证号校验位不正确。"),
])
def test_bad_id_numbers_are_refused_naming_row_and_field(worker: Any, org_tree: Any, number: str,
                                                        message: str) -> None:
    with pytest.raises(ServiceError) as info:
        apply_family(worker, org_tree["wushan"], head_id=number)
    assert str(info.value) == message


@pytest.mark.parametrize(("primary", "secondary", "message"), [
    ("", (), "主要致困原因：必须选择一项。"),
    ("bad_luck", (), "主要致困原因：“bad_luck”不是十类致困原因之一。"),
    ("laid_off", ("laid_off",), "次要致困原因：“下岗失业”已是主要致困原因，不能重复选择。"),
    ("laid_off", ("other", "other"), "次要致困原因：“其他”重复。"),
    ("laid_off", ("other", "accident", "major_illness", "child_schooling"),
     "次要致困原因：最多选择 3 项，实际选择了 4 项。"),
    ("laid_off", ("nope",), "次要致困原因：“nope”不是十类致困原因之一。"),
])
def test_causes_are_one_primary_and_up_to_three_secondaries(worker: Any, org_tree: Any, primary: str,
                                                            secondary: tuple[str, ...], message: str) -> None:
    with pytest.raises(ServiceError) as info:
        apply_family(worker, org_tree["wushan"], primary=primary, secondary=secondary)
    assert str(info.value) == message


def test_three_secondary_causes_are_accepted(worker: Any, org_tree: Any) -> None:
    hardship_file = apply_family(worker, org_tree["wushan"], secondary=("other", "accident", "major_illness"))
    assert len(hardship_file.secondary_causes) == 3


def test_exactly_one_head(worker: Any, org_tree: Any) -> None:
    data = services.HouseholdInput(members=(member("甲", relation=Relation.SPOUSE),),
                                   file=services.FileInput(primary_cause="laid_off"))
    with pytest.raises(ServiceError, match="应有且只有一名成员的关系为“本人”（户主），实际为 0 名"):
        services.create_household(actor=worker, org=org_tree["wushan"], data=data)


def test_a_unit_outside_scope_is_not_found(worker: Any, org_tree: Any) -> None:
    with pytest.raises(ServiceError) as info:
        apply_family(worker, org_tree["chigang"])
    assert info.value.status == 404


def test_an_auditor_cannot_apply(org_tree: Any, make_user: Any) -> None:
    auditor = make_user("auditor", org_tree["root"])
    with pytest.raises(ServiceError) as info:
        apply_family(auditor, org_tree["wushan"])
    assert (info.value.status, str(info.value)) == (403, "您没有申请建档的权限。")


def test_a_person_on_their_own(org_tree: Any, make_user: Any) -> None:
    officer = make_user("city_officer", org_tree["guangzhou"])
    person = services.create_person(actor=officer, org=org_tree["tianhe"],
                                    data=services.PersonInput(name="刘一", id_number=new_id(), phone="13812341234"))
    assert person.phone == "13812341234" and person.name_initials == "ly"
    with pytest.raises(ServiceError, match="联系电话：应为 7 至 15 位数字"):
        services.create_person(actor=officer, org=org_tree["tianhe"],
                               data=services.PersonInput(name="刘二", id_number=new_id(), phone="12ab"))


def test_control_characters_are_refused_naming_the_field(worker: Any, org_tree: Any) -> None:
    with pytest.raises(ServiceError, match="家庭成员第 1 行 姓名：含有不可见的控制字符"):
        apply_family(worker, org_tree["wushan"], head="张\x00三")
    with pytest.raises(ServiceError, match="住址：含有不可见的控制字符"):
        apply_family(worker, org_tree["wushan"], address="五山路\x001号")
