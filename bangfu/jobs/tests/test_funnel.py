"""The placement funnel on a known data set: 推荐 → 面试 → 录用 → 3个月在岗 → 6个月在岗 by home district."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.jobs import queries, services
from bangfu.jobs.models import Referral, RetentionOutcome
from bangfu.jobs.tests.helpers import make_opening, make_seeker

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 1, 5)


def _referral(actor: Any, org: Any, name: str, home: str, on: dt.date = DAY) -> Referral:
    seeker = make_seeker(org, name, home_district=home)
    return services.refer_seeker(actor=actor, seeker=seeker, opening=make_opening(org, title=f"{name}的岗位"), on=on)


def _hire(actor: Any, referral: Referral) -> None:
    services.schedule_interview(actor=actor, referral=referral, on=DAY)
    services.record_hire(actor=actor, referral=referral, on=DAY)


def _retention(actor: Any, referral: Referral, months: int, outcome: str) -> None:
    check = referral.retention_checks.get(months=months)
    services.record_retention(actor=actor, check=check, outcome=outcome, on=check.due_on)


@pytest.fixture
def known_data(org_tree: dict, make_user: Any) -> dict[str, Any]:
    gz, bj = org_tree["guangzhou"], org_tree["beijing"]
    actor = make_user("city_officer", org_tree["root"])
    _referral(actor, gz, "甲", "440117")  # 从化: recommended only
    second = _referral(actor, gz, "乙", "440117")
    services.schedule_interview(actor=actor, referral=second, on=DAY)
    services.record_not_hired(actor=actor, referral=second, on=DAY, reason="经验不足")
    third = _referral(actor, gz, "丙", "440117")
    _hire(actor, third)
    _retention(actor, third, 3, RetentionOutcome.EMPLOYED)
    _retention(actor, third, 6, RetentionOutcome.EMPLOYED)
    fourth = _referral(actor, gz, "丁", "440117")
    _hire(actor, fourth)
    _retention(actor, fourth, 3, RetentionOutcome.EMPLOYED)
    fifth = _referral(actor, gz, "戊", "440106")  # 天河
    services.record_refusal(actor=actor, referral=fifth, on=DAY, reason="时间不合适")
    sixth = _referral(actor, gz, "己", "440106")
    _hire(actor, sixth)
    _retention(actor, sixth, 3, RetentionOutcome.LEFT)
    _hire(actor, _referral(actor, bj, "庚", "110101"))  # 北京东城: outside Guangzhou's scope
    _referral(actor, gz, "辛", "440117", on=dt.date(2025, 6, 1))  # before the period in the dated test
    return {"gz_officer": make_user("city_officer", gz),
            "th_officer": make_user("district_officer", org_tree["tianhe"])}


def _table(rows: list[queries.FunnelRow]) -> dict[str, list[int]]:
    return {row.district: row.stages() for row in rows}


def test_the_funnel_counts_each_stage_by_district(known_data: dict[str, Any]) -> None:
    rows = queries.placement_funnel(known_data["gz_officer"], since=DAY)
    assert _table(rows) == {"从化区": [4, 3, 2, 2, 1], "天河区": [2, 1, 1, 0, 0]}
    assert queries.funnel_total(rows).stages() == [6, 4, 3, 2, 1]


def test_the_funnel_without_dates_counts_every_referral_in_scope(known_data: dict[str, Any]) -> None:
    assert _table(queries.placement_funnel(known_data["gz_officer"])) == {
        "从化区": [5, 3, 2, 2, 1], "天河区": [2, 1, 1, 0, 0]}


def test_the_funnel_is_one_query(known_data: dict[str, Any], django_assert_num_queries: Any) -> None:
    officer = known_data["gz_officer"]
    officer.has_perm("jobs.view_referral")  # permissions and scope are cached on the user before counting
    queries.placement_funnel(officer)
    with django_assert_num_queries(1):
        queries.placement_funnel(officer)


def test_a_district_officer_sees_only_referrals_owned_in_the_district(known_data: dict[str, Any]) -> None:
    assert queries.placement_funnel(known_data["th_officer"]) == []


def test_the_funnel_page_shows_the_table_and_the_chart_data(known_data: dict[str, Any], client: Any) -> None:
    client.force_login(known_data["gz_officer"])
    response = client.get("/jobs/reports/funnel/?since=2026-01-05")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="funnel-data"' in body and "jobs/funnel.js" in body
    chart = response.context["chart"]
    assert chart["stages"] == ["推荐", "面试", "录用", "3个月在岗", "6个月在岗"]
    assert chart["total"] == [6, 4, 3, 2, 1]
    assert chart["districts"] == ["天河区", "从化区"]  # in region-code order
