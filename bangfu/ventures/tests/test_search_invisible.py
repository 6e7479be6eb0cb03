"""The ventures search boxes and what cannot be seen: a search of nothing but zero-width or no-break spaces lists
what the empty box lists (projects on the page and in the API, a project's employed households on its page); a
zero-width space inside a name finds it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.core.tests.searchbox import api_ids, assert_invisible_is_empty, page_ids, zero_width_inside
from bangfu.people.tests.helpers import new_id
from bangfu.ventures.services import households
from bangfu.ventures.tests.helpers import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(org_tree: dict, officer: Any, client: Any) -> dict[str, Any]:
    """广州's officer signed in; two projects in the city, one in 北京 (outside the scope); two employed."""
    client.force_login(officer)
    project = make_project(org_tree["tianhe"], "天河小龙虾养殖")
    make_project(org_tree["haizhu"], "海珠蜜蜂养殖")
    make_project(org_tree["beijing"], "北京花卉种植")

    def employed(name: str) -> Any:
        return households.add_employed_household(actor=officer, project=project, worker_name=name, id_number=new_id(),
                                                 employed_on=dt.date(2020, 1, 5))

    worker = employed("赵六")
    employed("钱七")
    return {"project": project, "worker": worker}


def test_an_invisible_only_project_search_is_the_empty_box(records: dict[str, Any], client: Any) -> None:
    listed = assert_invisible_is_empty(lambda q: page_ids(client, "/ventures/", q))
    api = assert_invisible_is_empty(lambda q: api_ids(client, "/api/v1/ventures/projects", q))
    assert sorted(api) == sorted(listed)


def test_a_zero_width_space_inside_a_project_name_finds_it(records: dict[str, Any], client: Any) -> None:
    for q in (zero_width_inside("天河小龙虾"), "\u200b天河小龙虾\ufeff"):
        assert page_ids(client, "/ventures/", q) == [records["project"].pk], repr(q)
        assert api_ids(client, "/api/v1/ventures/projects", q) == ([records["project"].pk], 1), repr(q)


def test_the_employed_households_of_a_project(records: dict[str, Any], client: Any) -> None:
    url = f"/ventures/projects/{records['project'].pk}/employed/"
    assert_invisible_is_empty(lambda q: page_ids(client, url, q))
    for q in (zero_width_inside("赵六"), " \u200b赵六\u3000"):
        assert page_ids(client, url, q) == [records["worker"].pk], repr(q)
