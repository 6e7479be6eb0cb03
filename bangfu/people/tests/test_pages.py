"""The register's pages: list (queries bounded), household page, apply, edit (409), steps, evidence."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bangfu.core.models import AuditEvent
from bangfu.people.models import Evidence, FileStatus, HardshipFile
from bangfu.people.tests.helpers import apply_family, approve_fully, new_id, other_worker

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def users(org_tree: Any, make_user: Any) -> dict[str, Any]:
    return {"worker": make_user("street_social_worker", org_tree["wushan"]),
            "district": make_user("district_officer", org_tree["tianhe"]),
            "city": make_user("city_officer", org_tree["guangzhou"])}


def test_list_shows_files_with_masked_ids_and_a_total(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    number = new_id()
    apply_family(users["worker"], org_tree["wushan"], head="张三丰", head_id=number)
    apply_family(users["worker"], org_tree["wushan"], head="李四")
    body = login(users["district"]).get(reverse("people:household_list")).content.decode()
    assert "张三丰" in body and "李四" in body and "共 2 条" in body
    assert number not in body and number[:6] + "********" + number[-4:] in body


def test_list_queries_do_not_grow_with_rows(users: dict[str, Any], org_tree: Any, login: Any,
                                            django_assert_num_queries: Any) -> None:
    client = login(users["city"])
    url = reverse("people:household_list")
    apply_family(users["worker"], org_tree["wushan"])
    client.get(url)  # warm the session and permission caches
    # 12: among them the contact people offered by the batch bar, the count summed from the register's counts (and
    # the look whether they need folding), the page's keys, then its rows
    with django_assert_num_queries(12) as few:
        client.get(url)
    for _ in range(12):
        apply_family(users["worker"], org_tree["wushan"])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "共 13 条" in response.content.decode()


def test_htmx_search_returns_the_table_only(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    apply_family(users["worker"], org_tree["wushan"], head="王小二")
    response = login(users["worker"]).get(reverse("people:household_list"), {"q": "wxe"},
                                          headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div class="card hx-table" id="file-table">')
    assert "王小二" in body and "共 1 条" in body


def test_household_page_shows_members_reasons_timeline_and_allowed_steps(users: dict[str, Any], org_tree: Any,
                                                                          login: Any) -> None:
    hardship_file = apply_family(users["worker"], org_tree["wushan"], head="张三丰")
    url = reverse("people:household_detail", args=[hardship_file.household_id])
    body = login(users["worker"]).get(url).content.decode()
    assert "张三丰" in body and "人均月收入 900.00 元" in body
    assert 'data-action="review"' in body and 'data-action="reject"' in body
    assert 'data-action="approve"' not in body
    assert "提交申请" in body and "Application filed" not in body
    body = login(users["district"]).get(url).content.decode()
    assert 'data-action="review"' not in body


def _apply_post(org_pk: int, number: str) -> dict[str, Any]:
    data = {
        "org": org_pk, "address": "五山路1号", "level": "grassroots", "primary_cause": "laid_off",
        "secondary_causes": ["child_schooling"], "incident_on": "", "contact": "", "note": "",
        "members-TOTAL_FORMS": "4", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "members-0-name": "周大福", "members-0-id_number": number, "members-0-relation": "self",
        "members-0-employment_status": "unemployed", "members-0-monthly_income": "800",
        "members-1-name": "周小福", "members-1-id_number": new_id(), "members-1-relation": "child",
        "members-1-employment_status": "student", "members-1-monthly_income": "",
    }
    for i in (2, 3):  # untouched rows, as a browser sends them
        data |= {f"members-{i}-name": "", f"members-{i}-id_number": "", f"members-{i}-relation": "",
                 f"members-{i}-employment_status": "", f"members-{i}-monthly_income": ""}
    return data


def test_apply_through_the_form(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    client = login(users["worker"])
    assert client.get(reverse("people:household_create")).status_code == 200
    response = client.post(reverse("people:household_create"), _apply_post(org_tree["wushan"].pk, new_id()))
    hardship_file = HardshipFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household_detail", args=[hardship_file.household_id])
    assert (hardship_file.household_size, hardship_file.income_per_capita_fen) == (2, 40_000)
    assert hardship_file.secondary_causes == ["child_schooling"]


def test_apply_form_shows_a_refusal_in_chinese(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    number = new_id()
    apply_family(users["worker"], org_tree["wushan"], head_id=number)
    response = login(users["worker"]).post(reverse("people:household_create"),
                                           _apply_post(org_tree["wushan"].pk, number))
    assert response.status_code == 409
    assert "该号码已在系统中登记" in response.content.decode()


def test_edit_with_a_stale_version_is_refused_with_409(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    hardship_file = apply_family(users["worker"], org_tree["wushan"])
    client = login(users["worker"])
    url = reverse("people:household_edit", args=[hardship_file.household_id])
    assert client.get(url).status_code == 200
    member = hardship_file.household.members.get()
    form = {"version": hardship_file.version, "address": "新地址8号", "level": "grassroots",
            "primary_cause": "laid_off", "secondary_causes": ["major_illness"], "incident_on": "", "contact": "",
            "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "1", "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000", "members-0-member_id": member.pk,
            "members-0-employment_status": "unable", "members-0-monthly_income": "0"}
    assert client.post(url, form).status_code == 302
    hardship_file.refresh_from_db()
    assert (hardship_file.household.address, hardship_file.zero_labour, hardship_file.version) == (
        "新地址8号", True, 2)
    response = client.post(url, form | {"address": "旧版本上的修改"})
    assert response.status_code == 409
    assert "该档案已被他人修改，请刷新后重试。" in response.content.decode()
    hardship_file.refresh_from_db()
    assert hardship_file.household.address == "新地址8号"


def test_steps_through_the_pages(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    hardship_file = apply_family(users["worker"], org_tree["wushan"])
    client = login(users["worker"])
    url = reverse("people:file_transition", args=[hardship_file.household_id, "review"])
    assert client.get(url).status_code == 200
    own = client.post(url, {"review-version": hardship_file.version})  # the applicant's own application
    assert own.status_code == 403 and "初审须由申请人以外的人员办理" in own.content.decode()
    client = login(other_worker(users["worker"]))
    response = client.post(url, {"review-version": hardship_file.version})
    assert response.status_code == 302
    hardship_file.refresh_from_db()
    assert hardship_file.status == FileStatus.STREET_REVIEWED
    response = client.post(url, {"version": 1})
    assert response.status_code == 409  # stale version: someone (we) moved it on
    reject = reverse("people:file_transition", args=[hardship_file.household_id, "reject"])
    response = client.post(reject, {"version": hardship_file.version, "reason": ""})
    assert response.status_code == 400 and "原因：办理“不予建档”必须填写原因。" in response.content.decode()


def test_evidence_upload_checks_type_and_download_is_audited(users: dict[str, Any], org_tree: Any, login: Any,
                                                             settings: Any, tmp_path: Any,
                                                             make_user: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    hardship_file = apply_family(users["worker"], org_tree["wushan"])
    client = login(users["worker"])
    url = reverse("people:evidence_upload", args=[hardship_file.household_id])
    fake = SimpleUploadedFile("收入证明.png", b"not a png at all", content_type="image/png")
    response = client.post(url, {"kind": "income", "upload": fake})
    assert response.status_code == 400 and "证明材料：文件内容与扩展名不符。" in response.content.decode()
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    assert "只接受 PDF、JPG 或 PNG" in client.post(url, {"kind": "income", "upload": exe}).content.decode()
    good = SimpleUploadedFile("收入证明.png", PNG, content_type="image/png")
    assert client.post(url, {"kind": "income", "upload": good}).status_code == 302
    evidence = Evidence.objects.get()
    assert "收入证明" not in evidence.upload.name and evidence.upload.name.endswith(".png")
    download = client.get(reverse("people:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert AuditEvent.objects.filter(action="people.evidence.download", actor_id=users["worker"].pk).exists()
    stranger = make_user("street_social_worker", org_tree["chigang"])
    assert login(stranger).get(reverse("people:evidence_download", args=[evidence.pk])).status_code == 404


def test_add_member_reassesses(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    hardship_file = apply_family(users["worker"], org_tree["wushan"], income_fen=200_000)
    url = reverse("people:member_add", args=[hardship_file.household_id])
    response = login(users["worker"]).post(url, {
        "version": hardship_file.version, "name": "新成员", "id_number": new_id(), "relation": "child",
        "employment_status": "student", "monthly_income": "0"})
    assert response.status_code == 302
    hardship_file.refresh_from_db()
    assert (hardship_file.household_size, hardship_file.income_per_capita_fen, hardship_file.tier) == (
        2, 100_000, "relative")


def test_recheck_and_quality_lists(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    formal = approve_fully(users["worker"], users["district"], apply_family(users["worker"], org_tree["wushan"],
                                                                           head="到期户"))
    HardshipFile.objects.filter(pk=formal.pk).update(recheck_due="2020-01-01")
    client = login(users["district"])
    assert "到期户" in client.get(reverse("people:recheck_list"), {"which": "overdue"}).content.decode()
    body = client.get(reverse("people:quality_list"), {"check": "missing_evidence"}).content.decode()
    assert "到期户" in body
    assert "到期户" not in client.get(reverse("people:quality_list"), {"check": "stale"}).content.decode()


def test_tier_rules_page_lists_rules_and_minimums(users: dict[str, Any], login: Any) -> None:
    body = login(users["worker"]).get(reverse("people:tier_rules")).content.decode()
    assert "深度困难" in body and "广州市" in body and "1,080.00 元" in body


def test_home_counts_files_in_file_and_due_rechecks(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    formal = approve_fully(users["worker"], users["district"], apply_family(users["worker"], org_tree["wushan"]))
    HardshipFile.objects.filter(pk=formal.pk).update(recheck_due="2020-01-01")
    apply_family(users["worker"], org_tree["wushan"])
    body = login(users["district"]).get(reverse("home")).content.decode()
    stats = re.findall(r'<div class="subheader">(.*?)</div>\s*<div class="h1 mb-0"><a href="([^"]+)">(\d+)</a>', body)
    assert (("在档困难职工家庭", reverse("people:household_list"), "1") in stats
            or ("Families in file", reverse("people:household_list"), "1") in stats)
    assert any(url == reverse("people:recheck_list") and value == "1" for _label, url, value in stats)


def test_nav_entries_follow_permissions(users: dict[str, Any], login: Any) -> None:
    body = login(users["worker"]).get(reverse("home")).content.decode()
    assert reverse("people:household_list") in body and reverse("people:duplicate_list") not in body
    body = login(users["city"]).get(reverse("home")).content.decode()
    assert reverse("people:duplicate_list") in body
