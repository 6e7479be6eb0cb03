"""The demo reproduces the seed's four years of Songjiang's legal aid from records made through the services, and
the report (page and API) shows them: 24,556 cases · 18,666 · 678 · 5,047 · 165 · 38,257 万元; one station for
every unit the division data lists under Songjiang (19 stations: the 经开区 station serves two of its units)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count, Sum
from django.urls import reverse

from bangfu.accounts import demo as accounts_demo
from bangfu.accounts.divisions import children_of
from bangfu.core.seeding import DemoContext
from bangfu.legal import demo
from bangfu.legal.models import Claimant, LawFirm, Lawyer, LegalAidStation, LegalCase, Outcome, StationKind

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_reproduces_the_seed_and_the_report_shows_it(client: Any) -> None:
    context = DemoContext(password="Demo-Password-2020")
    accounts_demo.seed(context)
    demo.seed(context)
    counts = (LegalAidStation.objects.count(), LegalCase.objects.count(), Claimant.objects.count())
    demo.seed(context)  # a second run adds nothing
    assert (LegalAidStation.objects.count(), LegalCase.objects.count(), Claimant.objects.count()) == counts

    songjiang = context.made["orgs"]["songjiang"]
    towns = LegalAidStation.objects.filter(kind=StationKind.STATION)
    assert (towns.count(), LegalAidStation.objects.exclude(kind=StationKind.STATION).count()) == (19, 2)
    served = {unit.code for station in towns.prefetch_related("served_units")
              for unit in [station.org, *station.served_units.all()]}
    assert served == {place.code for place in children_of(songjiang.code)}  # 17 街镇 + 3 开发区, each served
    assert (LawFirm.objects.count(), Lawyer.objects.filter(kind="volunteer").count()) == (4, 50)

    collective = LegalCase.objects.get(claimant_count=48)
    assert collective.outcome == Outcome.SETTLED
    assert all(claimant.result == Outcome.SETTLED and claimant.plan for claimant in collective.claimants.all())
    by_type = dict(LegalCase.objects.values_list("service_type").annotate(n=Count("pk")))
    assert by_type == {"mediation": 18_666, "representation": 678, "consultation": 5_047, "documents": 165}
    assert LegalCase.objects.aggregate(total=Sum("recovered_fen"))["total"] == 38_257 * 1_000_000

    client.force_login(context.made["users"]["sj_officer"])
    report = client.get("/api/v1/reports/legal-aid").json()["total"]
    assert (report["cases"], report["by_service_type"], report["recovered_wan_yuan"]) == (
        24_556, {"mediation": 18_666, "representation": 678, "consultation": 5_047, "documents": 165}, "38,257.00 万元")
    page = client.get(reverse("legal:report")).content.decode()
    for figure in ('data-testid="total-cases">24556<', 'data-testid="total-mediation">18666<',
                   'data-testid="total-representation">678<', 'data-testid="total-consultation">5047<',
                   'data-testid="total-documents">165<', "38,257.00 万元"):
        assert figure in page, figure
