"""Each demo account signs in with the demo password and sees only its part of the tree."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bangfu.accounts import demo
from bangfu.accounts.models import OrgUnit
from bangfu.core.seeding import DemoContext

pytestmark = pytest.mark.django_db
PASSWORD = "Demo-Password-2020"


@pytest.fixture
def seeded(settings: Any) -> DemoContext:
    context = DemoContext(password=PASSWORD)
    demo.seed(context)
    return context


def test_demo_tree_mirrors_the_seed_page(seeded: DemoContext) -> None:
    names = set(OrgUnit.objects.values_list("name", flat=True))
    for union in (
        "中华全国总工会",
        "北京市总工会",
        "上海市松江区总工会",
        "广州市总工会",
        "四川省总工会",
        "新疆生产建设兵团总工会",
        "第一师阿拉尔市总工会",
        "禹城市总工会",
        "日照市总工会",
        "海口市总工会",
        "唐山市丰润区总工会",
    ):
        assert union in names
    songjiang = OrgUnit.objects.get(code="310117")
    assert songjiang.children.filter(is_development_zone=False).count() == 17
    assert songjiang.children.filter(is_development_zone=True).count() == 3
    assert OrgUnit.objects.filter(parent__code="4401").count() == 11
    assert OrgUnit.objects.filter(path__startswith="/44/4401/", level="street").count() == 178
    assert OrgUnit.objects.get(code="440106").path == "/44/4401/440106/"


def test_seeding_twice_changes_nothing(seeded: DemoContext) -> None:
    before = OrgUnit.objects.count()
    demo.seed(DemoContext(password=PASSWORD))
    assert OrgUnit.objects.count() == before


@pytest.mark.parametrize("account", [row for row in demo.DEMO_ACCOUNTS], ids=lambda row: row[0])
def test_each_demo_account_sees_only_its_part(seeded: DemoContext, account: tuple[str, str, str, str]) -> None:
    username, _display, role_key, unit_key = account
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"
    unit = seeded.made["orgs"][unit_key]
    response = client.get("/api/v1/orgs", {"limit": 500})
    assert response.status_code == 200
    body = response.json()
    seen = {item["code"] for item in body["items"]}
    if role_key == "auditor":
        assert body["count"] == OrgUnit.objects.count()
    elif role_key in ("volunteer_lawyer", "trainer"):
        assert seen == {unit.code}
    else:
        expected = set(OrgUnit.objects.filter(path__startswith=unit.path).values_list("code", flat=True))
        assert body["count"] == len(expected)
        assert seen <= expected
