"""The matching API: recommendations both ways with Chinese reasons, runs, confirming; 404 outside scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from bangfu.jobs.models import Referral, ReferralSource
from bangfu.jobs.tests.helpers import make_opening, make_seeker
from bangfu.matching.engine import slot_mask
from bangfu.matching.models import ProposedPair

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(org_tree: dict) -> dict[str, Any]:
    org = org_tree["tianhe"]
    remote = make_opening(
        org,
        title="网店客服（居家）",
        tags=["电商", "客服"],
        district_code="440117",
        accommodations=["remote", "flexible_hours"],
        wage_min_fen=350_000,
        wage_max_fen=450_000,
    )
    office = make_opening(
        org,
        title="电商运营专员",
        tags=["电商", "运营"],
        district_code="440106",
        shift_slots=sum(slot_mask(d, 9, 18) for d in range(5)),
    )
    yan = make_seeker(
        org,
        "严先生",
        tags=["电商", "淘宝", "PS"],
        intention="电商运营，在家工作",
        needs=["remote"],
        free_slots=sum(slot_mask(d, 9, 15) for d in range(7)),
        caring_duties=True,
        employment_difficulty=True,
    )
    return {"remote": remote, "office": office, "yan": yan}


def test_a_seekers_recommendations_come_with_reasons(org_tree: dict, market: dict, make_user: Any, client: Any) -> None:
    client.force_login(make_user("street_social_worker", org_tree["tianhe"]))
    response = client.get(f"/api/v1/seekers/{market['yan'].pk}/recommendations")
    assert response.status_code == 200
    body = response.json()
    assert [item["title"] for item in body["items"]] == ["网店客服（居家）"]  # the office job needs 09–18 on site
    item = body["items"][0]
    assert item["rank"] == 1 and item["opening_id"] == market["remote"].pk
    assert item["reasons"] == [
        "职业符合意向（小类 4-01-02 销售人员）",
        "标签重合 1 项：电商（岗位共 2 项）",
        "经历与岗位描述相关：运营",
        "同区（从化区）",
        "未填期望月薪，岗位 3,500–4,500 元",
        "就业困难人员，优先推荐",
    ]
    assert item["parts"]["priority"] == 1.0 and item["score"] == pytest.approx(
        sum(
            weight * item["parts"][name]
            for name, weight in {
                "occupation": 0.30,
                "tags": 0.20,
                "text": 0.15,
                "intention": 0.10,
                "district": 0.15,
                "wage": 0.10,
                "priority": 0.05,
            }.items()
        )
    )


def test_an_openings_candidates_come_with_reasons(org_tree: dict, market: dict, make_user: Any, client: Any) -> None:
    make_seeker(org_tree["tianhe"], "李女士", tags=["电商", "运营"], intention="电商运营")
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    body = client.get(f"/api/v1/openings/{market['office'].pk}/candidates?k=5").json()
    assert [item["name"] for item in body["items"]] == ["李女士"]
    assert body["items"][0]["reasons"][:2] == ["职业符合意向（小类 4-01-02 销售人员）", "标签重合 2 项：电商、运营"]


@pytest.mark.parametrize("path", ["/api/v1/seekers/{seeker}/recommendations", "/api/v1/openings/{opening}/candidates"])
def test_outside_scope_is_404(path: str, org_tree: dict, market: dict, make_user: Any, client: Any) -> None:
    client.force_login(make_user("district_officer", org_tree["haizhu"]))
    response = client.get(path.format(seeker=market["yan"].pk, opening=market["office"].pk))
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到该记录，或不在您的数据范围内。"}


def test_a_run_through_the_api(
    org_tree: dict, market: dict, make_user: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    officer = make_user("city_officer", org_tree["guangzhou"])
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/matching/runs", {"org_code": "4401", "top_k": 10}, content_type="application/json"
        )
    assert response.status_code == 202
    run_id = response.json()["id"]
    detail = client.get(f"/api/v1/matching/runs/{run_id}").json()
    assert detail["status"] == "done" and detail["assigned_count"] == 1
    pair = detail["pairs"][0]
    assert (pair["seeker_name"], pair["opening_title"], pair["decision"]) == ("严先生", "网店客服（居家）", "proposed")
    assert "就业困难人员，优先推荐" in pair["reasons"]
    confirmed = client.post(f"/api/v1/matching/pairs/{pair['id']}/confirm")
    assert confirmed.status_code == 200
    referral = Referral.objects.get(pk=confirmed.json()["referral_id"])
    assert referral.source == ReferralSource.MATCHING and referral.recommended_on == timezone.localdate()
    again = client.post(f"/api/v1/matching/pairs/{pair['id']}/confirm")
    assert again.status_code == 409 and again.json()["detail"] == "该匹配结果已被处理，请刷新后查看。"
    listed = client.get("/api/v1/matching/runs").json()
    assert listed["count"] == 1 and listed["items"][0]["org_code"] == "4401"


def test_a_run_outside_scope_is_404_and_cannot_be_started(
    org_tree: dict, market: dict, make_user: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    gz = make_user("city_officer", org_tree["guangzhou"])
    client.force_login(gz)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/matching/runs", {"org_code": "4401"}, content_type="application/json")
    run_id = started.json()["id"]
    pair_id = ProposedPair.objects.get(run_id=run_id).pk
    client.force_login(make_user("city_officer", org_tree["beijing"]))
    assert client.get(f"/api/v1/matching/runs/{run_id}").status_code == 404
    assert client.post(f"/api/v1/matching/pairs/{pair_id}/confirm").status_code == 404
    assert (
        client.post("/api/v1/matching/runs", {"org_code": "4401"}, content_type="application/json").status_code == 404
    )


def test_a_district_officer_cannot_start_a_run(org_tree: dict, make_user: Any, client: Any) -> None:
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    response = client.post("/api/v1/matching/runs", {"org_code": "440106"}, content_type="application/json")
    assert response.status_code == 404
