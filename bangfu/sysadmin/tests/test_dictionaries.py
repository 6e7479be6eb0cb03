"""字典管理: code lists an administrator keeps — renamed, reordered, disabled, extended (open lists) — with
their history, read by the forms that use them; an entry in use is never deleted, only disabled."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bangfu.assistance.rules.fields import field_spec
from bangfu.core.models import AuditEvent
from bangfu.jobs.forms import SeekerProfileForm
from bangfu.people.forms import MemberAddForm, MemberForm
from bangfu.people.models import Person
from bangfu.people.tests.helpers import apply_family
from bangfu.sysadmin.dictionaries import choices, label
from bangfu.sysadmin.models import DictEntry

pytestmark = pytest.mark.django_db


def _offered(form: Any, name: str) -> list[tuple[str, str]]:
    field: Any = form.fields[name]
    return list(field.choices)


@pytest.fixture
def admin(make_user: Any, org_tree: Any) -> Any:
    return make_user("system_admin", org_tree["root"], username="dict-admin")


def _row(client: Client, key: str, code: str) -> dict[str, str]:
    """The POST of the page's row for `code`, as the browser sends it."""
    page = client.get(f"/system/dictionaries/{key}/")
    for entry, form in page.context["forms"]:
        if entry.code == code:
            return {"prefix": form.prefix, f"{form.prefix}-code": code, f"{form.prefix}-label": entry.label,
                    f"{form.prefix}-sort_order": str(entry.sort_order), f"{form.prefix}-enabled": "on",
                    f"{form.prefix}-version": str(entry.edited.version) if entry.edited else ""}
    raise AssertionError(code)


def test_the_lists_are_shown_in_chinese(client: Client, admin: Any) -> None:
    client.force_login(admin)
    text = client.get("/system/dictionaries/").content.decode()
    for name in ("家庭成员关系", "岗位便利条件", "工作标签"):
        assert name in text
    detail = client.get("/system/dictionaries/people.relation/").content.decode()
    assert "配偶" in detail and "子女" in detail
    assert client.get("/system/dictionaries/people.nothing/").status_code == 404


def test_a_renamed_relation_is_what_the_member_form_offers_and_the_history_says_so(client: Client,
                                                                                   admin: Any) -> None:
    client.force_login(admin)
    post = _row(client, "people.relation", "child")
    prefix = post["prefix"]
    post[f"{prefix}-label"] = "子女（含继子女）"
    assert client.post("/system/dictionaries/people.relation/save/", post).status_code == 302
    assert ("child", "子女（含继子女）") in _offered(MemberForm(), "relation")
    assert label("people.relation", "child") == "子女（含继子女）"
    event = AuditEvent.objects.get(action="dictionary.change")
    assert event.changes["from"]["label"] == "子女" and event.changes["to"]["label"] == "子女（含继子女）"
    history = client.get("/system/dictionaries/people.relation/").content.decode()
    assert "dict-admin" in history and "子女（含继子女）" in history


def test_a_disabled_entry_is_not_offered_but_what_a_record_holds_stays(client: Client, admin: Any) -> None:
    client.force_login(admin)
    post = _row(client, "people.relation", "grandchild")
    del post[f"{post['prefix']}-enabled"]
    assert client.post("/system/dictionaries/people.relation/save/", post).status_code == 302
    assert "grandchild" not in dict(_offered(MemberAddForm(), "relation"))
    assert "grandchild" in dict(_offered(MemberForm(initial={"relation": "grandchild"}), "relation"))
    post = _row(client, "jobs.accommodation", "wheelchair")
    del post[f"{post['prefix']}-enabled"]
    client.post("/system/dictionaries/jobs.accommodation/save/", post)
    assert "wheelchair" not in dict(choices("jobs.accommodation"))


