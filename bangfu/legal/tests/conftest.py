"""Fixtures of the legal aid tests: 天河 (district centre, 五山 station) and 海珠 (赤岗 station)."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.legal.tests.helpers import make_lawyer, make_station


@pytest.fixture
def places(org_tree: dict, make_user: Any) -> dict[str, Any]:
    tianhe, wushan, chigang = org_tree["tianhe"], org_tree["wushan"], org_tree["chigang"]
    lawyer_user = make_user("volunteer_lawyer", tianhe, username="lawyer_lin")
    return {
        "centre": make_station(tianhe, "天河区职工法律援助中心", kind="centre"),
        "wushan": make_station(wushan),
        "chigang": make_station(chigang, "赤岗街道职工法律援助工作站"),
        "officer": make_user("district_officer", tianhe, username="th_officer_t"),
        "reviewer": make_user("district_officer", tianhe, username="th_reviewer_t"),
        "worker": make_user("street_social_worker", wushan, username="ws_worker_t"),
        "other_worker": make_user("street_social_worker", chigang, username="cg_worker_t"),
        "lawyer_user": lawyer_user,
        "lawyer": make_lawyer(tianhe, user=lawyer_user),
    }
