"""The social workers' roster search box and what cannot be seen: a search of nothing but zero-width or no-break
spaces lists what the empty box lists, on the page and in the API; a zero-width space inside a name finds it."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.core.tests.searchbox import api_ids, assert_invisible_is_empty, page_ids, zero_width_inside
from bangfu.workforce.tests.helpers import hire

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(org_tree: dict, officer: Any, client: Any) -> dict[str, Any]:
    """天河's officer signed in; two workers in 天河 (one in 五山), one in 海珠 (outside the scope)."""
    client.force_login(officer)
    worker = hire(org_tree["wushan"], "林晓燕")
    hire(org_tree["tianhe"], "周晓明")
    hire(org_tree["chigang"], "吴晓红")
    return {"worker": worker}


def test_an_invisible_only_search_is_the_empty_box(records: dict[str, Any], client: Any) -> None:
    listed = assert_invisible_is_empty(lambda q: page_ids(client, "/workforce/", q))
    assert sorted(assert_invisible_is_empty(lambda q: api_ids(client, "/api/v1/workforce/workers", q))) == sorted(
        listed)


def test_a_zero_width_space_inside_a_name_finds_it(records: dict[str, Any], client: Any) -> None:
    for q in (zero_width_inside("林晓燕"), "\u200b林晓燕\ufeff"):
        assert page_ids(client, "/workforce/", q) == [records["worker"].pk], repr(q)
        assert api_ids(client, "/api/v1/workforce/workers", q) == ([records["worker"].pk], 1), repr(q)
