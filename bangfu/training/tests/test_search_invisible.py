"""The training search boxes and what cannot be seen: a search of nothing but zero-width or no-break spaces lists
what the empty box lists (courses, trainers, plans, cohorts, social workers), on the page and in the API; the
people to make a plan for or to enrol are none, as for the empty box; a zero-width space inside a name or title
finds it. `people_to_enrol` guards its own text: an empty or invisible one offers nobody, whoever calls it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.accounts.models import User
from bangfu.core.tests.searchbox import (
    INVISIBLE_ONLY,
    assert_invisible_is_empty,
    assert_page_and_api_find_through_zero_width,
    assert_page_and_api_list_the_empty_box,
    page_ids,
    zero_width_inside,
)
from bangfu.jobs.tests.helpers import make_person, setup_user
from bangfu.training import queries, services
from bangfu.training.tests.helpers import make_cohort, make_course, make_plan, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(org_tree: dict, officer: Any) -> dict[str, Any]:
    """Two of each in 天河 (the officer's district), one of each in 海珠 (outside it)."""
    tianhe, haizhu = org_tree["tianhe"], org_tree["haizhu"]
    course = make_course(tianhe, "养老护理（上门）")
    make_course(haizhu, "海珠电商")

    def worker(org: Any, name: str) -> Any:
        return services.add_worker(actor=setup_user(), org=org, name=name, hired_on=dt.date(2025, 1, 6))

    chen = User.objects.create_user(username="chen", org=tianhe, display_name="陈培训")
    return {
        "course": course,
        "trainer": make_trainer(tianhe, user=chen),
        "other_trainer": make_trainer(tianhe),
        "far_trainer": make_trainer(haizhu),
        "plan": make_plan(tianhe, "张三丰", course=course),
        "other_plan": make_plan(tianhe, "李四海"),
        "far_plan": make_plan(haizhu, "王五湖"),
        "cohort": make_cohort(tianhe, "家政订单班"),
        "other_cohort": make_cohort(tianhe),
        "far_cohort": make_cohort(haizhu, "海珠订单班"),
        "worker": worker(tianhe, "林晓燕"),
        "other_worker": worker(tianhe, "周社工"),
        "far_worker": worker(haizhu, "吴社工"),
        "person": make_person(tianhe, "赵六"),
        "far_person": make_person(haizhu, "钱七"),
    }


SEARCHES = [  # page, endpoint, the record a name or title finds, that name or title
    pytest.param("/training/courses/", "/api/v1/training/courses", "course", "养老护理（上门", id="courses"),
    pytest.param("/training/trainers/", "/api/v1/training/trainers", "trainer", "陈培训", id="trainers"),
    pytest.param("/training/plans/", "/api/v1/training/plans", "plan", "张三丰", id="plans"),
    pytest.param("/training/cohorts/", "/api/v1/training/cohorts", "cohort", "家政订单", id="cohorts"),
    pytest.param("/training/workers/", "/api/v1/training/workers", "worker", "林晓燕", id="workers"),
]


@pytest.mark.parametrize(("page", "api", "record", "text"), SEARCHES)
def test_an_invisible_only_search_is_the_empty_box(records: dict[str, Any], client: Any, page: str,
                                                   api: str | None, record: str, text: str) -> None:
    assert_page_and_api_list_the_empty_box(client, page, api, records[record].pk)


@pytest.mark.parametrize(("page", "api", "record", "text"), SEARCHES)
def test_a_zero_width_space_inside_finds_the_record(records: dict[str, Any], client: Any, page: str,
                                                    api: str | None, record: str, text: str) -> None:
    assert_page_and_api_find_through_zero_width(client, page, api, records[record].pk, text)


@pytest.mark.parametrize(("page", "key"), [("/training/plans/new/", "people"), ("cohort", "candidates")])
def test_the_people_to_plan_for_or_enrol(records: dict[str, Any], client: Any, page: str, key: str) -> None:
    """Nobody for an empty or invisible box (a list of the whole register is not offered); 赵\u200b六 finds 赵六."""
    url = f"/training/cohorts/{records['cohort'].pk}/" if page == "cohort" else page
    assert_invisible_is_empty(lambda q: page_ids(client, url, q, key=key), at_least=0)
    assert page_ids(client, url, "", key=key) == []
    assert page_ids(client, url, zero_width_inside("赵六"), key=key) == [records["person"].pk]
    assert page_ids(client, url, zero_width_inside("钱七"), key=key) == []  # 海珠's: outside the scope


def test_people_to_enrol_guards_its_own_text(records: dict[str, Any], officer: Any) -> None:
    for text in ["", *INVISIBLE_ONLY]:
        assert list(queries.people_to_enrol(officer, text)) == [], repr(text)
    assert list(queries.people_to_enrol(officer, "\u200b赵六")) == [records["person"]]
