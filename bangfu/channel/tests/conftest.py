"""Fixtures of the worker channel tests: the shared tree, staff of 五山 (天河) and 赤岗 (海珠), a city desk."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.legal.tests.helpers import make_station
from bangfu.people.tests.helpers import other_worker


@pytest.fixture(autouse=True)
def _console_sender(settings: Any) -> None:
    settings.BANGFU_SMS_SENDER = "console"


@pytest.fixture
def staff(org_tree: dict, make_user: Any) -> dict[str, Any]:
    wushan_worker = make_user("street_social_worker", org_tree["wushan"], username="ch_ws_worker")
    return {
        "wushan": wushan_worker,
        "wushan_colleague": other_worker(wushan_worker),
        "chigang": make_user("street_social_worker", org_tree["chigang"], username="ch_cg_worker"),
        "tianhe": make_user("district_officer", org_tree["tianhe"], username="ch_th_officer"),
        "city": make_user("city_officer", org_tree["guangzhou"], username="ch_gz_desk"),
        "auditor": make_user("auditor", org_tree["root"], username="ch_auditor"),
        "station": make_station(org_tree["wushan"]),
    }
