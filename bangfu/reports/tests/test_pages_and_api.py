"""The statistics page (charts from json_script, no inline script), the API, the menu entries."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from bangfu.accounts.models import OrgUnit
from bangfu.core.navigation import nav_for
from bangfu.people.models import FileStatus
from bangfu.reports.tests.factories import files_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(org_tree: dict[str, OrgUnit]) -> dict[str, OrgUnit]:
    files_in(org_tree["wushan"], 12, causes=("laid_off", "child_schooling"))
    files_in(org_tree["wushan"], 8, causes=("major_illness",), disability=True)
    files_in(org_tree["chigang"], 2, causes=("other",))
    files_in(org_tree["chigang"], 1, status=FileStatus.APPLIED)
    return org_tree


def test_statistics_page_passes_chart_data_without_inline_script(client: Any, make_user: Any,
                                                                 register: dict[str, OrgUnit]) -> None:
    client.force_login(make_user("city_officer", register["guangzhou"]))
    body = client.get(reverse("reports:hardship")).content.decode()
    data = json.loads(re.search(r'<script id="hardship-data" type="application/json">(.*?)</script>', body,
                                re.S).group(1))  # type: ignore[union-attr]
    assert data["categories"]["names"][0] == "下岗失业" and data["categories"]["values"][0] == 12
    assert data["districts"] == {"names": ["海珠区总工会", "天河区总工会"], "values": [2, 20]}
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", body, re.S)
    inline = [attrs for attrs, content in scripts if content.strip() and "application/json" not in attrs]
    assert inline == []
    assert "/static/vendor/echarts/echarts.min.js" in body and "/static/reports/hardship_charts.js" in body
    assert 'data-testid="in-file">22<' in body


def test_statistics_page_drills_down_to_a_district(client: Any, make_user: Any, register: dict[str, OrgUnit]) -> None:
    client.force_login(make_user("city_officer", register["guangzhou"]))
    body = client.get(reverse("reports:hardship") + "?org=440106").content.decode()
    assert 'data-testid="in-file">20<' in body and "?org=4401" in body


def test_api_exact_figures(client: Any, make_user: Any, register: dict[str, OrgUnit]) -> None:
    client.force_login(make_user("city_officer", register["guangzhou"]))
    data = client.get("/api/v1/reports/hardship?org=4401").json()
    assert (data["households_in_file"], data["files_all_statuses"]) == (22, 23)
    laid_off = next(c for c in data["by_seed_category"] if c["code"] == "laid_off")
    assert laid_off == {"code": "laid_off", "name": "下岗失业", "households": 12, "display": "12",
                        "share": 12 / 22, "phrase": "5成多"}
    assert data["multi_seed_category"]["households"] == 20
    assert [(c["name"], c["households"]) for c in data["by_district"]] == [("海珠区总工会", 2), ("天河区总工会", 20)]
    assert data["bulletin"] == []


def test_api_published_suppresses_small_cells(client: Any, make_user: Any, register: dict[str, OrgUnit]) -> None:
    client.force_login(make_user("city_officer", register["guangzhou"]))
    data = client.get("/api/v1/reports/hardship?org=4401&published=true").json()
    districts = {c["name"]: (c["households"], c["display"], c["phrase"]) for c in data["by_district"]}
    assert districts == {"海珠区总工会": (None, "<5", None), "天河区总工会": (None, "—", None)}
    other = next(c for c in data["by_cause"] if c["code"] == "other")
    assert (other["households"], other["display"], other["share"]) == (None, "<5", None)
    assert data["bulletin"][1].startswith("二、致困原因。")


def test_api_unit_outside_the_scope_is_not_found(client: Any, make_user: Any, register: dict[str, OrgUnit]) -> None:
    client.force_login(make_user("district_officer", register["tianhe"]))
    assert client.get("/api/v1/reports/hardship?org=440105").status_code == 404
    assert client.get("/api/v1/reports/hardship").json()["households_in_file"] == 20


def test_menu_entries_follow_permissions(make_user: Any, org_tree: dict[str, OrgUnit]) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"])
    admin = make_user("system_admin", org_tree["guangzhou"])
    def entries(user: Any) -> set[str]:
        return {item["key"] for section in nav_for(user) for item in section["items"]}

    assert {"statistics", "bulletin", "import"} <= entries(worker)
    assert not {"statistics", "bulletin", "import"} & entries(admin)
