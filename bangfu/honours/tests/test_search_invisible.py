"""The honours register's search box and what cannot be seen: a search of nothing but zero-width or no-break spaces
lists what the empty box lists, on the page and in the API; a zero-width space inside a holder's name finds it."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.core.tests.searchbox import api_ids, assert_invisible_is_empty, page_ids, zero_width_inside
from bangfu.honours.tests.helpers import honoured

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(org_tree: dict, officer: Any, client: Any) -> dict[str, Any]:
    """广州's officer signed in; two holders in the city, one in 北京 (outside the scope)."""
    client.force_login(officer)
    _person, honour = honoured(org_tree["wushan"], "张三丰")
    honoured(org_tree["chigang"], "李四海")
    honoured(org_tree["beijing"], "王五湖")
    return {"honour": honour}


def test_an_invisible_only_search_is_the_empty_box(records: dict[str, Any], client: Any) -> None:
    listed = assert_invisible_is_empty(lambda q: page_ids(client, "/honours/", q))
    assert sorted(assert_invisible_is_empty(lambda q: api_ids(client, "/api/v1/honours/register", q))) == sorted(listed)


def test_a_zero_width_space_inside_a_holders_name_finds_it(records: dict[str, Any], client: Any) -> None:
    for q in (zero_width_inside("张三丰"), "\u200b张三丰\ufeff"):
        assert page_ids(client, "/honours/", q) == [records["honour"].pk], repr(q)
        assert api_ids(client, "/api/v1/honours/register", q) == ([records["honour"].pk], 1), repr(q)
