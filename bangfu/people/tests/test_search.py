"""Search: name, full pinyin, initials (`zsf` finds 张三丰), ID number through the blind index, filters."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from bangfu.people import queries
from bangfu.people.models import FileStatus, HardshipFile, Relation
from bangfu.people.tests.helpers import apply_family, member, new_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(org_tree: Any, make_user: Any) -> dict[str, Any]:
    wushan = make_user("street_social_worker", org_tree["wushan"])
    chigang = make_user("street_social_worker", org_tree["chigang"])
    city = make_user("city_officer", org_tree["guangzhou"])
    spouse_id = new_id()
    files = {
        "zhang": apply_family(wushan, org_tree["wushan"], head="张三丰", primary="laid_off",
                              secondary=("child_schooling",),
                              extra=(member("李秀英", relation=Relation.SPOUSE, id_number=spouse_id),)),
        "zhao": apply_family(wushan, org_tree["wushan"], head="赵敏", primary="major_illness", income_fen=50_000,
                             illness=True),
        "wang": apply_family(chigang, org_tree["chigang"], head="王五", primary="child_schooling"),
    }
    return {"files": files, "city": city, "spouse_id": spouse_id}


def _names(user: Any, **filters: Any) -> set[str]:
    rows = queries.file_list(user, queries.FileFilters(**filters))
    return {f.household.head.name for f in rows}


@pytest.mark.parametrize(("text", "names"), [
    ("zsf", {"张三丰"}),
    ("ZSF", {"张三丰"}),
    ("zs", {"张三丰"}),
    ("zhangsanfeng", {"张三丰"}),
    ("zhang san", {"张三丰"}),
    ("张三", {"张三丰"}),
    ("李秀英", {"张三丰"}),  # a member's name finds the household
    ("lxy", {"张三丰"}),
    ("z", {"张三丰", "赵敏"}),
    ("王", {"王五"}),
    ("nobody", set()),
])
def test_text_search(register: dict[str, Any], text: str, names: set[str]) -> None:
    assert _names(register["city"], text=text) == names


def test_filters(register: dict[str, Any], org_tree: Any) -> None:
    city = register["city"]
    assert _names(city, district="440105") == {"王五"}
    assert _names(city, cause="child_schooling") == {"张三丰", "王五"}  # primary or secondary
    assert _names(city, tier="deep") == {"赵敏"}
    assert _names(city, status=FileStatus.APPLIED) == {"张三丰", "赵敏", "王五"}
    assert _names(city, district="no-such-unit") == set()


def test_id_number_finds_the_household_of_any_member(register: dict[str, Any]) -> None:
    assert _names(register["city"], id_number=register["spouse_id"]) == {"张三丰"}
    assert _names(register["city"], id_number=new_id()) == set()


def test_id_search_is_a_post_and_the_number_never_reaches_a_url(register: dict[str, Any], login: Any) -> None:
    client = login(register["city"])
    page = client.get(reverse("people:household_list")).content.decode()
    assert 'method="post"' in page and 'data-testid="id-search"' in page
    number = register["spouse_id"]
    response = client.post(reverse("people:household_list"), {"id_number": number})
    body = response.content.decode()
    assert response.status_code == 200 and "张三丰" in body and "共 1 条" in body
    assert number not in body  # not echoed: neither in the form nor in pagination links


def test_a_malformed_id_in_the_search_says_why(register: dict[str, Any], login: Any) -> None:
    body = login(register["city"]).post(reverse("people:household_list"), {"id_number": "123"}).content.decode()
    assert "身份证号应为 18 位，实际为 3 位" in body and "共 0 条" in body


def test_search_stays_in_scope(register: dict[str, Any], org_tree: Any, make_user: Any) -> None:
    haizhu = make_user("district_officer", org_tree["haizhu"])
    assert _names(haizhu, text="zsf") == set()
    assert _names(haizhu, id_number=register["spouse_id"]) == set()
    assert _names(haizhu) == {"王五"}


def test_stores_are_separate(register: dict[str, Any]) -> None:
    HardshipFile.objects.filter(pk=register["files"]["wang"].pk).update(status=FileStatus.RELIEVED)
    assert _names(register["city"], store="relieved") == {"王五"}
    assert "王五" not in _names(register["city"])
