"""Pages and API over the same services: register filters and export, the import's row messages, a service
proposed on the person page and approved by a second officer, a talk recorded with a photo, API statuses."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from bangfu.assistance.models import DisbursementStatus
from bangfu.assistance.tests.factories import make_person
from bangfu.core.models import AuditEvent
from bangfu.core.sensitive import blind_index
from bangfu.honours.models import CareStatus, Honour, ModelWorkerCare, TalkStatus
from bangfu.honours.tests.helpers import honoured, make_fund, make_talk, make_team, title, workbook
from bangfu.people.idgen import make_id_number
from bangfu.people.models import Person

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def _sheet(rows: list[list[Any]]) -> SimpleUploadedFile:
    return SimpleUploadedFile("honours.xlsx", workbook(rows).getvalue())


def test_register_filters_and_export(client: Any, officer: Any, org_tree: dict) -> None:
    honoured(org_tree["wushan"], "甲劳模", code="national_model")
    honoured(org_tree["chigang"], "乙劳模", code="city_model")
    client.force_login(officer)
    page = client.get(reverse("honours:register"), {"level": "national"}).content.decode()
    assert "甲劳模" in page and "乙劳模" not in page
    page = client.get(reverse("honours:register"), {"unit": "440105"}).content.decode()
    assert "乙劳模" in page and "甲劳模" not in page
    exported = client.get(reverse("honours:register_export"), {"level": "city"})
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][:2] == ("获得者", "荣誉称号") and [row[0] for row in rows[1:]] == ["乙劳模"]
    assert AuditEvent.objects.filter(action="honours.register_export").exists()


def test_import_skips_title_rows_and_names_bad_rows(client: Any, officer: Any, org_tree: dict) -> None:
    number = make_id_number("440106", dt.date(1980, 1, 1), 7, "M")
    known = Person.objects.create(org=org_tree["wushan"], name="张三", id_number=number, id_index=blind_index(number),
                                  sex="M", birth_date=dt.date(1980, 1, 1))
    client.force_login(officer)
    upload = _sheet([
        ["广州市劳模名册（2020年）"], ["制表单位：广州市总工会"],
        ["序号", "姓名", "身份证号", "荣誉称号", "授予日期", "证书编号"],
        [1, "张三", known.id_number, "全国劳动模范", "2020年11月24日", "QG-1"],
        [2, "李四", 440106198001010000, "市级劳动模范", "2019/5/1", ""],
        [3, "王五", known.id_number, "不存在的称号", "2020-01-01", ""],
        [4, "张三", known.id_number, "市级劳动模范", "2020-13-45", ""],
    ])
    response = client.post(reverse("honours:register_import"), {"upload": upload})
    result = response.context["result"]
    assert (result.rows, result.created) == (4, 1), result.errors
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "Excel 存成了数字" in messages[(5, "身份证号")]
    assert "不是在用的荣誉称号" in messages[(6, "荣誉称号")]
    assert "2020-13-45" in messages[(7, "授予日期")]
    honour = Honour.objects.get(person=known)
    assert (honour.year, honour.certificate_number, honour.source) == (2020, "QG-1", "import")
    again = client.post(reverse("honours:register_import"), {"upload": _sheet([
        ["姓名", "身份证号", "荣誉称号", "授予年度"], ["张三", known.id_number, "全国劳动模范", 2020]])})
    assert (again.context["result"].created, again.context["result"].unchanged) == (0, 1)


def test_a_service_proposed_on_the_page_is_approved_by_a_second_officer(
        client: Any, officer: Any, approver: Any, org_tree: dict) -> None:
    person, _honour = honoured(org_tree["wushan"])
    fund = make_fund(org_tree["guangzhou"])
    client.force_login(officer)
    response = client.post(reverse("honours:person", args=[person.pk]), {
        "kind": "health_check", "year": 2020, "amount": "800.00", "fund": fund.pk, "note": "高血压"})
    service = ModelWorkerCare.objects.get(person=person)
    assert response.status_code == 302 and service.amount_fen == 80_000
    page = client.get(reverse("honours:care_detail", args=[service.pk])).content.decode()
    assert "高血压" not in page  # sensitive: masked
    refused = client.post(reverse("honours:care_detail", args=[service.pk]),
                          {"decision": "approve", "version": service.version})
    assert refused.status_code == 403
    client.force_login(approver)
    client.post(reverse("honours:care_detail", args=[service.pk]), {"decision": "approve", "version": service.version})
    service.refresh_from_db()
    assert service.status == CareStatus.APPROVED and service.disbursement is not None
    assert service.disbursement.status == DisbursementStatus.PAID


def test_talk_recorded_with_a_photo(client: Any, worker: Any, org_tree: dict) -> None:
    talk = make_talk(make_team(org_tree["wushan"]))
    client.force_login(worker)
    response = client.post(reverse("honours:talk_detail", args=[talk.pk]), {
        "held": "1", "audience": 260, "report": "劳动最光荣", "version": talk.version,
        "photo": SimpleUploadedFile("talk.png", PNG, content_type="image/png")})
    assert response.status_code == 302
    talk.refresh_from_db()
    assert (talk.status, talk.audience) == (TalkStatus.HELD, 260)
    photo = talk.photos.get()
    served = client.get(reverse("honours:talk_photo", args=[photo.pk]))
    assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
    stale = client.post(reverse("honours:talk_detail", args=[talk.pk]), {
        "held": "1", "audience": 1, "version": 1})
    assert stale.status_code == 409


def test_api_uses_the_same_rules(client: Any, officer: Any, approver: Any, outsider: Any, org_tree: dict) -> None:
    person = make_person(org_tree["wushan"], "赵六")
    client.force_login(officer)
    body = {"title_id": title().pk, "year": 2020, "person_id": person.pk}
    made = client.post("/api/v1/honours/register", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["holder_name"] == "赵六"
    assert client.post("/api/v1/honours/register", body, content_type="application/json").status_code == 409
    fund = make_fund(org_tree["guangzhou"])
    proposed = client.post("/api/v1/honours/care", {"person_id": person.pk, "kind": "recuperation", "year": 2020,
                                                    "amount_fen": 300_000, "fund_id": fund.pk},
                           content_type="application/json")
    assert proposed.status_code == 201
    care_id = proposed.json()["id"]
    decision = {"decision": "approve", "version": proposed.json()["version"]}
    own = client.post(f"/api/v1/honours/care/{care_id}/decision", decision, content_type="application/json")
    assert own.status_code == 403
    client.force_login(outsider)
    assert client.get(f"/api/v1/honours/care/{care_id}").status_code == 404
    assert client.get(f"/api/v1/honours/people/{person.pk}").status_code == 404
    client.force_login(approver)
    paid = client.post(f"/api/v1/honours/care/{care_id}/decision", decision, content_type="application/json")
    assert paid.status_code == 200 and paid.json()["disbursement_status"] == "paid"
    report = client.get("/api/v1/reports/honours", {"org": "4401"}).json()
    assert report["care"][0]["paid_fen"] == 300_000
    client.force_login(outsider)
    assert client.get("/api/v1/reports/honours", {"org": "4401"}).status_code == 404
