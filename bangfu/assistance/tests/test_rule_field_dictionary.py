"""The fields a target-group rule may name are a code list an administrator keeps (字典管理 “送温暖对象规则字段”):
a renamed field is what the rule's words, the editor, the validation messages and the API say; a disabled field
is no longer offered for new rules, while a rule that names it keeps it in the editor and keeps working; a page
of rules reads the list once, not once per condition."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bangfu.assistance.dictionaries import DICTIONARIES
from bangfu.assistance.rules.fields import RULE_FIELDS_DICTIONARY, offered_fields
from bangfu.assistance.rules.render import render_group
from bangfu.assistance.rules.validate import RuleError, validate_rule
from bangfu.assistance.tests.factories import beijing_groups, make_person
from bangfu.core.errors import ServiceError
from bangfu.sysadmin.dictionary_services import EntryInput, delete_entry, save_entry

pytestmark = pytest.mark.django_db

STATUS_RULE = {"all": [{"field": "file.status", "op": "in", "value": ["formal"]}]}
DISABILITY = "person.disability_grade"


@pytest.fixture
def admin(make_user: Any, bj: Any) -> Any:
    return make_user("system_admin", bj["beijing"].parent, username="dict-admin")


def _rename(admin: Any, code: str, name: str, *, enabled: bool = True) -> None:
    save_entry(actor=admin, key=RULE_FIELDS_DICTIONARY, data=EntryInput(code, name, 1, enabled, None))


def test_a_renamed_field_is_what_rule_editor_messages_and_api_say(admin: Any, bj: Any, officer: Any,
                                                                   login: Any) -> None:
    _rename(admin, "file.status", "建档状态（本市口径）")
    assert render_group("建档困难职工", STATUS_RULE) == "建档困难职工：建档状态（本市口径）为 正式建档"
    with pytest.raises(RuleError, match="请为“建档状态（本市口径）”选择或填写至少一个值"):
        validate_rule({"all": [{"field": "file.status", "op": "in", "value": []}]})

    client = login(officer)
    row = client.get(reverse("assistance:condition_row"), {"index": "r1", "field_r1": "file.status"}).content.decode()
    assert "建档状态（本市口径）" in row
    fields = {field["key"]: field["label"] for field in client.get("/api/v1/assistance/target-fields").json()}
    assert fields["file.status"] == "建档状态（本市口径）" and fields["person.sex"] == "性别"
    assert next(iter(fields)) == "file.status"  # the administrator's order: moved first


def test_a_disabled_field_is_not_offered_but_a_rule_naming_it_keeps_it(admin: Any, bj: Any, officer: Any,
                                                                        login: Any) -> None:
    make_person(bj["dongcheng"], "甲", work_injury_disabled=True, disability_grade=4)
    _rename(admin, DISABILITY, "残疾等级", enabled=False)
    assert DISABILITY not in {spec.key for spec, _name in offered_fields()}
    assert DISABILITY in {spec.key for spec, _name in offered_fields(keep=DISABILITY)}

    client = login(officer)
    assert DISABILITY not in {field["key"] for field in client.get("/api/v1/assistance/target-fields").json()}
    new_row = client.get(reverse("assistance:condition_row"), {"index": "r1", "field_r1": "file.status"})
    assert f'value="{DISABILITY}"' not in new_row.content.decode()
    held_row = client.get(reverse("assistance:condition_row"), {"index": "r2", "field_r2": DISABILITY})
    assert f'value="{DISABILITY}" selected' in held_row.content.decode().replace("\n", " ").replace("  ", " ")
    # a rule that names the disabled field still validates and still picks its people
    form = {"name": "重度工伤职工", "description": "", "combine": "all", "row": ["r1"],
            "field_r1": DISABILITY, "op_r1": "lte", "number_r1": "6"}
    preview = client.post(reverse("assistance:rule_preview"), form).content.decode()
    assert "残疾等级不超过 6" in preview and "1 人符合条件" in preview


def test_the_field_list_is_closed_and_counts_the_rules_that_name_a_field(admin: Any, bj: Any) -> None:
    groups = beijing_groups(bj["beijing"])
    spec = next(spec for spec in DICTIONARIES if spec.key == RULE_FIELDS_DICTIONARY)
    assert spec.in_use is not None
    naming_status = sum('"file.status"' in str(group.rule).replace("'", '"') for group in groups)
    assert naming_status > 0 and spec.in_use("file.status") == naming_status
    assert spec.in_use("file") == 0  # a key that only starts another key's name counts nothing
    with pytest.raises(ServiceError, match="代码由系统规定"):
        save_entry(actor=admin, key=RULE_FIELDS_DICTIONARY, data=EntryInput("person.salary", "工资", 1, True, None))
    with pytest.raises(ServiceError, match="不能删除"):
        delete_entry(actor=admin, key=RULE_FIELDS_DICTIONARY, code="file.status")


def test_a_page_of_rules_reads_the_field_list_once(admin: Any, bj: Any, officer: Any, login: Any) -> None:
    beijing_groups(bj["beijing"])
    _rename(admin, "file.status", "建档状态（本市口径）")
    client = login(officer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("assistance:target_group_list"))
    assert page.status_code == 200 and "建档状态（本市口径）" in page.content.decode()
    reads = [query["sql"] for query in queries.captured_queries if "sysadmin_dictentry" in query["sql"]]
    # one read per list the page shows (field names, and each list of values it names), not one per condition
    assert 0 < len(reads) == len({sql for sql in reads})


def test_the_field_list_has_its_dictionary_page(admin: Any, bj: Any, client: Any) -> None:
    beijing_groups(bj["beijing"])
    client.force_login(admin)
    page = client.get(f"/system/dictionaries/{RULE_FIELDS_DICTIONARY}/")
    html = page.content.decode()
    assert page.status_code == 200 and "送温暖对象规则字段" in html and "困难档案状态" in html
    assert "file.status" in html  # the code beside its name


def test_every_field_has_a_name_of_its_own_so_each_can_be_saved(admin: Any) -> None:
    names = [name for _spec, name in offered_fields()]
    assert len(names) == len(set(names)), sorted(name for name in names if names.count(name) > 1)
    # two holiday-duty fields once shared one name, and the list refused to save either until one was renamed
    _rename(admin, "fact.holiday_duty.current", "节日坚守仍在进行", enabled=False)
    assert "fact.holiday_duty.current" not in {spec.key for spec, _name in offered_fields()}


def test_a_name_that_only_looks_different_is_the_same_name(admin: Any) -> None:
    """A zero-width space copied from a chat message, or spaces at the ends, do not make a second 性别."""
    with pytest.raises(ServiceError, match=r"已是代码“person\.sex”的名称"):
        _rename(admin, "person.age", "性\u200b别")
    _rename(admin, "person.age", "　年龄（周岁）\u200b ")
    assert dict((spec.key, name) for spec, name in offered_fields())["person.age"] == "年龄（周岁）"


def test_a_new_condition_on_a_disabled_field_is_refused_by_every_way_in(admin: Any, bj: Any, officer: Any,
                                                                       login: Any) -> None:
    """The editor no longer offers a disabled field; the API and the editor's JSON mode may not name it either —
    except where the rule being edited already did (it keeps working there, and saving does not drop it)."""
    from bangfu.assistance.models import TargetGroup
    from bangfu.assistance.services.programs import create_target_group, update_target_group

    disabled_rule = {"all": [{"field": "file.status", "op": "in", "value": ["formal"]},
                             {"field": DISABILITY, "op": "lte", "value": 6}]}
    held = create_target_group(actor=officer, org=bj["beijing"], name="重度工伤职工", rule=disabled_rule)
    plain = create_target_group(actor=officer, org=bj["beijing"], name="建档职工", rule=STATUS_RULE)
    _rename(admin, DISABILITY, "残疾等级", enabled=False)

    with pytest.raises(RuleError, match="第 2 个条件：字段“残疾等级”已在字典管理中停用"):
        create_target_group(actor=officer, org=bj["beijing"], name="新类别", rule=disabled_rule)
    with pytest.raises(RuleError, match="已在字典管理中停用"):
        update_target_group(actor=officer, group=plain, expected_version=plain.version, name=plain.name,
                            rule=disabled_rule)
    # the group that already named it is saved unchanged, field and all
    update_target_group(actor=officer, group=held, expected_version=held.version, name="重度工伤职工（改名）",
                        rule=disabled_rule)
    held.refresh_from_db()
    assert held.name == "重度工伤职工（改名）" and DISABILITY in str(held.rule)
    # ... and regrouped, the held condition unchanged; but not given a second condition on it, nor a changed one
    regrouped = {"any": [{"all": disabled_rule["all"][::-1]}, {"field": "file.status", "op": "in",
                                                               "value": ["temporary"]}]}
    update_target_group(actor=officer, group=held, expected_version=held.version, name=held.name, rule=regrouped)
    held.refresh_from_db()
    for rule in ({"all": [*disabled_rule["all"], {"field": DISABILITY, "op": "gte", "value": 1}]},
                 {"all": [{"field": DISABILITY, "op": "lte", "value": 3}]},
                 {"any": [{"field": DISABILITY, "op": "gte", "value": 0}]}):
        with pytest.raises(RuleError, match="已在字典管理中停用"):
            update_target_group(actor=officer, group=held, expected_version=held.version, name="全新类别", rule=rule)

    client = login(officer)
    answer = client.post("/api/v1/assistance/target-groups", {"name": "经接口新建", "rule": disabled_rule},
                         content_type="application/json")
    assert answer.status_code in {400, 422} and "残疾等级" in answer.content.decode()
    assert not TargetGroup.objects.filter(name="经接口新建").exists()
    plain.refresh_from_db()
    answer = client.put(f"/api/v1/assistance/target-groups/{plain.pk}",
                        {"name": plain.name, "rule": disabled_rule, "version": plain.version},
                        content_type="application/json")
    assert answer.status_code in {400, 422} and "已在字典管理中停用" in answer.content.decode()
    plain.refresh_from_db()
    assert DISABILITY not in str(plain.rule)
    # enabled again, it may be named anew
    from bangfu.sysadmin.models import DictEntry

    version = DictEntry.objects.get(dictionary=RULE_FIELDS_DICTIONARY, code=DISABILITY).version
    save_entry(actor=admin, key=RULE_FIELDS_DICTIONARY, data=EntryInput(DISABILITY, "残疾等级", 1, True, version))
    assert create_target_group(actor=officer, org=bj["beijing"], name="新类别", rule=disabled_rule).pk