def test_an_open_list_takes_new_entries_and_a_closed_one_does_not(client: Client, admin: Any) -> None:
    client.force_login(admin)
    added = client.post("/system/dictionaries/assistance.work_tags/save/",
                        {"prefix": "new", "new-code": "网约车", "new-label": "网约车司机", "new-sort_order": "200",
                         "new-enabled": "on"})
    assert added.status_code == 302
    spec = field_spec("person.job_tags")
    assert spec is not None and ("网约车", "网约车司机") in spec.choice_list()
    refused = client.post("/system/dictionaries/people.relation/save/",
                          {"prefix": "new", "new-code": "cousin", "new-label": "表亲", "new-sort_order": "80"})
    assert refused.status_code == 400 and "代码由系统规定" in refused.content.decode()
    clash = client.post("/system/dictionaries/assistance.work_tags/save/",
                        {"prefix": "new", "new-code": "外卖骑手", "new-label": "快递", "new-sort_order": "1"})
    assert clash.status_code == 400 and "名称：“快递”已是代码“快递”的名称" in clash.content.decode()
    empty = client.post("/system/dictionaries/assistance.work_tags/save/",
                        {"prefix": "new", "new-code": "保洁", "new-label": "", "new-sort_order": "abc"})
    text = empty.content.decode()
    assert empty.status_code == 400 and "请填写名称" in text and "请填写整数" in text and 'value="保洁"' in text


def test_an_entry_in_use_is_disabled_never_deleted(client: Client, admin: Any, org_tree: Any,
                                                    make_user: Any) -> None:
    client.force_login(admin)
    client.post("/system/dictionaries/assistance.work_tags/save/",
                {"prefix": "new", "new-code": "网约车", "new-label": "网约车司机", "new-sort_order": "200",
                 "new-enabled": "on"})
    worker = make_user("street_social_worker", org_tree["wushan"])
    head = apply_family(worker, org_tree["wushan"]).household.head
    Person.objects.filter(pk=head.pk).update(job_tags=["网约车"])
    refused = client.post("/system/dictionaries/assistance.work_tags/delete/", {"code": "网约车"})
    assert refused.status_code == 409 and "已被 1 条记录使用，不能删除，只能停用" in refused.content.decode()
    fixed = client.post("/system/dictionaries/assistance.work_tags/delete/", {"code": "快递"})
    assert fixed.status_code == 409 and "不能删除，只能停用" in fixed.content.decode()
    Person.objects.filter(pk=head.pk).update(job_tags=[])
    assert client.post("/system/dictionaries/assistance.work_tags/delete/", {"code": "网约车"}).status_code == 302
    assert not DictEntry.objects.filter(code="网约车").exists()
    assert AuditEvent.objects.filter(action="dictionary.delete").count() == 1


def test_only_a_platform_administrator_changes_a_list(client: Client, make_user: Any, org_tree: Any) -> None:
    provincial = make_user("system_admin", org_tree["guangdong"])
    client.force_login(provincial)
    post = _row(client, "people.relation", "child")
    post[f"{post['prefix']}-label"] = "儿女"
    answer = client.post("/system/dictionaries/people.relation/save/", post)
    assert answer.status_code == 403 and "覆盖全国" in answer.content.decode()
    assert label("people.relation", "child") == "子女"
    auditor = make_user("auditor", org_tree["root"])
    client.force_login(auditor)
    assert client.get("/system/dictionaries/people.relation/").status_code == 200
    assert client.post("/system/dictionaries/people.relation/save/", post).status_code == 403


def test_a_seeker_form_offers_the_kept_accommodations(admin: Any, org_tree: Any, make_user: Any) -> None:
    officer = make_user("district_officer", org_tree["tianhe"])
    client = Client()
    client.force_login(admin)
    post = _row(client, "jobs.accommodation", "wheelchair")
    post[f"{post['prefix']}-label"] = "轮椅可达"
    client.post("/system/dictionaries/jobs.accommodation/save/", post)
    assert ("wheelchair", "轮椅可达") in _offered(SeekerProfileForm(actor=officer), "needs")
