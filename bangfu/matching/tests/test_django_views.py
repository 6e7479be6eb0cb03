"""The matching pages: start a run, review the plan with reasons, confirm or set aside; recommendations."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.jobs.models import Referral
from bangfu.jobs.tests.helpers import make_opening, make_seeker
from bangfu.matching.models import MatchingRun, PairDecision, ProposedPair

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(org_tree: dict) -> dict[str, Any]:
    org = org_tree["wushan"]
    openings = [make_opening(org, title=f"电商运营{n}号", positions=1) for n in range(3)]
    seekers = [make_seeker(org, name) for name in ("严先生", "李女士", "陈先生", "黄女士")]
    return {"openings": openings, "seekers": seekers}


def _start(client: Any, org: Any, capture: Any, top_k: int = 20) -> MatchingRun:
    with capture(execute=True):
        response = client.post("/matching/runs/new/", {"org": org.pk, "top_k": top_k})
    run = MatchingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/matching/runs/{run.pk}/"
    return run


def test_a_city_officer_runs_matching_and_reviews_the_plan(
    org_tree: dict, market: dict, make_user: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(make_user("city_officer", org_tree["guangzhou"]))
    page = client.get("/matching/runs/")
    assert set(page.context["form"].fields["org"].queryset.values_list("code", flat=True)) == {
        "4401",
        "440106",
        "440105",
    }
    run = _start(client, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    body = client.get(f"/matching/runs/{run.pk}/").content.decode()
    assert body.count('data-action="confirm"') == 3
    assert "职业符合意向（小类 4-01-02 销售人员）" in body and "同区（从化区）" in body
    unassigned = run.unassigned.get()
    assert unassigned.reason in body and "均已分配给总分更高的组合" in unassigned.reason


def test_confirming_and_setting_aside_from_the_page(
    org_tree: dict, market: dict, make_user: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(make_user("city_officer", org_tree["guangzhou"]))
    run = _start(client, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    first, second = run.pairs.order_by("pk")[:2]
    response = client.post(f"/matching/pairs/{first.pk}/confirm/", follow=True)
    referral = Referral.objects.get()
    assert f"已确认：生成推荐记录 #{referral.pk}。" in response.content.decode()
    client.post(f"/matching/pairs/{second.pk}/reject/")
    decisions = dict(ProposedPair.objects.values_list("pk", "decision"))
    assert (decisions[first.pk], decisions[second.pk]) == (PairDecision.CONFIRMED, PairDecision.REJECTED)
    again = client.post(f"/matching/pairs/{first.pk}/confirm/", follow=True)
    assert "该匹配结果已被处理，请刷新后查看。" in again.content.decode()
    assert Referral.objects.count() == 1


def test_the_plan_page_takes_the_same_queries_for_3_or_30_pairs(
    org_tree: dict,
    make_user: Any,
    client: Any,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(make_user("city_officer", org_tree["guangzhou"]))
    org = org_tree["wushan"]

    def add(start: int, stop: int) -> None:
        for n in range(start, stop):
            make_seeker(org, f"求职者{n}")
            make_opening(org, title=f"岗位{n}")

    add(0, 3)
    small = _start(client, org_tree["guangzhou"], django_capture_on_commit_callbacks, top_k=100)
    client.get(f"/matching/runs/{small.pk}/")
    with django_assert_max_num_queries(20) as few:
        client.get(f"/matching/runs/{small.pk}/")
    queries_for_3 = len(few)  # read now: the next request empties the connection's query log
    add(3, 30)
    MatchingRun.objects.all().delete()
    large = _start(client, org_tree["guangzhou"], django_capture_on_commit_callbacks, top_k=100)
    assert large.pairs.count() == 30
    with django_assert_max_num_queries(queries_for_3):
        client.get(f"/matching/runs/{large.pk}/")


def test_a_district_officer_reads_runs_but_gets_no_form_or_buttons(
    org_tree: dict, market: dict, make_user: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(make_user("city_officer", org_tree["guangzhou"]))
    run = _start(client, org_tree["guangzhou"], django_capture_on_commit_callbacks)
    client.force_login(make_user("district_officer", org_tree["guangzhou"]))
    assert client.get("/matching/runs/").context["form"] is None
    body = client.get(f"/matching/runs/{run.pk}/").content.decode()
    assert 'data-action="confirm"' not in body and "待确认" in body
    assert client.post("/matching/runs/new/", {"org": org_tree["guangzhou"].pk}).status_code == 403


def test_the_recommendation_pages_show_reasons_and_refer(
    org_tree: dict, market: dict, make_user: Any, client: Any
) -> None:
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    seeker, opening = market["seekers"][0], market["openings"][0]
    page = client.get(f"/matching/seekers/{seeker.pk}/recommendations/").content.decode()
    assert page.count("电商运营") >= 3 and "职业符合意向（小类 4-01-02 销售人员）" in page
    candidates = client.get(f"/matching/openings/{opening.pk}/candidates/").content.decode()
    assert all(name in candidates for name in ("严先生", "李女士", "陈先生", "黄女士"))
    response = client.post(
        f"/jobs/seekers/{seeker.pk}/refer/{opening.pk}/",
        {"score": "0.8", "reason": ["职业符合意向（小类 4-01-02 销售人员）"]},
    )
    referral = Referral.objects.get()
    assert response["Location"] == f"/jobs/referrals/{referral.pk}/"
    assert referral.match_reasons == ["职业符合意向（小类 4-01-02 销售人员）"] and referral.match_score == 0.8


def test_a_superseded_plan_says_so_and_offers_no_confirm_buttons(
    org_tree: dict, market: dict, make_user: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(make_user("city_officer", org_tree["guangzhou"]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/matching/runs/new/", {"org": org_tree["guangzhou"].pk, "top_k": 20})
        client.post("/matching/runs/new/", {"org": org_tree["guangzhou"].pk, "top_k": 20})
    first, second = MatchingRun.objects.order_by("pk")
    body = client.get(f"/matching/runs/{first.pk}/").content.decode()
    assert f"本方案已被本单位的新方案 #{second.pk} 取代，其中的组合不能再确认。" in body
    assert 'data-action="confirm"' not in body
    pair = first.pairs.earliest("pk")
    refused = client.post(f"/matching/pairs/{pair.pk}/confirm/", follow=True)
    assert "该匹配方案已被本单位更新的方案取代，请在新方案中确认。" in refused.content.decode()
    assert 'data-action="confirm"' in client.get(f"/matching/runs/{second.pk}/").content.decode()
    # the home page counts the current plan's pairs only, not both plans'
    current = second.pairs.filter(decision="proposed").count()
    home = client.get("/").content.decode()
    assert f'<a href="/matching/runs/">{current}</a>' in home or f">{current}</a>" in home
    assert current < ProposedPair.objects.filter(decision="proposed").count()
