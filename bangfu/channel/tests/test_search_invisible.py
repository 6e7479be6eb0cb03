"""The 12351 tickets' search box and what cannot be seen: a search of nothing but zero-width or no-break spaces
lists what the empty box lists, on the staff page and in the API; a zero-width space inside a caller's name or a
summary finds its ticket."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.channel import services
from bangfu.channel.tests.helpers import ticket_input
from bangfu.core.tests.searchbox import api_ids, assert_invisible_is_empty, page_ids, zero_width_inside

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(org_tree: dict, staff: dict, client: Any) -> dict[str, Any]:
    """天河's officer signed in; two tickets of 五山 (天河), one of 赤岗 (海珠: outside the scope)."""
    client.force_login(staff["tianhe"])

    def ticket(region: str, caller: str, summary: str) -> Any:
        return services.record_ticket(actor=staff["city"], desk=org_tree["guangzhou"], data=ticket_input(
            region, caller_name=caller, summary=summary))

    found = ticket("440106011", "陈女士", "丈夫工伤后家庭困难，想了解帮扶政策。")
    ticket("440106011", "李先生", "工地欠薪三个月。")
    ticket("440105011", "王先生", "工地欠薪两个月。")
    return {"ticket": found}


def test_an_invisible_only_search_is_the_empty_box(records: dict[str, Any], client: Any) -> None:
    listed = assert_invisible_is_empty(lambda q: page_ids(client, "/channel/tickets/", q))
    assert sorted(assert_invisible_is_empty(lambda q: api_ids(client, "/api/v1/channel/tickets", q))) == sorted(listed)


@pytest.mark.parametrize("text", ["陈女士", "工伤"], ids=["caller", "summary"])
def test_a_zero_width_space_inside_finds_the_ticket(records: dict[str, Any], client: Any, text: str) -> None:
    for q in (zero_width_inside(text), f"\u200b{text}\ufeff"):
        assert page_ids(client, "/channel/tickets/", q) == [records["ticket"].pk], repr(q)
        assert api_ids(client, "/api/v1/channel/tickets", q) == ([records["ticket"].pk], 1), repr(q)
