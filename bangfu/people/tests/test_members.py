"""Editing a member's personal details and removing a member: services, pages and API (409 on stale, 404 outside)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse

from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent
from bangfu.people.models import (
    DuplicateCandidate,
    FileEvent,
    FileStatus,
    HardshipFile,
    HouseholdMember,
    Person,
    Relation,
)
from bangfu.people.services.households import remove_member
from bangfu.people.services.persons import update_person
from bangfu.people.tests.helpers import apply_family, member, same_birth_id

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


@pytest.fixture
def family(workers: dict[str, Any], org_tree: Any) -> HardshipFile:
    """张三丰 (head, 600 元), his wife 李四 (900 元) and their son 张小明 in 五山: three people, 500 元 a head."""
    return apply_family(workers["wushan"], org_tree["wushan"], head="张三丰", income_fen=60_000, extra=(
        member("李四", relation=Relation.SPOUSE, income_fen=90_000, birth=dt.date(1982, 2, 2)),
        member("张小明", relation=Relation.CHILD, birth=dt.date(2010, 5, 5))))


def _member(hardship_file: HardshipFile, name: str) -> HouseholdMember:
    return HouseholdMember.objects.select_related("person").get(household=hardship_file.household, person__name=name)


def _edit(actor: Any, hardship_file: HardshipFile, who: str, **changes: Any) -> Person:
    row = _member(hardship_file, who)
    return update_person(actor=actor, hardship_file=hardship_file, member_id=row.pk,
                                  expected_version=row.person.version, changes=changes)


def _remove(actor: Any, hardship_file: HardshipFile, name: str, reason: str = "迁出") -> HardshipFile:
    hardship_file.refresh_from_db()
    return remove_member(actor=actor, hardship_file=hardship_file, member_id=_member(hardship_file, name).pk,
                                  expected_version=hardship_file.version, reason=reason)


def test_personal_details_are_corrected_with_a_timeline_event_and_audit(workers: dict[str, Any],
                                                                       family: HardshipFile) -> None:
    person = _edit(workers["wushan"], family, "李四", name="李思思", phone=PHONE, hukou_type="rural",
                   employer_name="五山环卫所", is_union_member=False, health_note="高血压")
    person.refresh_from_db()
    assert (person.name, person.name_pinyin, person.name_initials, person.version) == ("李思思", "lisisi", "lss", 2)
    assert (person.phone, person.hukou_type, person.employer_name, person.is_union_member, person.health_note) == (
        PHONE, "rural", "五山环卫所", False, "高血压")
    event = FileEvent.objects.get(file=family, action="edit_person")
    assert event.changes == {"member": str(_member(family, "李思思").pk), "fields": [
        "employer_name", "health_note", "hukou_type", "is_union_member", "name", "phone"]}
    audit = AuditEvent.objects.get(action="people.person.edit")
    assert audit.object_id == str(person.pk) and audit.changes["phone"] == "138****5678"
    assert "李思思" not in json.dumps(audit.changes, ensure_ascii=False) + json.dumps(event.changes)
    _edit(workers["wushan"], family, "李思思", phone="", health_note="")
    person.refresh_from_db()
    assert (person.phone, person.health_note, person.version) == ("", "", 3)


def test_nothing_changed_writes_nothing(workers: dict[str, Any], family: HardshipFile) -> None:
    person = _edit(workers["wushan"], family, "李四", name="李四")
    assert person.version == 1 and not FileEvent.objects.filter(action="edit_person").exists()


def test_a_stale_person_version_is_409(workers: dict[str, Any], family: HardshipFile) -> None:
    row = _member(family, "李四")
    _edit(workers["wushan"], family, "李四", phone=PHONE)
    with pytest.raises(ServiceError) as info:
        update_person(actor=workers["wushan"], hardship_file=family, member_id=row.pk, expected_version=1,
                               changes={"name": "李五"})
    assert (info.value.status, str(info.value)) == (409, "该人员信息已被他人修改，请刷新后重试。")


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": "  "}, "姓名：不能为空。"),
    ({"phone": "138-12"}, "联系电话：应为 7 至 15 位数字。"),  # dashes are separators: 5 digits
    ({"hukou_type": "city"}, "户口性质：取值无效。"),
    ({"id_number": "110101199001011234"}, "不能修改的字段：id_number。"),
    ({"employer_name": "单位\x01"}, "工作单位：含有不可见的控制字符，请重新输入。"),
])
def test_bad_personal_details_are_refused(workers: dict[str, Any], family: HardshipFile, changes: dict[str, Any],
                                         message: str) -> None:
    with pytest.raises(ServiceError) as info:
        _edit(workers["wushan"], family, "李四", **changes)
    assert (info.value.status, str(info.value)) == (400, message)


def test_only_members_of_the_household_in_scope_and_files_not_closed(workers: dict[str, Any], org_tree: Any,
                                                                    family: HardshipFile) -> None:
    other = apply_family(workers["chigang"], org_tree["chigang"], head="王五")
    with pytest.raises(ServiceError) as info:  # a member of another household
        update_person(actor=workers["wushan"], hardship_file=family, member_id=_member(other, "王五").pk,
                               expected_version=1, changes={"name": "王六"})
    assert (info.value.status, str(info.value)) == (404, "未找到该家庭成员。")
    with pytest.raises(ServiceError) as info:  # a file outside the worker's street
        _edit(workers["chigang"], family, "李四", name="李五")
    assert info.value.status == 404
    HardshipFile.objects.filter(pk=family.pk).update(status=FileStatus.CANCELLED)
    family.refresh_from_db()
    with pytest.raises(ServiceError, match="档案已注销、已合并或不予建档，不能再修改。"):
        _edit(workers["wushan"], family, "李四", name="李五")


def test_a_head_renamed_like_another_files_head_is_a_candidate(workers: dict[str, Any], org_tree: Any,
                                                              django_capture_on_commit_callbacks: Any) -> None:
    birth = dt.date(1978, 8, 8)
    first = apply_family(workers["wushan"], org_tree["wushan"], head="张三丰", head_id=same_birth_id("440106", birth),
                         address="五山路100号3栋201")
    second = apply_family(workers["chigang"], org_tree["chigang"], head="章山", head_id=same_birth_id("440105", birth),
                          address="五山路100号3栋208")  # a near-identical address: alone, no candidate
    assert not DuplicateCandidate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the scan runs after the edit commits
        _edit(workers["chigang"], second, "章山", name="章三峰")
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.file_a_id, candidate.file_b_id, candidate.name_birth_match) == (first.pk, second.pk, True)


def test_removing_a_member_reassesses_the_file(workers: dict[str, Any], family: HardshipFile) -> None:
    assert (family.household_size, family.income_per_capita_fen) == (3, 50_000)
    person_id = _member(family, "李四").person_id
    removed = _remove(workers["wushan"], family, "李四", reason="离婚后迁出")
    assert (removed.household_size, removed.income_per_capita_fen, removed.version) == (2, 30_000, 2)
    assert sorted(family.household.members.values_list("person__name", flat=True)) == ["张三丰", "张小明"]
    assert Person.objects.filter(pk=person_id).exists()  # the person stays in the system
    event = FileEvent.objects.get(file=family, action="remove_member")
    assert event.reason == "离婚后迁出"
    assert event.changes == {"member": event.changes["member"], "relation": "spouse", "size_after": 2}
    audit = AuditEvent.objects.get(action="people.file.remove_member")
    assert audit.object_id == str(family.pk) and audit.changes["size_after"] == 2
    assert "离婚后迁出" not in json.dumps(audit.changes, ensure_ascii=False)


@pytest.mark.parametrize(("name", "reason", "status", "message"), [
    ("张三丰", "迁出", 400, "户主不能移出家庭。"),
    ("李四", "  ", 400, "移出原因：必须填写。"),
])
def test_the_head_stays_and_a_reason_is_needed(workers: dict[str, Any], family: HardshipFile, name: str, reason: str,
                                               status: int, message: str) -> None:
    with pytest.raises(ServiceError) as info:
        _remove(workers["wushan"], family, name, reason=reason)
    assert (info.value.status, str(info.value)) == (status, message)
    assert family.household.members.count() == 3


def test_removing_with_a_stale_file_version_is_409(workers: dict[str, Any], family: HardshipFile) -> None:
    son = _member(family, "张小明")
    _remove(workers["wushan"], family, "李四")
    with pytest.raises(ServiceError) as info:
        remove_member(actor=workers["wushan"], hardship_file=family, member_id=son.pk, expected_version=1,
                               reason="迁出")
    assert (info.value.status, str(info.value)) == (409, "该档案已被他人修改，请刷新后重试。")


def test_the_household_page_links_edit_and_remove_but_not_remove_for_the_head(workers: dict[str, Any],
                                                                             family: HardshipFile,
                                                                             login: Any) -> None:
    body = login(workers["wushan"]).get(reverse("people:household_detail", args=[family.household_id])).content.decode()
    rows = {name: _member(family, name).pk for name in ("张三丰", "李四", "张小明")}
    for name, pk in rows.items():
        assert reverse("people:member_edit", args=[family.household_id, pk]) in body
        removable = reverse("people:member_remove", args=[family.household_id, pk]) in body
        assert removable is (name != "张三丰")
    district = login(workers["district"]).get(reverse("people:household_detail", args=[family.household_id]))
    assert reverse("people:member_edit", args=[family.household_id, rows["李四"]]) not in district.content.decode()


def test_the_edit_page_keeps_the_phone_masked_and_saves(workers: dict[str, Any], family: HardshipFile,
                                                        login: Any) -> None:
    _edit(workers["wushan"], family, "李四", phone=PHONE)
    row = _member(family, "李四")
    client = login(workers["wushan"])
    url = reverse("people:member_edit", args=[family.household_id, row.pk])
    page = client.get(url).content.decode()
    assert "李四的个人信息" in page and 'value="李四"' in page and "138****5678" in page and PHONE not in page
    form = {"version": 2, "name": "李丝", "phone": "", "hukou_type": "urban", "employer_name": "",
            "occupation_code": "", "industry": "", "is_union_member": "on", "health_note": ""}
    assert client.post(url, form).status_code == 302
    row.person.refresh_from_db()
    assert (row.person.name, row.person.phone, row.person.hukou_type) == ("李丝", PHONE, "urban")  # phone kept
    stale = client.post(url, form | {"name": "李五"})
    assert stale.status_code == 409 and "该人员信息已被他人修改，请刷新后重试。" in stale.content.decode()
    cleared = client.post(url, form | {"version": 3, "clear_phone": "on"})
    row.person.refresh_from_db()
    assert cleared.status_code == 302 and row.person.phone == ""
    timeline = client.get(reverse("people:household_detail", args=[family.household_id])).content.decode()
    assert "个人信息已更正" in timeline


def test_the_edit_pages_are_scoped_and_need_the_right(workers: dict[str, Any], family: HardshipFile,
                                                      login: Any) -> None:
    edit = reverse("people:member_edit", args=[family.household_id, _member(family, "李四").pk])
    remove = reverse("people:member_remove", args=[family.household_id, _member(family, "李四").pk])
    outsider = login(workers["chigang"])
    assert outsider.get(edit).status_code == 404 and outsider.get(remove).status_code == 404
    assert login(workers["district"]).get(edit).status_code == 403  # no right to change people
    assert login(workers["wushan"]).get(
        reverse("people:member_edit", args=[family.household_id, 10**6])).status_code == 404


def test_the_remove_page(workers: dict[str, Any], family: HardshipFile, login: Any) -> None:
    client = login(workers["wushan"])
    head = reverse("people:member_remove", args=[family.household_id, _member(family, "张三丰").pk])
    assert "户主不能移出家庭。" in client.get(head).content.decode()
    refused = client.post(head, {"version": 1, "reason": "迁出"})
    assert refused.status_code == 400 and "户主不能移出家庭。" in refused.content.decode()
    url = reverse("people:member_remove", args=[family.household_id, _member(family, "李四").pk])
    page = client.get(url).content.decode()
    assert "将李四移出张三丰户" in page and "移出原因" in page
    assert client.post(url, {"version": 1, "reason": ""}).status_code == 200  # the form asks for the reason
    assert client.post(url, {"version": 1, "reason": "迁出"}).status_code == 302
    son = reverse("people:member_remove", args=[family.household_id, _member(family, "张小明").pk])
    stale = client.post(son, {"version": 1, "reason": "迁出"})
    assert stale.status_code == 409 and "该档案已被他人修改，请刷新后重试。" in stale.content.decode()
    timeline = client.get(reverse("people:household_detail", args=[family.household_id])).content.decode()
    assert "成员移出家庭" in timeline and "迁出" in timeline


def _api(client: Any, method: str, name: str, body: dict[str, Any], **kwargs: Any) -> Any:
    return getattr(client, method)(reverse(f"api:{name}", kwargs=kwargs), json.dumps(body),
                                   content_type="application/json")


def test_the_api_reads_patches_and_removes(workers: dict[str, Any], family: HardshipFile, login: Any) -> None:
    client = login(workers["wushan"])
    wife = _member(family, "李四")
    kwargs = {"household_id": family.household_id, "member_id": wife.pk}
    _edit(workers["wushan"], family, "李四", phone=PHONE, health_note="糖尿病")
    read = client.get(reverse("api:get_household_member", kwargs=kwargs)).json()
    assert (read["name"], read["phone_masked"], read["has_health_note"], read["person_version"]) == (
        "李四", "138****5678", True, 2)
    assert PHONE not in json.dumps(read) and "糖尿病" not in json.dumps(read, ensure_ascii=False)
    patched = _api(client, "patch", "update_household_member", {"version": 2, "name": "李思", "phone": ""}, **kwargs)
    assert patched.status_code == 200, patched.content
    assert (patched.json()["name"], patched.json()["phone_masked"], patched.json()["person_version"]) == ("李思", "", 3)
    stale = _api(client, "patch", "update_household_member", {"version": 2, "name": "李五"}, **kwargs)
    assert (stale.status_code, stale.json()["detail"]) == (409, "该人员信息已被他人修改，请刷新后重试。")
    head = {"household_id": family.household_id, "member_id": _member(family, "张三丰").pk}
    refused = _api(client, "post", "remove_household_member", {"version": 1, "reason": "迁出"}, **head)
    assert (refused.status_code, refused.json()["detail"]) == (400, "户主不能移出家庭。")
    removed = _api(client, "post", "remove_household_member", {"version": 1, "reason": "迁出"}, **kwargs)
    assert removed.status_code == 200 and removed.json()["household_size"] == 2
    assert [e["action"] for e in removed.json()["events"]][-1] == "remove_member"
    again = _api(client, "post", "remove_household_member", {"version": 1, "reason": "迁出"},
                 household_id=family.household_id, member_id=_member(family, "张小明").pk)
    assert again.status_code == 409


def test_the_api_is_scoped(workers: dict[str, Any], family: HardshipFile, login: Any) -> None:
    kwargs = {"household_id": family.household_id, "member_id": _member(family, "李四").pk}
    outsider = login(workers["chigang"])
    assert outsider.get(reverse("api:get_household_member", kwargs=kwargs)).status_code == 404
    rename = {"version": 1, "name": "李五"}
    assert _api(outsider, "patch", "update_household_member", rename, **kwargs).status_code == 404
    assert _api(outsider, "post", "remove_household_member", {"version": 1, "reason": "迁出"},
                **kwargs).status_code == 404
    district = login(workers["district"])  # may change files, not people
    assert _api(district, "patch", "update_household_member", rename, **kwargs).status_code == 403
    assert _member(family, "李四").person.name == "李四"
