"""The workforce API: the same services as the pages; another unit's ids are 404, a stale version 409,
the proposer approving their own decision 403."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.workforce.tests.helpers import REVIEW_ONLY, hire, make_post, make_scheme

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_hire_run_review_propose_and_approve_through_the_api(client: Any, org_tree: dict, officer: Any,
                                                             approver: Any) -> None:
    post = make_post(org_tree["wushan"])
    scheme = make_scheme(org_tree["tianhe"], weights=REVIEW_ONLY)
    client.force_login(officer)
    hired = _post(client, "/api/v1/workforce/workers", {
        "post_id": post.pk, "name": "王丽", "id_number": "510104199001011249", "employment_type": "public_welfare",
        "hired_on": "2019-05-01", "grade": 2, "take_home_fen": 360000})
    assert hired.status_code == 201, hired.json()
    worker_id = hired.json()["id"]
    taken = _post(client, "/api/v1/workforce/workers", {
        "post_id": post.pk, "name": "李强", "id_number": "510104199001021231", "employment_type": "social",
        "hired_on": "2020-05-01"})
    assert taken.status_code == 409 and "岗位" in taken.json()["detail"]

    run = _post(client, "/api/v1/workforce/runs", {"org": "440106011", "scheme_id": scheme.pk,
                                                   "period_start": "2025-01-01", "period_end": "2025-12-31"})
    assert run.status_code == 201
    assessment = run.json()["assessments"][0]
    assert {line["indicator"] for line in assessment["lines"]} >= {"families", "rechecks_on_time", "supervisor"}
    stale = _post(client, f"/api/v1/workforce/assessments/{assessment['id']}/review",
                  {"score": 95, "version": assessment["version"] + 3})
    assert stale.status_code == 409
    reviewed = _post(client, f"/api/v1/workforce/assessments/{assessment['id']}/review",
                     {"score": 95, "comment": "好", "version": assessment["version"]}).json()
    assert reviewed["result"] == "excellent" and reviewed["total"] == 95.0

    proposed = _post(client, f"/api/v1/workforce/workers/{worker_id}/decisions", {
        "kind": "promote", "reason": "考核优秀", "effective_on": "2026-01-01", "assessment_id": assessment["id"],
        "new_grade": 3})
    assert proposed.status_code == 201
    decision = proposed.json()
    own = _post(client, f"/api/v1/workforce/decisions/{decision['id']}/decide",
                {"approve": True, "version": decision["version"]})
    assert own.status_code == 403
    client.force_login(approver)
    done = _post(client, f"/api/v1/workforce/decisions/{decision['id']}/decide",
                 {"approve": True, "note": "同意", "version": decision["version"]})
    assert done.status_code == 200 and done.json()["status"] == "approved"
    assert client.get(f"/api/v1/workforce/workers/{worker_id}").json()["grade"] == 3


def test_another_units_records_are_404(client: Any, org_tree: dict, officer: Any) -> None:
    stranger = hire(org_tree["chigang"], "赤岗社工")
    scheme = make_scheme(org_tree["haizhu"])
    client.force_login(officer)
    assert client.get(f"/api/v1/workforce/workers/{stranger.pk}").status_code == 404
    assert _post(client, f"/api/v1/workforce/workers/{stranger.pk}/decisions", {
        "kind": "exit", "reason": "x", "effective_on": "2026-01-01"}).status_code == 404
    assert _post(client, "/api/v1/workforce/runs", {"org": "440105011", "scheme_id": scheme.pk,
                                                    "period_start": "2025-01-01",
                                                    "period_end": "2025-12-31"}).status_code == 404
    assert _post(client, "/api/v1/workforce/workers", {
        "post_id": stranger.post_id, "name": "x", "id_number": "510104199001031233", "employment_type": "social",
        "hired_on": "2020-01-01"}).status_code == 404
    listed = client.get("/api/v1/workforce/workers").json()
    assert "赤岗社工" not in str(listed)


def test_pay_and_follow_up_calls_through_the_api(client: Any, org_tree: dict, officer: Any) -> None:
    from bangfu.assistance.tests.factories import make_file, make_person

    worker = hire(org_tree["wushan"], role="street_social_worker")
    family = make_file(make_person(org_tree["wushan"]), contact=worker.user)
    client.force_login(officer)
    pay = _post(client, f"/api/v1/workforce/workers/{worker.pk}/pay", {"month": "2026-03-01", "take_home_fen": 410000})
    assert pay.status_code == 201
    clash = _post(client, f"/api/v1/workforce/workers/{worker.pk}/pay", {"month": "2026-03-01", "take_home_fen": 1})
    assert clash.status_code == 409
    call = _post(client, f"/api/v1/workforce/workers/{worker.pk}/follow-ups", {
        "household_id": family.household_id, "called_on": "2025-06-01", "satisfaction": "satisfied"})
    assert call.status_code == 201, call.json()
    client.force_login(worker.user)
    own = _post(client, f"/api/v1/workforce/workers/{worker.pk}/follow-ups", {
        "household_id": family.household_id, "called_on": "2025-06-02", "satisfaction": "satisfied"})
    assert own.status_code == 403
