"""Menu entries and home figures of the jobs and matching apps, each counted within the user's scope."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.jobs import services
from bangfu.jobs.tests.helpers import make_opening, make_seeker

pytestmark = pytest.mark.django_db


def _nav(client: Any) -> dict[str, list[str]]:
    """Menu section → its entries."""
    sections = client.get("/").context["nav_sections"]
    return {str(section["label"]): [str(entry["label"]) for entry in section["items"]] for section in sections}


def test_a_street_worker_sees_seekers_and_referrals_but_not_matching_runs(
    org_tree: dict, make_user: Any, client: Any
) -> None:
    client.force_login(make_user("street_social_worker", org_tree["wushan"]))
    nav = _nav(client)
    assert nav["就业与推荐"] == ["招聘岗位", "用人单位", "求职者", "推荐记录", "稳岗回访", "就业漏斗"]
    assert "人岗匹配" not in nav


def test_a_city_officer_sees_matching_runs(org_tree: dict, make_user: Any, client: Any) -> None:
    client.force_login(make_user("city_officer", org_tree["guangzhou"]))
    assert _nav(client)["人岗匹配"] == ["人岗匹配"]


def test_home_figures_count_within_scope(org_tree: dict, make_user: Any, client: Any) -> None:
    wushan, chigang = org_tree["wushan"], org_tree["chigang"]
    make_opening(wushan)
    make_opening(wushan, title="已满岗位", positions=1)
    make_opening(chigang)
    seeker = make_seeker(wushan, "甲")
    make_seeker(chigang, "乙")
    worker = make_user("street_social_worker", wushan)
    for n in range(3):
        referral = services.refer_seeker(actor=worker, seeker=seeker, opening=make_opening(wushan, title=f"岗{n}"))
        services.record_refusal(actor=worker, referral=referral, on=referral.recommended_on, reason="不合适")
    client.force_login(worker)
    stats = {str(stat["label"]): stat["value"] for stat in client.get("/").context["stats"]}
    assert stats["在招岗位"] == 5
    assert stats["求职者"] == 1
    assert stats["需跟进的求职者"] == 1
