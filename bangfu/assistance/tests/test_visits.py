"""Visits: recorded once per person per campaign, cash paid from the ledger, proof checked and kept private;
the notice masks names; the reconciliation adds up; exports escape formulas."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from bangfu.assistance.models import Allocation, Visit
from bangfu.assistance.notice import notice_rows
from bangfu.assistance.queries import unvisited_entries
from bangfu.assistance.reconciliation import campaign_reconciliation
from bangfu.assistance.services import lists, visits
from bangfu.assistance.tests.factories import entry
from bangfu.core.errors import ConflictError, ServiceError

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_visit_with_cash_is_paid_from_the_list_units_account(approved_list: Any, worker: Any, bj: Any) -> None:
    visit, created = visits.record_visit(actor=worker, beneficiary=entry(approved_list, "张三丰"),
                                         visited_at=timezone.now(), place="东华门街道某小区", key="v1",
                                         cash_fen=60_000, fubao_count=1, goods_description="米面油",
                                         goods_value_fen=15_000, photo=ContentFile(PNG, name="p.png"))
    account = Allocation.objects.get(org=bj["dongcheng"])
    assert created and visit.disbursement is not None and visit.disbursement.ledger_entry is not None
    assert visit.disbursement.status == "paid" and visit.disbursement.ledger_entry.source == account
    assert account.balance_fen == 1_000_000 - 60_000
    again, created_again = visits.record_visit(actor=worker, beneficiary=entry(approved_list, "张三丰"),
                                               visited_at=timezone.now(), place="x", key="v1", cash_fen=60_000,
                                               fubao_count=1, goods_value_fen=15_000)
    assert (again.pk, created_again) == (visit.pk, False)
    with pytest.raises(ConflictError, match="已用于另一次不同的走访"):  # a replay must be the same visit
        visits.record_visit(actor=worker, beneficiary=entry(approved_list, "张三丰"), visited_at=timezone.now(),
                            place="x", key="v1", cash_fen=50_000, fubao_count=1, goods_value_fen=15_000)
    with pytest.raises(ConflictError, match="同一节日不重复慰问"):
        visits.record_visit(actor=worker, beneficiary=entry(approved_list, "张三丰"), visited_at=timezone.now(),
                            place="家中", key="v2", fubao_count=1)
    assert Allocation.objects.get(org=bj["dongcheng"]).balance_fen == 940_000


def test_a_visit_needs_an_approved_list_and_something_given(bj: Any, campaign: Any, district: Any,
                                                             approved_list: Any, worker: Any) -> None:
    with pytest.raises(ServiceError, match="请填写送出的现金、福包或物品"):
        visits.record_visit(actor=worker, beneficiary=entry(approved_list, "李四"), visited_at=timezone.now(),
                            place="家中", key="v3")
    draft = lists.revise_list(actor=district, blist=approved_list)
    with pytest.raises(ServiceError, match="只能走访已审批名单中列入的人员"):
        visits.record_visit(actor=worker, beneficiary=entry(draft, "李四"), visited_at=timezone.now(),
                            place="家中", key="v4", fubao_count=1)


def test_unvisited_shrink_as_visits_are_recorded(approved_list: Any, worker: Any, district: Any) -> None:
    assert unvisited_entries(district).count() == 3
    assert unvisited_entries(worker).count() == 2  # the street worker sees the street's people only
    visits.record_visit(actor=worker, beneficiary=entry(approved_list, "张三丰"), visited_at=timezone.now(),
                        place="家中", key="v1", fubao_count=1)
    assert list(unvisited_entries(district).values_list("person__name", flat=True)) == ["李四", "=HYPERLINK(1)"]


def test_proof_files_must_be_images_and_are_served_only_in_scope(approved_list: Any, worker: Any, login: Any,
                                                                 make_user: Any, bj: Any) -> None:
    with pytest.raises(ServiceError, match="照片应为 PNG、JPEG 或 WebP 图片"):
        visits.proof_file(SimpleUploadedFile("x.png", b"<script>"), "照片")
    signature = visits.signature_from_data_url("data:image/png;base64," + base64.b64encode(PNG).decode())
    visit, _new = visits.record_visit(actor=worker, beneficiary=entry(approved_list, "张三丰"),
                                      visited_at=timezone.now(), place="家中", key="v1", fubao_count=1,
                                      signature=signature)
    url = reverse("assistance:visit_proof", kwargs={"pk": visit.pk, "kind": "signature"})
    assert b"".join(login(worker).get(url).streaming_content) == PNG
    assert login(make_user("street_social_worker", bj["xicheng"])).get(url).status_code == 404


def test_the_visit_form_records_a_visit_with_photo(approved_list: Any, worker: Any, login: Any) -> None:
    client = login(worker)
    target = entry(approved_list, "张三丰")
    url = reverse("assistance:visit_create", kwargs={"pk": target.pk})
    page = client.get(url)
    assert page.status_code == 200 and "张三丰" in page.content.decode()
    response = client.post(url, {
        "idempotency_key": "form-1", "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "东华门街道某小区 3 号楼",
        "cash": "600", "fubao_count": "1", "goods_description": "", "goods_value": "",
        "photo": SimpleUploadedFile("photo.png", PNG, content_type="image/png"), "signature_data": "", "note": "",
    })
    visit = Visit.objects.get(person=target.person)
    assert response.status_code == 302 and response["Location"] == reverse("assistance:visit_detail", args=[visit.pk])
    assert visit.cash_fen == 60_000 and visit.photo.name.endswith(".png") and visit.visited_by == worker


def test_the_notice_masks_names_and_the_export_escapes_formulas(approved_list: Any, campaign: Any, district: Any,
                                                                login: Any) -> None:
    rows = notice_rows(district, campaign)
    assert [(r.masked_name, r.unit, r.group, r.amount_fen) for r in rows] == [
        ("李*", "东城区总工会", "工伤职业病致残职工和因公牺牲职工家属", 80_000),
        ("张*丰", "东华门街道总工会", "全国或省部级劳动模范、先进工作者", 60_000),
        ("=***********)", "东华门街道总工会", "全国或省部级劳动模范、先进工作者", 60_000),
    ]
    response = login(district).get(reverse("assistance:notice_export", kwargs={"pk": campaign.pk}))
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    with translation.override("zh-hans"):
        assert values[0] == ["序号", "姓名", gettext("Unit"), "类别", "金额（元）"]
    assert values[3] == [3, "'=***********)", "东华门街道总工会", "全国或省部级劳动模范、先进工作者", 600]
    page = login(district).get(reverse("assistance:notice", kwargs={"pk": campaign.pk})).content.decode()
    assert "张*丰" in page and "张三丰" not in page


def test_reconciliation_by_unit_and_group(approved_list: Any, campaign: Any, worker: Any, officer: Any,
                                          bj: Any) -> None:
    visits.record_visit(actor=worker, beneficiary=entry(approved_list, "张三丰"), visited_at=timezone.now(),
                        place="家中", key="v1", cash_fen=60_000, fubao_count=1)
    report = campaign_reconciliation(officer, campaign)
    units = {u.unit: u for u in report.units}
    assert units["北京市总工会"].received_fen == 1_000_000_000
    assert units["北京市总工会"].passed_down_fen == 1_000_000
    dongcheng = units["东城区总工会"]
    assert (dongcheng.received_fen, dongcheng.disbursed_fen, dongcheng.balance_fen) == (1_000_000, 60_000, 940_000)
    assert (dongcheng.planned_people, dongcheng.planned_fen, dongcheng.visited_people) == (3, 200_000, 1)
    assert all(u.consistent for u in report.units)
    groups = {g.priority: g for g in report.groups}
    assert (groups[4].planned_people, groups[4].visited_people, groups[4].disbursed_fen) == (2, 1, 60_000)
    assert report.totals()["disbursed_fen"] == 60_000
