"""The jobs search boxes and what cannot be seen (the register's defect, found in every other box): a search of
nothing but zero-width or no-break spaces lists what the empty box lists — employers, openings, seekers and the
people to start a profile for — on the page and in the API; a zero-width space inside a name or title finds it."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.core.tests.searchbox import (
    assert_page_and_api_find_through_zero_width,
    assert_page_and_api_list_the_empty_box,
)
from bangfu.jobs.tests.helpers import make_employer, make_opening, make_person, make_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(org_tree: dict, officer: Any) -> dict[str, Any]:
    """Two of each in 天河 (the officer's district), one of each in 海珠 (outside it)."""
    tianhe, haizhu = org_tree["tianhe"], org_tree["haizhu"]
    first, second = make_employer(tianhe, "天河家政服务有限公司"), make_employer(tianhe, "南粤物流有限公司")
    make_employer(haizhu, "海珠物流有限公司")
    return {
        "employer": first,
        "opening": make_opening(tianhe, first, title="家政服务员"),
        "other_opening": make_opening(tianhe, second, title="仓储分拣员"),
        "far_opening": make_opening(haizhu, title="海珠仓管员"),
        "seeker": make_seeker(tianhe, "张三丰", intention="家政"),
        "other_seeker": make_seeker(tianhe, "李四海", intention="仓储"),
        "far_seeker": make_seeker(haizhu, "王五湖"),
        "person": make_person(tianhe, "赵六"),
        "other_person": make_person(tianhe, "钱七"),
    }


SEARCHES = [  # page, endpoint, the record a name or title finds, that name or title
    pytest.param("/jobs/employers/", "/api/v1/employers", "employer", "天河家政", id="employers"),
    pytest.param("/jobs/openings/", "/api/v1/openings", "opening", "家政服务员", id="openings"),
    pytest.param("/jobs/seekers/", "/api/v1/seekers", "seeker", "张三丰", id="seekers"),
    pytest.param("/jobs/seekers/new/", None, "person", "赵六", id="people-without-a-profile"),
]


@pytest.mark.parametrize(("page", "api", "record", "text"), SEARCHES)
def test_an_invisible_only_search_is_the_empty_box(records: dict[str, Any], client: Any, page: str,
                                                   api: str | None, record: str, text: str) -> None:
    assert_page_and_api_list_the_empty_box(client, page, api, records[record].pk)


@pytest.mark.parametrize(("page", "api", "record", "text"), SEARCHES)
def test_a_zero_width_space_inside_finds_the_record(records: dict[str, Any], client: Any, page: str,
                                                    api: str | None, record: str, text: str) -> None:
    assert_page_and_api_find_through_zero_width(client, page, api, records[record].pk, text)
