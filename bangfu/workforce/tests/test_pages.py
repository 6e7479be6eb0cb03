"""The workforce pages: the same services as the API, refusals shown on the page, scope as 404."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bangfu.workforce.models import CareerDecision
from bangfu.workforce.tests.helpers import assess, hire, make_post

pytestmark = pytest.mark.django_db


def test_propose_a_promotion_on_the_worker_page(client: Any, org_tree: dict, officer: Any) -> None:
    worker = hire(org_tree["wushan"], "林晓燕")
    assessment = assess(org_tree["wushan"], worker, 95)
    client.force_login(officer)
    response = client.post(f"/workforce/workers/{worker.pk}/", {
        "kind": "promote", "assessment": assessment.pk, "reason": "考核优秀", "effective_on": "2026-01-01",
        "new_grade": "3"})
    assert response.status_code == 302, re.findall(r'alert-danger[^<]*<div>([^<]*)', response.content.decode())
    assert CareerDecision.objects.get(worker=worker).new_grade == 3


def test_a_refusal_is_shown_on_the_form(client: Any, org_tree: dict, officer: Any) -> None:
    worker = hire(org_tree["wushan"], "林晓燕")
    client.force_login(officer)
    response = client.post(f"/workforce/workers/{worker.pk}/", {
        "kind": "promote", "reason": "考核优秀", "effective_on": "2026-01-01", "new_grade": "3"})
    assert response.status_code == 400
    assert "须关联该社工已评定的履职考核" in response.content.decode()


def test_hire_form_offers_only_vacant_posts_in_scope(client: Any, org_tree: dict, officer: Any) -> None:
    mine, taken = make_post(org_tree["wushan"], "五山空缺岗位"), hire(org_tree["wushan"]).post
    make_post(org_tree["chigang"], "赤岗空缺岗位")
    client.force_login(officer)
    body = client.get("/workforce/workers/new/").content.decode()
    assert "五山空缺岗位" in body and "赤岗空缺岗位" not in body
    assert f'value="{taken.pk}"' not in body and f'value="{mine.pk}"' in body  # type: ignore[union-attr]


def test_report_page_shows_the_units_figures_and_another_district_is_404(client: Any, org_tree: dict,
                                                                          officer: Any) -> None:
    hire(org_tree["wushan"])
    client.force_login(officer)
    body = client.get("/workforce/report/?unit=440106").content.decode()
    assert 'data-testid="headcount">1<' in body and "100.0 %" in body
    assert client.get("/workforce/report/?unit=440105").status_code == 404
    assert client.get("/api/v1/reports/workforce?org=440105").status_code == 404
