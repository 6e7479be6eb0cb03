"""Benchmark of the ventures report (page and API) over a province-sized programme (prints figures; not a test).

    .venv/bin/python bench/ventures_report.py                     # 2,000 projects, 20 requests each
    .venv/bin/python bench/ventures_report.py --projects 500 --requests 10

Builds a fresh SQLite database under a temporary directory (migrations, the register bench's city of 11 districts ×
10 streets),
one subsidy policy and fund made through the services, then bulk-generates the records the services would
have written: `--projects` approved projects (every level, 2018–2020), one loan each, eight quarterly runs
whose lines are paid through ledger disbursements, and ten employed households a project (one in eight linked
to a hardship file). A city officer whose scope holds everything requests the real page `ventures:report`
and `GET /api/v1/reports/ventures` through Django's test Client, for the whole city and for a district.

The baseline, timed in the same run over the same records and checked to give the same totals, is the report
as first written: walk the projects in scope and, per project, read its loans, each loan's paid subsidy lines
with their disbursement, and its employed households (one query per relation per row). Target: the report
page in ≤ 1 s at this size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.hardship_list import build_tree, setup_django  # noqa: E402  (the same city of 11 × 10 streets)

QUARTER_ENDS = [dt.date(2019, 3, 31), dt.date(2019, 6, 30), dt.date(2019, 9, 30), dt.date(2019, 12, 31),
                dt.date(2020, 3, 31), dt.date(2020, 6, 30), dt.date(2020, 9, 30), dt.date(2020, 12, 31)]


def generate(city: Any, streets: list[Any], projects: int, seed: int = 20201218) -> None:
    """Bulk-insert the records; the policy, fund and its root account come from the services."""
    from bangfu.assistance.models import Allocation, Disbursement, DisbursementStatus
    from bangfu.core.sensitive import blind_index
    from bangfu.people.idgen import make_id_number
    from bangfu.ventures.models import (
        EmployedHousehold,
        Level,
        Loan,
        PaymentStatus,
        ProjectStatus,
        RunStatus,
        SubsidyPayment,
        SubsidyRun,
        VentureProject,
    )
    from bangfu.ventures.tests.helpers import make_policy, setup_user

    rng = random.Random(seed)
    policy = make_policy(city, name="基准贴息政策")
    account = Allocation.objects.get(fund=policy.fund, org=city)
    actor = setup_user(city)
    levels = list(Level.values)
    approvals = [dt.date(2018, 9, 1) + dt.timedelta(days=n % 700) for n in range(projects)]
    made = [VentureProject(org=rng.choice(streets), name=f"项目{n}", group_name=f"职工合伙{n}", sector="种养殖",
                           level=rng.choice(levels), status=ProjectStatus.APPROVED,
                           submitted_on=dt.date(2018, 6, 1) + dt.timedelta(days=n % 700),
                           approved_on=approvals[n], created_by=actor)
            for n in range(projects)]
    VentureProject.objects.bulk_create(made, batch_size=2000)
    loans = [Loan(org=project.org, project=project, bank="兵团农行", contract_number=f"B-{project.pk}",
                  principal_fen=rng.randrange(50, 300) * 1_000_000, annual_rate="4.3500",
                  start_on=approved, term_months=36, plan="bullet", created_by=actor)
             for project, approved in zip(made, approvals, strict=True)]
    Loan.objects.bulk_create(loans, batch_size=2000)
    runs = SubsidyRun.objects.bulk_create([
        SubsidyRun(org=city, policy=policy, policy_revision=1, terms={"share_percent": "100"},
                   period_start=end.replace(day=1, month=end.month - 2), period_end=end,
                   status=RunStatus.APPROVED, created_by=actor) for end in QUARTER_ENDS])
    for run in runs:
        due = [loan for loan in loans if loan.start_on < run.period_start]
        disbursements = [Disbursement(org=loan.org, fund=policy.fund, allocation=account,
                                      amount_fen=loan.principal_fen * 435 // 40_000,
                                      status=DisbursementStatus.PAID, created_by=actor,
                                      idempotency_key=f"venture-subsidy:bench-{run.pk}-{loan.pk}")
                         for loan in due]
        Disbursement.objects.bulk_create(disbursements, batch_size=2000)
        SubsidyPayment.objects.bulk_create([
            SubsidyPayment(org=loan.org, run=run, loan=loan, eligible_interest_fen=paid.amount_fen,
                           computed_fen=paid.amount_fen, amount_fen=paid.amount_fen, status=PaymentStatus.DISBURSED,
                           disbursement=paid, created_by=actor)
            for loan, paid in zip(due, disbursements, strict=True)], batch_size=2000)
    serial = 0
    for start in range(0, len(made), 1000):
        employed = []
        for project, approved in zip(made[start:start + 1000], approvals[start:start + 1000], strict=True):
            for _ in range(10):
                serial += 1
                number = make_id_number(project.org.region_code[:6], dt.date(1970, 1, 1) +
                                        dt.timedelta(days=serial % 12_000), serial // 12_000 % 999, "M")
                employed.append(EmployedHousehold(org=project.org, project=project, worker_name=f"职工{serial}",
                                                  id_number=number, id_index=blind_index(number),
                                                  employed_on=approved + dt.timedelta(days=30),
                                                  created_by=actor))
        EmployedHousehold.objects.bulk_create(employed, batch_size=2000)


def baseline_totals(user: Any, unit: Any) -> dict[str, int]:
    """The report as first written: per project in scope, one query per relation (loans, lines, employed)."""
    from bangfu.accounts.scoping import scoped
    from bangfu.assistance.models import DisbursementStatus
    from bangfu.ventures.models import APPROVED_STATUSES, VentureProject

    totals = {"projects": 0, "loans_fen": 0, "subsidy_fen": 0, "households": 0}
    for project in scoped(VentureProject.objects.filter(org__path__startswith=unit.path), user):
        if project.status not in APPROVED_STATUSES:
            continue
        totals["projects"] += 1
        for loan in project.loans.all():
            totals["loans_fen"] += loan.principal_fen
            for line in loan.subsidy_payments.all():
                if line.disbursement is not None and line.disbursement.status == DisbursementStatus.PAID:
                    totals["subsidy_fen"] += line.amount_fen
        totals["households"] += project.employed.count()
    return totals


def timed(call: Any, repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - began)
    return seconds


def line(label: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"{label:<34} p50 {statistics.median(ordered):7.3f} s   p95 {p95:7.3f} s   n={len(ordered)}"


def compare(client: Any, paths: dict[str, tuple[str, dict[str, Any]]], repeat: int, baseline_label: str,
            baseline: Any, baseline_repeat: int, target_seconds: float = 1.0) -> None:
    """Time each (path, params) through the test client after a warm-up, then the baseline; print p50/p95 and
    the ratio of the baseline to the first path, and whether every path's p50 meets the target."""
    def get(path: str, params: dict[str, Any]) -> Any:
        def call() -> None:
            response = client.get(path, params)
            assert response.status_code == 200, (path, response.status_code)
        return call

    first_path, first_params = next(iter(paths.values()))
    timed(get(first_path, first_params), 1)  # warm-up: templates, catalogues
    timings = {label: timed(get(path, params), repeat) for label, (path, params) in paths.items()}
    slow = timed(baseline, baseline_repeat)
    for label, seconds in timings.items():
        print(line(label, seconds))
    print(line(baseline_label, slow))
    first = statistics.median(next(iter(timings.values())))
    met = all(statistics.median(seconds) <= target_seconds for seconds in timings.values())
    print(f"ratio baseline / {next(iter(timings))} (p50): {statistics.median(slow) / first:.1f}×; "
          f"target p50 ≤ {target_seconds:g} s: {'met' if met else 'NOT met'}")


