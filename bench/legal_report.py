"""Benchmark of the legal aid report (page and API) over Songjiang's four years (prints figures; not a test).

    .venv/bin/python bench/legal_report.py                  # the demo's 24,556 cases, 20 requests each
    .venv/bin/python bench/legal_report.py --requests 5

Builds a fresh SQLite database under a temporary directory (migrations, the demo's organisation tree and
accounts, then the legal aid demo itself: 21 stations, 50 lawyers and 24,556 cases with their claimants, made
through the services). `sj_officer`, whose scope is the whole district, requests the real page `legal:report`
and `GET /api/v1/reports/legal-aid` through Django's test Client: all four years, one year, one station.

The baseline, timed in the same run and checked to give the same totals, is the report as first written: load
every case in scope with its station, then its claimants one case at a time, and add up in Python. Target: the
report over the 24,556 cases in ≤ 1 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ventures_report import compare, production_database, timing_arguments  # noqa: E402


def baseline_totals(user: Any) -> dict[str, Any]:
    """Every case in scope, then each case's claimants (one query a case), summed in Python."""
    from bangfu.accounts.scoping import scoped
    from bangfu.legal.models import LegalCase

    totals: dict[str, Any] = {"cases": 0, "by_type": {}, "recovered_fen": 0, "claimants": 0}
    for case in scoped(LegalCase.objects.select_related("station"), user):
        totals["cases"] += 1
        totals["by_type"][case.service_type] = totals["by_type"].get(case.service_type, 0) + 1
        for claimant in case.claimants.all():
            totals["recovered_fen"] += claimant.recovered_fen
            totals["claimants"] += 1
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args = timing_arguments(parser)
    with tempfile.TemporaryDirectory(prefix="legal-bench-") as workdir:
        production_database(workdir, "legal-bench.sqlite3")
        from django.test import Client

        from bangfu.accounts import demo as accounts_demo
        from bangfu.core.seeding import DemoContext
        from bangfu.legal import demo as legal_demo
        from bangfu.legal.models import LegalAidStation, LegalCase
        from bangfu.legal.queries import legal_report

        context = DemoContext(password="Bench-Password-2020")
        accounts_demo.seed(context)
        began = time.perf_counter()
        legal_demo.seed(context)
        print(f"legal demo: {LegalAidStation.objects.count()} stations, {LegalCase.objects.count():,} cases in "
              f"{time.perf_counter() - began:.1f} s")
        officer = context.made["users"]["sj_officer"]
        report = legal_report(officer)
        baseline = baseline_totals(officer)
        fast = {"cases": report.total.cases, "by_type": {k: v for k, v in report.total.by_type.items() if v},
                "recovered_fen": report.total.recovered_fen, "claimants": report.total.claimants}
        assert baseline == fast, (baseline, fast)
        print(f"totals agree: {fast}")
        client = Client()
        client.force_login(officer)
        station = LegalAidStation.objects.get(kind="subcentre")

        compare(client, {
            "page /legal/report/ (4 years)": ("/legal/report/", {}),
            "page /legal/report/ (one year)": ("/legal/report/", {"since": "2019-12-01", "until": "2020-11-30"}),
            "page /legal/report/ (one station)": ("/legal/report/", {"station": station.pk}),
            "API /api/v1/reports/legal-aid": ("/api/v1/reports/legal-aid", {}),
        }, args.requests, "baseline (per-case reads)", lambda: baseline_totals(officer), args.baseline_requests)


if __name__ == "__main__":
    main()
