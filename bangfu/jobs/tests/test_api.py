"""The jobs API: employers and openings CRUD, seekers, referrals and their steps, the funnel; 404 outside scope."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.jobs.models import Employer, Opening, Referral, ReferralStatus
from bangfu.jobs.tests.helpers import make_employer, make_opening, make_seeker, valid_uscc

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_create_read_update_an_employer(officer: Any, client: Any) -> None:
    code = valid_uscc(5001, "440106")
    created = client.post("/api/v1/employers", {"name": "广州天河家政服务有限公司", "uscc": code,
                                                "contact_phone": "13800001111", "district_code": "440106"},
                          content_type=JSON)
    assert created.status_code == 201
    body = created.json()
    assert (body["org_code"], body["district"], body["contact_phone_masked"]) == ("440106", "天河区", "138****1111")
    changed = client.put(f"/api/v1/employers/{body['id']}", {"name": "广州天河南粤家政有限公司", "uscc": code,
                                                               "version": body["version"]}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["name"] == "广州天河南粤家政有限公司"
    stale = client.put(f"/api/v1/employers/{body['id']}", {"name": "旧名", "uscc": code, "version": body["version"]},
                       content_type=JSON)
    assert stale.status_code == 409 and stale.json()["detail"] == "该记录已被他人修改，请刷新后重试。"


def test_an_invalid_uscc_is_422_in_chinese(officer: Any, client: Any) -> None:
    response = client.post("/api/v1/employers", {"name": "某公司", "uscc": "91440106000000000X"}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "统一社会信用代码：“91440106000000000X”无效：应为 18 位数字或大写字母，且校验位正确")
    assert not Employer.objects.exists()


def test_create_and_update_an_opening(org_tree: dict, officer: Any, client: Any) -> None:
    employer = make_employer(org_tree["tianhe"])
    created = client.post("/api/v1/openings", {
        "employer_id": employer.pk, "title": "网店美工", "occupation_code": "2-09-06-01", "tags": ["PS", "美工"],
        "district_code": "440106", "wage_min_fen": 500_000, "shifts": "周一至周五 09–18 时", "positions": 2,
        "accommodations": ["flexible_hours"],
    }, content_type=JSON)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["shifts"], body["wage_max_fen"], body["positions_left"]) == ("周一至周五 09–18 时", 500_000, 2)
    bad = client.put(f"/api/v1/openings/{body['id']}", {
        "employer_id": employer.pk, "title": "网店美工", "district_code": "440106", "wage_min_fen": 500_000,
        "shifts": "每周三天", "version": body["version"]}, content_type=JSON)
    assert bad.status_code == 422 and bad.json()["detail"].startswith("班次：时间段“每周三天”缺少星期")


def test_an_employer_out_of_scope_cannot_be_used(org_tree: dict, officer: Any, client: Any) -> None:
    elsewhere = make_employer(org_tree["haizhu"], "海珠公司")
    response = client.post("/api/v1/openings", {"employer_id": elsewhere.pk, "title": "保洁员",
                                                "district_code": "440106", "wage_min_fen": 300_000},
                           content_type=JSON)
    assert response.status_code == 404
    assert not Opening.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/employers/{employer}", "/api/v1/openings/{opening}",
                                  "/api/v1/seekers/{seeker}", "/api/v1/referrals/{referral}"])
def test_records_of_another_district_are_404(path: str, org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["haizhu"]
    opening, seeker = make_opening(org), make_seeker(org)
    referral = Referral.objects.create(org=org, seeker=seeker, opening=opening, recommended_on="2026-01-05")
    url = path.format(employer=opening.employer_id, opening=opening.pk, seeker=seeker.pk, referral=referral.pk)
    assert client.get(url).status_code == 404


def test_a_referral_and_its_steps(org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    seeker, opening = make_seeker(org), make_opening(org)
    created = client.post("/api/v1/referrals", {"seeker_id": seeker.pk, "opening_id": opening.pk,
                                                "on": "2026-01-05"}, content_type=JSON)
    assert created.status_code == 201
    referral_id = created.json()["id"]
    for step, status in (("interview", "interview"), ("hire", "hired")):
        moved = client.post(f"/api/v1/referrals/{referral_id}/steps", {"step": step, "on": "2026-01-08"},
                            content_type=JSON)
        assert moved.status_code == 200 and moved.json()["status"] == status
    assert moved.json()["status_label"] == "录用"
    refused = client.post(f"/api/v1/referrals/{referral_id}/steps", {"step": "refuse", "on": "2026-01-09",
                                                                      "reason": "不想去"}, content_type=JSON)
    assert refused.status_code == 409 and refused.json()["detail"] == "推荐记录当前为“录用”，不能改为“拒绝”"
    assert Referral.objects.get(pk=referral_id).status == ReferralStatus.HIRED
    unknown = client.post(f"/api/v1/referrals/{referral_id}/steps", {"step": "promote", "on": "2026-01-09"},
                          content_type=JSON)
    assert unknown.status_code == 422


def test_lists_and_the_funnel(org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    make_opening(org, title="仓储管理员")
    make_opening(org_tree["haizhu"], title="仓储管理员（海珠）")
    listed = client.get("/api/v1/openings?q=仓储").json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "仓储管理员"
    seeker = make_seeker(org, home_district="440106")
    client.post("/api/v1/referrals", {"seeker_id": seeker.pk, "opening_id": Opening.objects.get(title="仓储管理员").pk},
                content_type=JSON)
    funnel = client.get("/api/v1/reports/placement-funnel").json()
    assert funnel["rows"] == [{"district_code": "440106", "district": "天河区", "recommended": 1, "interviewed": 0,
                               "hired": 0, "retained_3": 0, "retained_6": 0}]
    assert funnel["total"]["district"] == "合计"
    assert client.get("/api/v1/seekers?q=严").json()["items"][0]["free_time"] == "不限"
