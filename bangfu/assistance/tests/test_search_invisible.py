"""The assistance search boxes and what cannot be seen: a search of nothing but zero-width or no-break spaces lists
what the empty box lists — campaigns and target groups (page and API), a list's entries, the people still to visit,
the visits, the facts, and the people offered to a fact or a list — and a zero-width space inside a name finds it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from bangfu.assistance.models import FactKind
from bangfu.assistance.services import visits
from bangfu.assistance.tests.factories import entry, make_campaign, make_fact
from bangfu.core.tests.searchbox import api_ids, assert_invisible_is_empty, page_ids, zero_width_inside

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(approved_list: Any, bj: dict, district: Any, worker: Any, client: Any) -> dict[str, Any]:
    """东城's officer signed in; the approved list of 张三丰, =HYPERLINK(1) and 李四, 张三丰 visited; a second
    campaign of 东城's own; facts of 张三丰 and 李四."""
    client.force_login(district)
    zhang, li = entry(approved_list, "张三丰"), entry(approved_list, "李四")
    visit, _new = visits.record_visit(actor=worker, beneficiary=zhang, visited_at=timezone.now(), place="家中",
                                      key="v1", fubao_count=1)
    make_campaign(bj["dongcheng"], name="东城金秋助学", budget_fen=0, groups=False)
    make_fact(li.person, FactKind.TEMPORARY_DIFFICULTY, "covid")
    return {"list": approved_list, "zhang": zhang, "li": li, "visit": visit, "campaign": approved_list.program,
            "fact": make_fact(zhang.person, FactKind.TEMPORARY_DIFFICULTY, "covid")}


SEARCHES = [  # page (a format of the records), its endpoint, the record a name finds, that name
    pytest.param("/assistance/", "/api/v1/assistance/programs", "campaign", "元旦春节", id="campaigns"),
    pytest.param("/assistance/target-groups/", "/api/v1/assistance/target-groups", "group", "建档困难",
                 id="target-groups"),
    pytest.param("/assistance/lists/{list.pk}/", None, "zhang", "张三丰", id="list-entries"),
    pytest.param("/assistance/visits/todo/", None, "li", "李四", id="to-visit"),
    pytest.param("/assistance/visits/", None, "visit", "张三丰", id="visits"),
    pytest.param("/assistance/facts/", None, "fact", "张三丰", id="facts"),
]


def _expected(records: dict[str, Any], key: str) -> int:
    if key == "group":
        return int(records["list"].program.groups.get(priority=1).target_group_id)
    return int(records[key].pk)


@pytest.mark.parametrize(("page", "api", "record", "text"), SEARCHES)
def test_an_invisible_only_search_is_the_empty_box(records: dict[str, Any], client: Any, page: str, api: str | None,
                                                   record: str, text: str) -> None:
    url = page.format(**records)
    listed = assert_invisible_is_empty(lambda q: page_ids(client, url, q), at_least=1)
    assert _expected(records, record) in listed
    if api:
        assert_invisible_is_empty(lambda q: api_ids(client, api, q))


@pytest.mark.parametrize(("page", "api", "record", "text"), SEARCHES)
def test_a_zero_width_space_inside_finds_the_record(records: dict[str, Any], client: Any, page: str, api: str | None,
                                                    record: str, text: str) -> None:
    url, expected = page.format(**records), _expected(records, record)
    for q in (zero_width_inside(text), f"\u200b{text}\ufeff"):
        assert page_ids(client, url, q) == [expected], repr(q)
        if api:
            assert api_ids(client, api, q) == ([expected], None), repr(q)


def _people_offered(client: Any, url: str, q: str) -> list[int]:
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return [int(value) for value, _label in response.context["form"].fields["person"].choices if value]


@pytest.mark.parametrize("page", ["/assistance/facts/new/", "/assistance/lists/{list.pk}/add/"],
                         ids=["to-a-fact", "to-a-list"])
def test_the_people_offered(records: dict[str, Any], client: Any, page: str) -> None:
    url = page.format(**records)
    assert records["li"].person_id in assert_invisible_is_empty(lambda q: _people_offered(client, url, q))
    assert _people_offered(client, url, zero_width_inside("李四")) == [records["li"].person_id]
