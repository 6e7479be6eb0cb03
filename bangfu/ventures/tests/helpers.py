"""Test helpers: records made through the ventures services by two superusers (maker and approver), so the
actions under test can be taken by role users."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from bangfu.accounts.models import OrgUnit, User
from bangfu.assistance.models import Fund, ProgramKind
from bangfu.assistance.services import ledger, programs
from bangfu.ventures.interest import quarter_bounds
from bangfu.ventures.models import Loan, SubsidyPolicy, SubsidyRun, VentureProject
from bangfu.ventures.services import loans, policies, projects, runs

_sequence = itertools.count(1)


def setup_user(org: OrgUnit | None = None) -> User:
    """A superuser who prepares the data of a test (the actions under test use role users)."""
    user, _created = User.objects.get_or_create(username="setup", defaults={"is_superuser": True, "org": org})
    return user


def approver_user() -> User:
    """A second superuser: approvals need someone other than the maker."""
    user, _created = User.objects.get_or_create(username="setup-approver", defaults={"is_superuser": True})
    return user


def make_project(org: OrgUnit, name: str = "塔河小龙虾养殖", *, approved: bool = True,
                 maker: User | None = None) -> VentureProject:
    project = projects.register_project(actor=maker or setup_user(), org=org, name=name, sector="水产养殖",
                                        level="corps", group_name="张三等职工合伙",
                                        submitted_on=dt.date(2019, 10, 1))
    if approved:
        projects.advance_project(actor=maker or setup_user(), project=project, step="review",
                                 version=project.version)
        projects.advance_project(actor=approver_user(), project=project, step="approve", version=project.version,
                                 on=dt.date(2019, 11, 1))
    return project


def make_loan(project: VentureProject, *, principal_fen: int = 100_000_000, rate: str = "4.35",
              start: dt.date = dt.date(2019, 12, 10), months: int = 12, plan: str = "bullet") -> Loan:
    return loans.register_loan(actor=setup_user(), project=project, bank="中国农业银行阿拉尔分行",
                               contract_number=f"T-{next(_sequence):05d}", principal_fen=principal_fen,
                               annual_rate=Decimal(rate), start_on=start, term_months=months, plan=plan)


def repay(loan: Loan, *, through: dt.date, late: dict[int, int] | None = None) -> None:
    """Repay every instalment due up to `through` in full on its due date (or `late[n]` days after)."""
    late = late or {}
    for row in loan.instalments.filter(due_on__lte=through).order_by("number"):
        loans.record_repayment(actor=setup_user(), loan=loan, number=row.number,
                               paid_on=row.due_on + dt.timedelta(days=late.get(row.number, 0)),
                               principal_fen=row.principal_fen, interest_fen=row.interest_fen,
                               reference=f"{loan.contract_number}-{row.number}")


def make_fund(org: OrgUnit, budget_fen: int = 100_000_000, *, large_amount_fen: int = 10_000_000) -> Fund:
    program = programs.create_program(actor=setup_user(), org=org, name=f"创业贴息{next(_sequence)}",
                                      kind=ProgramKind.OTHER, starts_on=dt.date(2019, 1, 1),
                                      ends_on=dt.date(2022, 12, 31), large_amount_fen=large_amount_fen)
    return ledger.create_fund(actor=setup_user(), program=program, name="贴息资金", budget_fen=budget_fen,
                              key=f"test-fund-{next(_sequence)}")


def make_policy(org: OrgUnit, name: str = "创业贷款贴息政策", *, fund: Fund | None = None, share: str = "100",
                cap_year: int | None = None, cap_project: int | None = None, grace: int = 5) -> SubsidyPolicy:
    return policies.create_policy(actor=setup_user(), org=org, name=name, fund=fund or make_fund(org),
                                  share_percent=share, cap_per_year_fen=cap_year, cap_per_project_fen=cap_project,
                                  grace_days=grace)


def make_run(policy: SubsidyPolicy, year: int = 2020, quarter: int = 1, *, submit: bool = False) -> SubsidyRun:
    start, end = quarter_bounds(year, quarter)
    run = runs.compute_run(actor=setup_user(), policy=policy, period_start=start, period_end=end)
    if submit:
        runs.submit_run(actor=setup_user(), run=run, version=run.version)
    return run


def login(client: Any, user: User) -> User:
    client.force_login(user)
    return user
