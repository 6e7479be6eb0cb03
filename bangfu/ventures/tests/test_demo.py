"""The demo reproduces the seed's figures from records made through the services, and the report (page and
API) shows them: 19 projects · 2,271.30 万元 · 148.86 万元 · 559 households · 41 hardship households."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from faker import Faker

from bangfu.accounts import demo as accounts_demo
from bangfu.assistance.models import Disbursement, DisbursementStatus, Fund
from bangfu.assistance.services.ledger import reconcile_fund
from bangfu.core.seeding import DemoContext
from bangfu.people import demo as people_demo
from bangfu.people.demodata.writer import PeopleMaker, write_families
from bangfu.people.facts import MinimumTable
from bangfu.people.tiers import load_tier_rules
from bangfu.ventures import demo
from bangfu.ventures.demo_plan import (
    PROJECTS,
    TARGET_HARDSHIP,
    TARGET_HOUSEHOLDS,
    TARGET_PRINCIPAL_FEN,
    TARGET_SUBSIDY_FEN,
    simulate,
)
from bangfu.ventures.models import EmployedHousehold, PaymentStatus, SubsidyPayment, SubsidyRun, VentureProject

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_plan_adds_up_before_anything_is_written() -> None:
    simulation = simulate()
    assert (simulation.principal_fen, simulation.subsidy_fen, simulation.suspended_lines) == (
        TARGET_PRINCIPAL_FEN, TARGET_SUBSIDY_FEN, 1)
    assert (len(PROJECTS), sum(p.households for p in PROJECTS), sum(p.hardship for p in PROJECTS)) == (
        19, TARGET_HOUSEHOLDS, TARGET_HARDSHIP)


def _seed_alar() -> DemoContext:
    """The accounts, Alar's 50 hardship families (the register's own demo code), then the ventures demo."""
    context = DemoContext(password="Demo-Password-2020")
    accounts_demo.seed(context)
    people_demo._install_rule_tables()
    maker = PeopleMaker(random.Random(context.seed), Faker("zh_CN"))
    minimums = MinimumTable.load()
    alar = context.made["orgs"]["alar"]
    families = people_demo._small_region(maker, alar, people_demo.ALAR_FILES,
                                         minimums.monthly_fen("659002", timezone.localdate()))
    write_families(families, maker, load_tier_rules(), minimums)
    demo.seed(context)
    return context


def test_the_demo_reproduces_the_seed_page_and_the_report_shows_it(client: Any) -> None:
    context = _seed_alar()
    alar = context.made["orgs"]["alar"]
    counts = (VentureProject.objects.count(), SubsidyRun.objects.count(), EmployedHousehold.objects.count())
    demo.seed(context)  # a second run adds nothing
    assert (VentureProject.objects.count(), SubsidyRun.objects.count(), EmployedHousehold.objects.count()) == counts
    assert counts == (21, 8, 559)
    fund = Fund.objects.get(name="创业贷款贴息资金")
    assert reconcile_fund(fund).ok
    paid = SubsidyPayment.objects.filter(status=PaymentStatus.DISBURSED)
    assert all(p.disbursement is not None and p.disbursement.idempotency_key == f"venture-subsidy:{p.pk}"
               and p.disbursement.status == DisbursementStatus.PAID for p in paid.select_related("disbursement"))
    assert sum(Disbursement.objects.filter(fund=fund).values_list("amount_fen", flat=True)) == TARGET_SUBSIDY_FEN
    suspended = SubsidyPayment.objects.get(status=PaymentStatus.SUSPENDED)
    assert (suspended.loan.project.name, suspended.run.period_end.isoformat()) == ("核桃烘干加工厂", "2020-03-31")

    client.force_login(context.made["users"]["alar_officer"])
    report = client.get("/api/v1/reports/ventures").json()
    assert (report["org_code"], report["total"]) == (alar.code, {
        "projects": 19, "loans_fen": 2_271_300_000, "loans_wan_yuan": "2,271.30", "subsidy_fen": 148_860_000,
        "subsidy_wan_yuan": "148.86", "households": 559, "hardship": 41})
    page = client.get(reverse("ventures:report")).content.decode()
    for figure in ("2,271.30 万元", "148.86 万元", ">559<", ">41<", ">19<"):
        assert figure in page, figure
    arrears = client.get(reverse("ventures:arrears")).content.decode()
    assert "鸽子养殖合作社" in arrears
