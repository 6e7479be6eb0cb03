"""The legal aid search boxes and what cannot be seen: a search of nothing but zero-width or no-break spaces lists
what the empty box lists (stations, firms, lawyers, cases), on the page and in the API; a zero-width space inside a
name finds it."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.core.tests.searchbox import (
    assert_page_and_api_find_through_zero_width,
    assert_page_and_api_list_the_empty_box,
)
from bangfu.legal.tests.helpers import make_case, make_firm, make_lawyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(org_tree: dict, places: dict[str, Any], client: Any) -> dict[str, Any]:
    """天河's officer signed in; two of each in 天河 (with 五山), one of each in 海珠 (outside the scope)."""
    tianhe, haizhu = org_tree["tianhe"], org_tree["haizhu"]
    client.force_login(places["officer"])
    make_firm(tianhe, "南粤律师事务所")
    make_firm(haizhu, "海珠律师事务所")
    make_lawyer(tianhe, "陈律师")
    make_lawyer(haizhu, "吴律师")
    make_case(places["centre"], employer="某餐饮有限公司")
    make_case(places["chigang"], employer="海珠物流有限公司")
    return {"station": places["wushan"], "firm": make_firm(tianhe, "天河律师事务所"), "lawyer": places["lawyer"],
            "case": make_case(places["wushan"], employer="天河物流有限公司")}


SEARCHES = [  # page, endpoint, the record a name finds, that name
    pytest.param("/legal/stations/", "/api/v1/legal/stations", "station", "五山街道", id="stations"),
    pytest.param("/legal/firms/", "/api/v1/legal/firms", "firm", "天河律师", id="firms"),
    pytest.param("/legal/lawyers/", "/api/v1/legal/lawyers", "lawyer", "林律师", id="lawyers"),
    pytest.param("/legal/cases/", "/api/v1/legal/cases", "case", "天河物流", id="cases"),
]


@pytest.mark.parametrize(("page", "api", "record", "text"), SEARCHES)
def test_an_invisible_only_search_is_the_empty_box(records: dict[str, Any], client: Any, page: str,
                                                   api: str | None, record: str, text: str) -> None:
    assert_page_and_api_list_the_empty_box(client, page, api, records[record].pk)


@pytest.mark.parametrize(("page", "api", "record", "text"), SEARCHES)
def test_a_zero_width_space_inside_finds_the_record(records: dict[str, Any], client: Any, page: str,
                                                    api: str | None, record: str, text: str) -> None:
    assert_page_and_api_find_through_zero_width(client, page, api, records[record].pk, text)
