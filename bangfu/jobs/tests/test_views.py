"""The jobs pages: lists (search, 共 N 条, a fixed number of queries), forms, the referral buttons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.jobs import services
from bangfu.jobs.models import Employer, Opening, Referral, ReferralStatus, RetentionOutcome, SeekerProfile
from bangfu.jobs.tests.helpers import make_employer, make_opening, make_person, make_seeker, valid_uscc
from bangfu.matching.engine import ALL_WEEK, slot_mask

pytestmark = pytest.mark.django_db


def _warm(client: Any, url: str) -> None:
    """One request first, so that sessions, permissions and the district table are loaded before counting."""
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/jobs/employers/", "/jobs/openings/", "/jobs/seekers/", "/jobs/referrals/"])
def test_lists_take_the_same_number_of_queries_for_5_or_25_rows(
    url: str, org_tree: dict, officer: Any, client: Any, django_assert_max_num_queries: Any,
) -> None:
    org = org_tree["tianhe"]

    def add(count: int) -> None:
        for _ in range(count):
            seeker, opening = make_seeker(org, "张三"), make_opening(org)
            services.refer_seeker(actor=officer, seeker=seeker, opening=opening, on=dt.date(2026, 1, 5))

    add(5)
    _warm(client, url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    queries_for_5 = len(few)
    add(20)
    with django_assert_max_num_queries(queries_for_5):
        response = client.get(url)
    assert "共 25 条" in response.content.decode()


def test_the_opening_list_searches_and_counts(org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    employer = make_employer(org, "广州天河人力外包有限公司", district="440106")
    make_opening(org, employer, title="电话客服", district_code="440106")
    make_opening(org, employer, title="仓储管理员", district_code="440106")
    make_opening(org_tree["haizhu"], title="电话客服（海珠）")
    response = client.get("/jobs/openings/?q=客服")
    body = response.content.decode()
    assert "电话客服" in body and "仓储管理员" not in body and "电话客服（海珠）" not in body
    assert "共 1 条" in body
    partial = client.get("/jobs/openings/?q=仓储", headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith("<div class=\"card hx-table\" id=\"opening-table\">")


def test_an_officer_creates_an_employer_and_an_opening_through_the_forms(
    org_tree: dict, officer: Any, client: Any
) -> None:
    code = valid_uscc(4401)
    response = client.post("/jobs/employers/new/", {
        "org": org_tree["tianhe"].pk, "name": "广州粤菜师傅餐饮有限公司", "uscc": code, "contact_name": "陈师傅",
        "contact_phone": "13912345678", "district_code": "440106", "address": "天河路 1 号",
    })
    employer = Employer.objects.get(uscc=code)
    assert response.status_code == 302 and response["Location"] == f"/jobs/employers/{employer.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "139****5678" in detail and "13912345678" not in detail
    response = client.post("/jobs/openings/new/", {
        "org": org_tree["tianhe"].pk, "employer": employer.pk, "title": "粤菜厨师", "occupation_code": "4-03-02-01",
        "tags": "粤菜、厨师", "description": "粤菜热菜制作", "district_code": "440106", "wage_min_fen": "6,000",
        "wage_max_fen": "8000", "shift_slots": "周一至周六 10–14 时、周一至周六 17–21 时", "positions": "2",
        "requirements": "有粤菜师傅证书优先", "accommodations": ["seated_work"], "valid_until": "2026年12月31日",
    })
    opening = Opening.objects.get(title="粤菜厨师")
    assert response.status_code == 302
    assert (opening.wage_min_fen, opening.wage_max_fen) == (600_000, 800_000)
    assert opening.valid_until == dt.date(2026, 12, 31)
    assert opening.shift_slots == sum(slot_mask(d, 10, 14) | slot_mask(d, 17, 21) for d in range(6))
    assert opening.tags == ["粤菜", "厨师"] and opening.accommodations == ["seated_work"]


def test_a_bad_uscc_is_shown_in_chinese_on_the_form(org_tree: dict, officer: Any, client: Any) -> None:
    response = client.post("/jobs/employers/new/", {"org": org_tree["tianhe"].pk, "name": "某公司",
                                                   "uscc": "914401011234567890"})
    assert response.status_code == 200
    assert "“914401011234567890”无效：应为 18 位数字或大写字母，且校验位正确" in response.content.decode()
    assert not Employer.objects.exists()


def test_a_stale_edit_is_refused(org_tree: dict, officer: Any, client: Any) -> None:
    opening = make_opening(org_tree["tianhe"])
    data = {
        "employer": opening.employer_id, "title": "改名", "district_code": "440117", "wage_min_fen": "4000",
        "positions": "1", "version": opening.version - 1 if opening.version > 1 else 99,
    }
    response = client.post(f"/jobs/openings/{opening.pk}/edit/", data)
    assert "该记录已被他人修改" in response.content.decode()
    assert Opening.objects.get(pk=opening.pk).title == "电商运营专员"


def test_a_seeker_profile_is_started_from_a_person_of_the_register(org_tree: dict, officer: Any, client: Any) -> None:
    person = make_person(org_tree["wushan"], "严先生")
    listed = client.get("/jobs/seekers/new/?q=严").content.decode()
    assert "严先生" in listed and f"/jobs/seekers/new/{person.pk}/" in listed
    response = client.post(f"/jobs/seekers/new/{person.pk}/", {
        "status": "seeking", "tags": "电商 淘宝 PS", "intended_occupations": "4-01-02",
        "intention": "电商运营，在家办公",
        "home_district": "440117", "free_slots": "周一至周五 09–15 时", "wage_floor_fen": "3000",
        "needs": ["remote", "flexible_hours"], "caring_duties": "on",
    })
    profile = SeekerProfile.objects.get(person=person)
    assert response.status_code == 302
    assert (profile.org, profile.wage_floor_fen, profile.caring_duties) == (org_tree["wushan"], 300_000, True)
    assert profile.free_slots == sum(slot_mask(d, 9, 15) for d in range(5)) and profile.free_slots != ALL_WEEK
    assert profile.needs == ["remote", "flexible_hours"]
    detail = client.get(f"/jobs/seekers/{profile.pk}/").content.decode()
    assert "周一至周五 09–15 时" in detail and "可居家办公" in detail and "从化区" in detail
    assert "4-01-02 销售人员" in detail  # the 大典 code with its name, not the bare code


def test_the_referral_buttons_walk_the_workflow(org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    referral = services.refer_seeker(actor=officer, seeker=make_seeker(org), opening=make_opening(org),
                                     on=dt.date(2026, 1, 5))
    page = client.get(f"/jobs/referrals/{referral.pk}/").content.decode()
    assert f"/jobs/referrals/{referral.pk}/interview/" in page and f"/jobs/referrals/{referral.pk}/hire/" not in page
    client.post(f"/jobs/referrals/{referral.pk}/interview/", {"on": "2026/1/8"})
    client.post(f"/jobs/referrals/{referral.pk}/hire/", {"on": "2026-01-12"})
    referral.refresh_from_db()
    assert (referral.status, referral.interview_on, referral.decided_on) == (
        ReferralStatus.HIRED, dt.date(2026, 1, 8), dt.date(2026, 1, 12))
    check = referral.retention_checks.get(months=3)
    assert check.due_on == dt.date(2026, 4, 12)
    client.post(f"/jobs/retention/{check.pk}/", {"outcome": "employed", "checked_on": "2026-04-13", "notes": "稳定"})
    check.refresh_from_db()
    assert (check.outcome, check.checked_on) == (RetentionOutcome.EMPLOYED, dt.date(2026, 4, 13))


def test_a_refusal_without_a_reason_is_explained(org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    referral = services.refer_seeker(actor=officer, seeker=make_seeker(org), opening=make_opening(org),
                                     on=dt.date(2026, 1, 5))
    response = client.post(f"/jobs/referrals/{referral.pk}/refuse/", {"on": "2026-01-06"}, follow=True)
    assert "请填写拒绝的原因" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.RECOMMENDED


def test_an_unknown_step_is_404(org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    referral = services.refer_seeker(actor=officer, seeker=make_seeker(org), opening=make_opening(org))
    assert client.post(f"/jobs/referrals/{referral.pk}/promote/", {"on": "2026-01-06"}).status_code == 404


def test_the_create_forms_offer_only_units_in_scope(org_tree: dict, officer: Any, client: Any) -> None:
    form = client.get("/jobs/openings/new/").context["form"]
    offered = set(form.fields["org"].queryset.values_list("code", flat=True))
    assert offered == {"440106", "440106011"}
    make_employer(org_tree["haizhu"], "海珠公司")
    assert not form.fields["employer"].queryset.filter(name="海珠公司").exists()


def test_the_import_page_lists_the_bad_rows(org_tree: dict, officer: Any, client: Any) -> None:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["单位名称", "统一社会信用代码", "所在区县"])
    sheet.append(["好公司", valid_uscc(7001), "天河区"])
    sheet.append(["坏公司", "123", "天河区"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "employers.xlsx"
    response = client.post("/jobs/employers/import/", {"org": org_tree["tianhe"].pk, "upload": buffer})
    body = response.content.decode()
    assert "共读取 2 行：新建 1 条，更新 0 条，拒收 1 行。" in body
    assert "<td>3</td><td>统一社会信用代码</td><td>统一社会信用代码“123”无效（应为 18 位且校验位正确）</td>" in body
    assert Employer.objects.filter(name="好公司").exists()
