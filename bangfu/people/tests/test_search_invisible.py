"""A search of characters that cannot be seen (outside tester): a zero-width space alone in the box was a name search
for the empty string, which every name holds, so it "found" every file. Text of nothing but invisible characters is
the empty box — the unfiltered list of the officer's scope, read as that list is — on the page and in the API; such
characters inside a name or its pinyin are dropped (张\u200b三 and zhang\u200bsan find 张三)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bangfu.people.tests.helpers import apply_family

pytestmark = pytest.mark.django_db

INVISIBLE_ONLY = ["\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u3000", "\u00a0", " \u200b\u3000\ufeff\u00a0 ",
                  "\u200b" * 50]
INSIDE_A_NAME = ["张\u200b三", "\u200b张三\u200b", "张\u2060三", "\ufeff张\u200d三", "张\u3000三", "张\u00a0三",
                 "zhang\u200bsan", "\u200bzs"]


@pytest.fixture
def officer_files(org_tree: Any, make_user: Any) -> dict[str, Any]:
    """天河's district officer; 张三 and 李四 filed in 五山 (天河), 王五 in 赤岗 (海珠: outside the officer's scope)."""
    tianhe_worker = make_user("street_social_worker", org_tree["wushan"])
    haizhu_worker = make_user("street_social_worker", org_tree["chigang"])
    files = {"张三": apply_family(tianhe_worker, org_tree["wushan"], head="张三"),
             "李四": apply_family(tianhe_worker, org_tree["wushan"], head="李四"),
             "王五": apply_family(haizhu_worker, org_tree["chigang"], head="王五")}
    return {"officer": make_user("district_officer", org_tree["tianhe"]), "files": files}


def _page(client: Any, q: str) -> tuple[list[str], str]:
    response = client.get(reverse("people:household_list"), {"q": q})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="search-errors"' not in body
    return [row.household.head.name for row in response.context["page"].object_list], body


def _api_list(client: Any, q: str) -> tuple[list[str], int]:
    response = client.get(reverse("api:list_households"), {"q": q})
    assert response.status_code == 200, response.content
    body = response.json()
    return [item["head_name"] for item in body["items"]], body["count"]


def _api_search(client: Any, q: str) -> tuple[list[str], int]:
    response = client.post(reverse("api:search_households"), json.dumps({"q": q}), content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    return [item["head_name"] for item in body["items"]], body["count"]


def test_an_empty_box_lists_the_officers_scope(officer_files: dict[str, Any], login: Any) -> None:
    """What the invisible searches below must equal: newest first, 海珠's 王五 not among them."""
    client = login(officer_files["officer"])
    names, body = _page(client, "")
    assert names == ["李四", "张三"] and "共 2 条" in body
    assert _api_list(client, "") == (["李四", "张三"], 2)
    assert _api_search(client, "") == (["李四", "张三"], 2)


@pytest.mark.parametrize("q", INVISIBLE_ONLY)
def test_an_invisible_only_search_on_the_page_is_the_empty_box(officer_files: dict[str, Any], login: Any,
                                                               q: str) -> None:
    names, body = _page(login(officer_files["officer"]), q)
    assert names == ["李四", "张三"] and "共 2 条" in body


@pytest.mark.parametrize("q", INVISIBLE_ONLY)
def test_an_invisible_only_search_in_the_api_is_the_empty_box(officer_files: dict[str, Any], login: Any,
                                                              q: str) -> None:
    client = login(officer_files["officer"])
    assert _api_list(client, q) == (["李四", "张三"], 2)
    assert _api_search(client, q) == (["李四", "张三"], 2)


@pytest.mark.parametrize("q", INVISIBLE_ONLY)
def test_an_invisible_only_search_of_the_city_finds_every_file_of_the_city_only(
        officer_files: dict[str, Any], login: Any, make_user: Any, org_tree: Any, q: str) -> None:
    """The city's officer sees all three as with an empty box; a 北京 officer, none of them."""
    city = login(make_user("city_officer", org_tree["guangzhou"]))
    assert _page(city, q)[0] == ["王五", "李四", "张三"]
    assert _api_search(city, q) == (["王五", "李四", "张三"], 3)
    beijing = login(make_user("city_officer", org_tree["beijing"]))
    assert _page(beijing, q)[0] == []
    assert _api_list(beijing, q) == ([], 0)


@pytest.mark.parametrize("q", INSIDE_A_NAME)
def test_invisible_characters_inside_a_name_find_that_name(officer_files: dict[str, Any], login: Any,
                                                           q: str) -> None:
    client = login(officer_files["officer"])
    names, body = _page(client, q)
    assert names == ["张三"] and "共 1 条" in body
    assert _api_list(client, q) == (["张三"], 1)
    assert _api_search(client, q) == (["张三"], 1)


def test_invisible_characters_inside_a_name_outside_the_scope_find_nothing(officer_files: dict[str, Any],
                                                                          login: Any) -> None:
    client = login(officer_files["officer"])
    for q in ("王\u200b五", "wang\u200bwu"):
        names, body = _page(client, q)
        assert names == [] and "共 0 条" in body, q
        assert _api_list(client, q) == ([], 0), q
        assert _api_search(client, q) == ([], 0), q


def _statements(client: Any, method: str, url: str, **data: Any) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = (client.get(url, data) if method == "get"
                    else client.post(url, json.dumps(data), content_type="application/json"))
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries if '"people_' in query["sql"]]  # the register's


@pytest.mark.parametrize(("method", "url"), [("get", "people:household_list"), ("get", "api:list_households"),
                                             ("post", "api:search_households")])
def test_an_invisible_only_search_runs_the_empty_boxs_queries(officer_files: dict[str, Any], login: Any,
                                                              method: str, url: str) -> None:
    """The same rows were found before the fix, but by a search of every member's name for the empty string (a
    city's 115,000 names read, and each file counted row by row rather than summed from the register's counts):
    the invisible search now is the empty box, statement for statement."""
    client = login(officer_files["officer"])
    _statements(client, method, reverse(url), q="")  # anything done once (counts folded) done before comparing
    empty = _statements(client, method, reverse(url), q="")
    assert not any("people_householdmember" in sql for sql in empty)  # no member's name is read
    for q in INVISIBLE_ONLY:
        assert _statements(client, method, reverse(url), q=q) == empty, q
