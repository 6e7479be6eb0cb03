"""The API as an attacker and as a user: 404 for another unit's ids, 403 without the permission, 409 stale or
replayed differently, and one subsidy period end to end."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from bangfu.ventures.models import PaymentStatus
from bangfu.ventures.tests.helpers import make_loan, make_policy, make_project, repay

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_register_approve_lend_repay_and_run_a_period(org_tree: dict, officer: Any, approver: Any,
                                                      client: Any) -> None:
    client.force_login(officer)
    made = _post(client, "/api/v1/ventures/projects", {
        "org": "440106", "name": "红枣电商直播基地", "sector": "电子商务", "level": "corps", "group_name": "王五等合伙",
        "submitted_on": "2019-10-01"})
    assert made.status_code == 201, made.content
    project = made.json()
    steps = f"/api/v1/ventures/projects/{project['id']}/steps"
    assert _post(client, steps, {"step": "review", "version": 1}).status_code == 200
    assert _post(client, steps, {"step": "approve", "version": 2}).status_code == 403  # the maker
    assert _post(client, steps, {"step": "approve", "version": 1}).status_code in (403, 409)
    client.force_login(approver)
    assert _post(client, steps, {"step": "approve", "version": 1}).status_code == 409  # stale
    assert _post(client, steps, {"step": "approve", "version": 2}).json()["status"] == "approved"
    client.force_login(officer)
    loan = _post(client, f"/api/v1/ventures/projects/{project['id']}/loans", {
        "bank": "农行", "contract_number": "API-1", "principal_fen": 100_000_000, "annual_rate": "4.35",
        "start_on": "2019-12-10", "term_months": 12, "plan": "bullet"})
    assert loan.status_code == 201
    assert [row["interest_fen"] for row in loan.json()["instalments"][:3]] == [374_583, 374_583, 350_417]
    loan_id = loan.json()["id"]
    for row in loan.json()["instalments"][:3]:
        body = {"number": row["number"], "paid_on": row["due_on"], "principal_fen": 0,
                "interest_fen": row["interest_fen"], "reference": f"R{row['number']}"}
        assert _post(client, f"/api/v1/ventures/loans/{loan_id}/repayments", body).status_code == 201
        assert _post(client, f"/api/v1/ventures/loans/{loan_id}/repayments", body).status_code == 200  # replay
    changed = {"number": 1, "paid_on": "2020-01-10", "principal_fen": 0, "interest_fen": 1, "reference": "R1"}
    assert _post(client, f"/api/v1/ventures/loans/{loan_id}/repayments", changed).status_code == 409
    policy = make_policy(org_tree["guangzhou"])
    run = _post(client, "/api/v1/ventures/runs", {"policy_id": policy.pk, "period_start": "2020-01-01",
                                                   "period_end": "2020-03-31"})
    assert run.status_code == 201 and run.json()["total_fen"] == 1_099_583
    decisions = f"/api/v1/ventures/runs/{run.json()['id']}/decisions"
    assert _post(client, decisions, {"decision": "submit", "version": 1}).json()["status"] == "submitted"
    assert _post(client, decisions, {"decision": "approve", "version": 2}).status_code == 403
    client.force_login(approver)
    paid = _post(client, decisions, {"decision": "approve", "version": 2})
    assert paid.status_code == 200
    assert [(line["status"], line["disbursement_status"]) for line in paid.json()["lines"]] == [
        (PaymentStatus.DISBURSED, "paid")]
    assert _post(client, decisions, {"decision": "approve", "version": 3}).status_code == 409
    report = client.get("/api/v1/reports/ventures?org=4401").json()
    assert report["total"] == {"projects": 1, "loans_fen": 100_000_000, "loans_wan_yuan": "100.00",
                               "subsidy_fen": 1_099_583, "subsidy_wan_yuan": "1.10", "households": 0,
                               "hardship": 0}
    assert [row["code"] for row in report["by_unit"]] == ["440106"]


def test_another_units_ids_are_404(org_tree: dict, outsider: Any, client: Any) -> None:
    loan = make_loan(make_project(org_tree["tianhe"]))
    policy = make_policy(org_tree["tianhe"])
    client.force_login(outsider)
    for url in (f"/api/v1/ventures/projects/{loan.project_id}", f"/api/v1/ventures/loans/{loan.pk}",
                f"/api/v1/ventures/policies/{policy.pk}", f"/api/v1/ventures/projects/{loan.project_id}/employed"):
        assert client.get(url).status_code == 404, url
    assert _post(client, f"/api/v1/ventures/projects/{loan.project_id}/steps",
                 {"step": "close", "version": 3}).status_code == 404
    repayment = {"number": 1, "paid_on": "2020-01-10", "principal_fen": 0, "interest_fen": 1, "reference": "X"}
    assert _post(client, f"/api/v1/ventures/loans/{loan.pk}/repayments", repayment).status_code == 404
    assert client.get("/api/v1/reports/ventures?org=440106").status_code == 404
    assert client.get("/api/v1/ventures/projects").json()["count"] == 0


def test_a_role_without_the_permission_is_403(org_tree: dict, worker: Any, client: Any) -> None:
    project = make_project(org_tree["wushan"])
    policy = make_policy(org_tree["wushan"])
    client.force_login(worker)
    assert client.get(f"/api/v1/ventures/projects/{project.pk}").status_code == 200
    assert _post(client, f"/api/v1/ventures/projects/{project.pk}/loans", {
        "bank": "农行", "contract_number": "W", "principal_fen": 100, "annual_rate": "4", "start_on": "2020-01-01",
        "term_months": 3, "plan": "bullet"}).status_code == 403
    refused = client.put(f"/api/v1/ventures/policies/{policy.pk}", data=json.dumps({
        "version": 1, "note": "x", "share_percent": "50", "grace_days": 0}), content_type="application/json")
    assert refused.status_code == 403 and "权限" in refused.json()["detail"]


def test_policy_update_and_arrears_through_the_api(org_tree: dict, officer: Any, client: Any) -> None:
    policy = make_policy(org_tree["guangzhou"])
    loan = make_loan(make_project(org_tree["tianhe"], "欠款项目"))
    repay(loan, through=dt.date(2020, 1, 31))
    client.force_login(officer)
    updated = client.put(f"/api/v1/ventures/policies/{policy.pk}", data=json.dumps({
        "version": 1, "note": "调整比例", "share_percent": "80", "cap_per_year_fen": 5_000_000, "grace_days": 3}),
        content_type="application/json")
    assert updated.status_code == 200
    assert (updated.json()["revision"], [r["revision"] for r in updated.json()["revisions"]]) == (2, [2, 1])
    stale = client.put(f"/api/v1/ventures/policies/{policy.pk}", data=json.dumps({
        "version": 1, "note": "x", "share_percent": "70", "grace_days": 3}), content_type="application/json")
    assert stale.status_code == 409
    arrears = client.get("/api/v1/ventures/arrears?limit=2").json()
    assert arrears["count"] == 11 and [row["number"] for row in arrears["items"]] == [2, 3]  # due 10 Feb, 10 Mar 2020