def timing_arguments(parser: argparse.ArgumentParser) -> argparse.Namespace:
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--baseline-requests", type=int, default=1)
    return parser.parse_args()


def production_database(workdir: str, name: str) -> None:
    """A fresh SQLite file in `workdir`, migrated, with DEBUG off as in production (no query log)."""
    os.environ.setdefault("BANGFU_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_DEBUG", "false")
    setup_django(Path(workdir) / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=2_000)
    args = timing_arguments(parser)
    with tempfile.TemporaryDirectory(prefix="ventures-bench-") as workdir:
        production_database(workdir, "ventures-bench.sqlite3")
        from django.test import Client

        from bangfu.accounts.models import User
        from bangfu.accounts.roles import ensure_roles
        from bangfu.ventures.models import EmployedHousehold, SubsidyPayment
        from bangfu.ventures.report import venture_report

        city, streets = build_tree()
        began = time.perf_counter()
        generate(city, streets, args.projects)
        print(f"generated {args.projects:,} projects and loans, {SubsidyPayment.objects.count():,} paid subsidy "
              f"lines, {EmployedHousehold.objects.count():,} employed households in "
              f"{time.perf_counter() - began:.1f} s")
        officer = User.objects.create_user(username="bench_officer", password="x", org=city)
        officer.groups.set([ensure_roles()["city_officer"]])
        client = Client()
        client.force_login(officer)
        district = streets[0].parent

        report = venture_report(officer, city)
        baseline = baseline_totals(officer, city)
        fast = {"projects": report.total.projects, "loans_fen": report.total.loans_fen,
                "subsidy_fen": report.total.subsidy_fen, "households": report.total.households}
        assert baseline == fast, (baseline, fast)
        print(f"totals agree: {fast}")

        compare(client, {
            "page /ventures/report/ (city)": ("/ventures/report/", {"org": city.code}),
            "page /ventures/report/ (district)": ("/ventures/report/", {"org": district.code}),
            "API /api/v1/reports/ventures": ("/api/v1/reports/ventures", {"org": city.code}),
        }, args.requests, "baseline (per-project reads)", lambda: baseline_totals(officer, city),
            args.baseline_requests)


if __name__ == "__main__":
    main()
