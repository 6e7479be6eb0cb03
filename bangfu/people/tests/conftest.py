"""Fixtures of the register's tests: street workers of two districts and the officers above them."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def workers(org_tree: Any, make_user: Any) -> dict[str, Any]:
    """Street workers in 五山 (天河) and 赤岗 (海珠), the city officer of 广州 and the district officer of 天河."""
    return {"wushan": make_user("street_social_worker", org_tree["wushan"]),
            "chigang": make_user("street_social_worker", org_tree["chigang"]),
            "city": make_user("city_officer", org_tree["guangzhou"]),
            "district": make_user("district_officer", org_tree["tianhe"])}
