"""POST actions outside the user's scope are 404, whatever the method; inside, the right role may act; the
rule builder and its preview work from rows of field / operator / value; home figures count within scope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from bangfu.accounts.models import OrgLevel
from bangfu.accounts.services import upsert_org_unit
from bangfu.assistance.models import Allocation, TargetGroup
from bangfu.assistance.services import ledger, lists
from bangfu.assistance.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(make_user: Any, org_tree: Any) -> Any:
    return make_user("city_officer", org_tree["guangzhou"], username="gz_officer")


@pytest.fixture
def setup(bj: Any, campaign: Any, district: Any, officer: Any) -> dict[str, Any]:
    make_person(bj["dongcheng"], honours=["national_model"])
    fund = campaign.funds.get()
    ledger.allocate(actor=officer, fund=fund, to_unit=bj["dongcheng"], amount_fen=100_000, key="a")
    account = Allocation.objects.get(fund=fund, org=bj["dongcheng"])
    campaign.large_amount_fen = 50_000
    campaign.save()
    pending, _new = ledger.disburse(actor=district, allocation=account, amount_fen=60_000, key="big-two")
    blist = lists.submit_list(actor=district, blist=lists.build_list(actor=district, program=campaign,
                                                                    unit=bj["dongcheng"]))
    return {"account": account, "pending": pending, "blist": blist, "entry": blist.entries.get(),
            "ledger": account.credits.get()}


def _api_posts(s: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"/api/v1/assistance/allocations/{s['account'].pk}/disbursements", {"amount_fen": 1, "idempotency_key": "x"}),
        (f"/api/v1/assistance/disbursements/{s['pending'].pk}/approve", {}),
        (f"/api/v1/assistance/ledger/{s['ledger'].pk}/reverse", {"idempotency_key": "r", "reason": "试"}),
        (f"/api/v1/assistance/lists/{s['blist'].pk}/approve", {}),
        (f"/api/v1/assistance/lists/{s['blist'].pk}/reject", {"note": "试"}),
        (f"/api/v1/assistance/lists/{s['blist'].pk}/revise", {}),
        (f"/api/v1/assistance/lists/{s['blist'].pk}/submit", {}),
        (f"/api/v1/assistance/entries/{s['entry'].pk}/visits",
         {"visited_at": "2021-01-05T10:00:00+08:00", "place": "家", "fubao_count": 1, "idempotency_key": "v"}),
    ]


def test_api_actions_outside_scope_are_404_and_change_nothing(setup: dict[str, Any], outsider: Any,
                                                              login: Any) -> None:
    client = login(outsider)
    for url, body in _api_posts(setup):
        response = client.post(url, data=json.dumps(body), content_type="application/json")
        # A city officer's roles grant no visit at all: that is told (403), as on the page; the rest is hidden.
        assert response.status_code == (403 if url.endswith("/visits") else 404), url
    patch = client.patch(f"/api/v1/assistance/entries/{setup['entry'].pk}", data=json.dumps({"amount_fen": 1}),
                         content_type="application/json")
    assert patch.status_code == 404
    setup["account"].refresh_from_db()
    assert setup["account"].balance_fen == 100_000


def test_page_actions_outside_scope_are_404(setup: dict[str, Any], outsider: Any, login: Any) -> None:
    client = login(outsider)
    for name, kwargs in [("assistance:allocation_disburse", {"pk": setup["account"].pk}),
                         ("assistance:disbursement_decide", {"pk": setup["pending"].pk}),
                         ("assistance:ledger_reverse", {"pk": setup["ledger"].pk}),
                         ("assistance:list_action", {"pk": setup["blist"].pk, "action": "approve"})]:
        assert client.post(reverse(name, kwargs=kwargs), {"idempotency_key": "k", "amount": "1"}).status_code == 404


def test_inside_scope_the_approver_approves_over_the_api(setup: dict[str, Any], approver: Any, district: Any,
                                                         login: Any) -> None:
    response = login(district).post(f"/api/v1/assistance/lists/{setup['blist'].pk}/approve")
    assert response.status_code == 403
    assert response.json() == {"detail": "名单的编制人或提交人不能审批自己的名单，须由他人审批"}
    response = login(approver).post(f"/api/v1/assistance/lists/{setup['blist'].pk}/approve")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    response = login(approver).post(f"/api/v1/assistance/disbursements/{setup['pending'].pk}/approve")
    assert response.status_code == 200 and response.json()["status"] == "paid"


def test_disbursing_over_the_api_is_idempotent_and_refuses_overspending(setup: dict[str, Any], district: Any,
                                                                        login: Any) -> None:
    client = login(district)
    url = f"/api/v1/assistance/allocations/{setup['account'].pk}/disbursements"
    body = json.dumps({"amount_fen": 4_000, "idempotency_key": "api-1", "purpose": "慰问"})
    first = client.post(url, data=body, content_type="application/json")
    again = client.post(url, data=body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["replayed"] is True
    too_much = client.post(url, data=json.dumps({"amount_fen": 50_001, "idempotency_key": "api-2"}),
                           content_type="application/json")
    assert too_much.status_code == 201 and too_much.json()["status"] == "pending"  # large: waits, moves nothing
    client.post(url, data=json.dumps({"amount_fen": 48_000, "idempotency_key": "api-3"}),
                content_type="application/json")
    over = client.post(url, data=json.dumps({"amount_fen": 48_001, "idempotency_key": "api-4"}),
                       content_type="application/json")
    assert over.status_code == 409
    assert over.json() == {"detail": "东城区总工会的资金余额不足：需要 480.01 元，当前余额 480.00 元"}


def test_an_officer_defines_a_rule_from_rows(bj: Any, officer: Any, login: Any) -> None:
    make_person(bj["dongcheng"], "甲", work_injury_disabled=True, disability_grade=4)
    make_person(bj["dongcheng"], "乙", work_injury_disabled=True, disability_grade=9)
    client = login(officer)
    row = client.get(reverse("assistance:condition_row"), {"index": "r2", "field_r2": "person.disability_grade"})
    assert 'name="number_r2"' in row.content.decode() and 'value="lte"' in row.content.decode()
    form = {"name": "重度工伤职工", "description": "", "combine": "all", "row": ["r1", "r2"],
            "field_r1": "person.work_injury_disabled", "op_r1": "is_true",
            "field_r2": "person.disability_grade", "op_r2": "lte", "number_r2": "6"}
    preview = client.post(reverse("assistance:rule_preview"), form).content.decode()
    assert "重度工伤职工：因工伤致残：是；且残疾等级不超过 6" in preview and "1 人符合条件" in preview
    response = client.post(reverse("assistance:target_group_create"), form)
    group = TargetGroup.objects.get(name="重度工伤职工")
    assert response.status_code == 302 and group.org == bj["beijing"]
    assert group.rule == {"all": [{"field": "person.work_injury_disabled", "op": "is_true"},
                                  {"field": "person.disability_grade", "op": "lte", "value": 6}]}
    bad = client.post(reverse("assistance:target_group_create"), {**form, "name": "坏规则", "number_r2": "很多"})
    assert "第 2 个条件：“残疾等级”的值应为整数" in bad.content.decode()


def test_home_counts_unvisited_and_balance_in_scope(setup: dict[str, Any], approver: Any, district: Any,
                                                    outsider: Any, login: Any) -> None:
    lists.approve_list(actor=approver, blist=setup["blist"])
    body = login(district).get("/").content.decode()
    assert "尚未走访的慰问对象" in body
    from bangfu.assistance.queries import balance_in_scope, unvisited_entries

    assert unvisited_entries(district).count() == 1 and unvisited_entries(outsider).count() == 0
    assert balance_in_scope(district) == 100_000 and balance_in_scope(outsider) == 0


def test_a_unit_below_sees_the_city_campaign_it_has_money_in(setup: dict[str, Any], make_user: Any, bj: Any,
                                                             campaign: Any, login: Any) -> None:
    other_street = upsert_org_unit(code="110102001", name="西长安街街道总工会", level=OrgLevel.STREET,
                                   parent=bj["xicheng"])
    assert login(make_user("district_officer", bj["dongcheng"])).get(
        reverse("assistance:program_detail", kwargs={"pk": campaign.pk})).status_code == 200
    assert login(make_user("street_social_worker", other_street)).get(
        reverse("assistance:program_detail", kwargs={"pk": campaign.pk})).status_code == 404
