"""The demo reproduces the seed's Sichuan figures from records made through the services."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.accounts import demo as accounts_demo
from bangfu.core.seeding import DemoContext
from bangfu.workforce import demo, queries
from bangfu.workforce.models import AssessmentStatus, CareerDecision

pytestmark = pytest.mark.django_db


def _percent(rows: list[Any], key: str) -> str:
    return next(row for row in rows if row.key == key).percent


def test_sichuan_roster_reproduces_the_seed(client: Any) -> None:
    context = DemoContext(password="Demo-pass-1")
    accounts_demo.seed(context)
    demo.seed(context)
    officer = context.made["users"]["sc_officer"]

    report = queries.workforce_report(officer, context.made["orgs"]["sichuan"])

    assert report.headcount == 2050  # 超过2000名
    assert report.grassroots_percent == "44.8 %"
    assert _percent(report.pay_bands, "400000-") == "3.1 %"
    assert _percent(report.tenure_bands, "10-") == "4.0 %"
    street = context.made["workforce_street"]
    worker = queries.workers(officer).filter(org=street).first()
    assert worker is not None
    assert queries.assessments_of_worker(officer, worker).filter(status=AssessmentStatus.REVIEWED).exists()
    proposed = CareerDecision.objects.get(kind="promote")
    assert proposed.status == "proposed" and proposed.created_by == officer

    client.force_login(officer)
    body = client.get("/api/v1/reports/workforce?org=51").json()
    assert body["headcount"] == 2050 and body["grassroots_share"] == 0.4478
    demo.seed(context)  # idempotent
    assert queries.workers(officer).count() == 2050
