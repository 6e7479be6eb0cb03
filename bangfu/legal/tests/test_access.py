"""As the people who use it, and as an attacker: a station sees its own cases and the district all of them; another
station's ids are 404 on pages and API; claimants' ID numbers are masked everywhere they are shown; stale versions
are 409; the report's totals (page and API) are the sums of the cases, per station and period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from bangfu.legal import services
from bangfu.legal.tests.helpers import INTAKE, make_case, run_to_handling

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(places: dict[str, Any]) -> dict[str, Any]:
    own = make_case(places["wushan"], count=2, actor=places["worker"], employer="五山精密机械厂")
    other = make_case(places["chigang"], actor=places["other_worker"], employer="赤岗服装厂")
    return {"own": own, "other": other}


def test_a_station_sees_its_own_cases_and_the_district_sees_all(places: dict[str, Any], cases: dict[str, Any],
                                                                client: Any, make_user: Any,
                                                                org_tree: dict) -> None:
    client.force_login(places["worker"])
    listed = client.get(reverse("legal:case_list")).content.decode()
    assert "五山精密机械厂" in listed and "赤岗服装厂" not in listed
    assert client.get(reverse("legal:case_detail", args=[cases["other"].pk])).status_code == 404
    api = client.get("/api/v1/legal/cases").json()
    assert [item["employer_name"] for item in api["items"]] == ["五山精密机械厂"]
    assert client.get(f"/api/v1/legal/cases/{cases['other'].pk}").status_code == 404
    other_claimant = cases["other"].claimants.get()
    assert client.put(f"/api/v1/legal/claimants/{other_claimant.pk}", {"version": other_claimant.version,
                                                                       "plan": "篡改"},
                      content_type="application/json").status_code == 404
    # a station at another unit's id cannot be used for an intake either
    refused = client.post("/api/v1/legal/cases", {
        "station_id": places["chigang"].pk, "intake_date": "2026-01-05", "employer_name": "x",
        "dispute_type": "wages", "service_type": "mediation", "claimants": [{"name": "甲"}]},
        content_type="application/json")
    assert refused.status_code == 404

    city = make_user("city_officer", org_tree["guangzhou"], username="gz_city_legal")
    client.force_login(city)
    everything = client.get("/api/v1/legal/cases").json()
    assert everything["count"] == 2
    client.force_login(make_user("district_officer", org_tree["beijing"], username="bj_legal"))
    assert client.get("/api/v1/legal/cases").json()["count"] == 0
    assert client.get(reverse("legal:case_detail", args=[cases["own"].pk])).status_code == 404


def test_claimants_id_numbers_are_masked_on_pages_and_api(places: dict[str, Any], cases: dict[str, Any],
                                                          client: Any) -> None:
    case = cases["own"]
    numbers = [claimant.id_number for claimant in case.claimants.order_by("row")]
    client.force_login(places["officer"])
    page = client.get(reverse("legal:case_detail", args=[case.pk])).content.decode()
    detail = client.get(f"/api/v1/legal/cases/{case.pk}").json()
    claimant_page = client.get(reverse("legal:claimant_edit", args=[case.claimants.get(row=1).pk])).content.decode()
    for number in numbers:
        masked = number[:6] + "********" + number[-4:]
        assert number not in page and masked in page
        assert number not in str(detail)
    assert [row["id_number_masked"] for row in detail["claimants"]] == [
        number[:6] + "********" + number[-4:] for number in numbers]
    assert numbers[0] not in claimant_page and numbers[0][:6] + "********" in claimant_page


def test_a_stale_version_through_the_api_is_409(places: dict[str, Any], cases: dict[str, Any],
                                                client: Any) -> None:
    case = cases["own"]
    client.force_login(places["reviewer"])
    first = client.post(f"/api/v1/legal/cases/{case.pk}/steps", {"step": "review", "version": case.version},
                        content_type="application/json")
    assert first.status_code == 200 and first.json()["status"] == "reviewing"
    replay = client.post(f"/api/v1/legal/cases/{case.pk}/steps", {"step": "review", "version": case.version},
                         content_type="application/json")
    assert replay.status_code == 409


def test_report_totals_per_station_and_period(places: dict[str, Any], client: Any, make_user: Any,
                                              org_tree: dict) -> None:
    lawyer, reviewer = places["lawyer"], places["reviewer"]
    settled = run_to_handling(make_case(places["wushan"], count=3), lawyer, reviewer)
    for claimant in settled.claimants.order_by("row"):
        services.record_claimant(actor=lawyer.user, claimant=claimant, expected_version=claimant.version,
                                 plan="分期支付", result="settled", recovered_fen=1_000_000,
                                 settled_on=INTAKE + dt.timedelta(days=10))
    settled.refresh_from_db()
    services.close_case(actor=lawyer.user, case=settled, outcome="settled", expected_version=settled.version,
                        on=INTAKE + dt.timedelta(days=10))
    make_case(places["wushan"], service_type="consultation")
    make_case(places["chigang"], service_type="documents")
    make_case(places["chigang"], service_type="representation", intake_date=dt.date(2025, 6, 1))

    client.force_login(make_user("city_officer", org_tree["guangzhou"], username="gz_city_report"))
    total = client.get("/api/v1/reports/legal-aid").json()["total"]
    assert (total["cases"], total["by_service_type"], total["recovered_fen"], total["claimants"],
            total["closed"], total["average_days_to_close"]) == (
        4, {"mediation": 1, "representation": 1, "consultation": 1, "documents": 1}, 3_000_000, 6, 1, 10.0)
    period = client.get("/api/v1/reports/legal-aid", {"since": "2026-01-01"}).json()
    assert period["total"]["cases"] == 3
    by_station = {row["label"]: row["cases"] for row in period["stations"]}
    assert by_station == {"五山街道职工法律援助工作站": 2, "赤岗街道职工法律援助工作站": 1}
    station = client.get("/api/v1/reports/legal-aid", {"station_id": places["wushan"].pk}).json()["total"]
    assert (station["cases"], station["recovered_wan_yuan"]) == (2, "3.00 万元")
    page = client.get(reverse("legal:report"), {"since": "2026/1/1"}).content.decode()
    assert 'data-testid="total-cases">3<' in page
    assert client.get(reverse("legal:report"), {"since": "not a date"}).status_code == 400

    client.force_login(places["officer"])  # 天河's district sees its stations, not 海珠's
    assert client.get("/api/v1/reports/legal-aid").json()["total"]["cases"] == 2
    # another district's station is 404, not a report of zeros (outside tester)
    assert client.get("/api/v1/reports/legal-aid", {"station_id": places["chigang"].pk}).status_code == 404
    client.force_login(places["worker"])  # a station sees its own station's figures only
    own = client.get("/api/v1/reports/legal-aid").json()
    assert [row["label"] for row in own["stations"]] == ["五山街道职工法律援助工作站"]


def test_pasted_claimant_lines_keep_amounts_with_thousands_separators() -> None:
    from django import forms

    from bangfu.legal.forms import parse_claimant_lines

    pasted = parse_claimant_lines("职工甲\t340823198803040011\t15,000.50\t是\t3\t2,400\n职工乙，，8000，否")
    assert [(c.name, c.claimed_fen, c.migrant_worker, c.household_size, c.declared_income_fen) for c in pasted] == [
        ("职工甲", 1_500_050, True, 3, 240_000), ("职工乙", 800_000, False, None, None)]
    with pytest.raises(forms.ValidationError, match="第 2 行：家庭人口“三”应为整数"):
        parse_claimant_lines("职工甲\t\t100\n职工乙\t\t100\t是\t三")
