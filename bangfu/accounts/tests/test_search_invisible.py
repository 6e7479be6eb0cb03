"""The units' and accounts' search boxes and what cannot be seen: a search of nothing but zero-width or no-break
spaces is the empty box — the unit browser opens at the top of the officer's tree as for an empty box (on the page;
the API lists every unit in scope, as for an empty `q`), the accounts page lists every account in scope; a zero-width
space inside a unit's or a person's name finds it."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.core.tests.searchbox import INVISIBLE_ONLY, assert_invisible_is_empty, page_ids, zero_width_inside

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client: Any, org_tree: dict[str, Any], make_user: Any) -> Any:
    """广州's officer, signed in; an account in 天河 and one in 北京 (outside the scope)."""
    user = make_user("city_officer", org_tree["guangzhou"], display_name="广州官员")
    make_user("district_officer", org_tree["tianhe"], username="th_officer", display_name="张三丰")
    make_user("district_officer", org_tree["haizhu"], username="hz_officer", display_name="李四海")
    make_user("city_officer", org_tree["beijing"], username="bj_officer", display_name="王五湖")
    client.force_login(user)
    return user


def _browser(client: Any, q: str, **params: Any) -> tuple[Any, list[int]]:
    response = client.get("/orgs/", {"q": q, **params})
    assert response.status_code == 200
    selected = response.context["selected"]
    return selected.code if selected else None, [unit.pk for unit in response.context["page"].object_list]


def _api_codes(client: Any, q: str, **params: Any) -> tuple[list[str], int]:
    response = client.get("/api/v1/orgs", {"q": q, **params})
    assert response.status_code == 200, response.content
    return [unit["code"] for unit in response.json()["items"]], response.json()["count"]


def test_an_invisible_only_unit_search_is_the_empty_box(officer: Any, client: Any, org_tree: dict) -> None:
    """The browser opens at 广州 with its districts; inside a chosen unit, its children; the API, the whole scope."""
    empty = _browser(client, "")
    assert empty[0] == "4401" and sorted(empty[1]) == sorted([org_tree["haizhu"].pk, org_tree["tianhe"].pk])
    for q in INVISIBLE_ONLY:
        assert _browser(client, q) == empty, repr(q)
        assert _browser(client, q, unit="440106") == _browser(client, "", unit="440106"), repr(q)
    codes = assert_invisible_is_empty(lambda q: _api_codes(client, q))
    assert "11" not in codes and "440106011" in codes
    assert_invisible_is_empty(lambda q: _api_codes(client, q, under="4401"))


def test_a_zero_width_space_inside_a_units_name_finds_it(officer: Any, client: Any, org_tree: dict) -> None:
    for q in (zero_width_inside("五山街道"), "\u200b五山街道\ufeff"):
        assert _browser(client, q) == (None, [org_tree["wushan"].pk]), repr(q)
        assert _api_codes(client, q) == (["440106011"], 1), repr(q)


def test_an_invisible_only_account_search_is_the_empty_box(officer: Any, client: Any) -> None:
    assert len(assert_invisible_is_empty(lambda q: page_ids(client, "/users/", q), at_least=3)) == 3


def test_a_zero_width_space_inside_a_persons_name_finds_the_account(officer: Any, client: Any) -> None:
    for q in (zero_width_inside("张三丰"), "\u200b张三丰\ufeff", zero_width_inside("th_officer")):
        assert [user.username for user in client.get("/users/", {"q": q}).context["page"]] == ["th_officer"], q
