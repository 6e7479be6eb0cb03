"""Demo: 第一师阿拉尔市's worker entrepreneurship projects, reproducing the seed's figures from records made
through the same services as real use: 19 兵团级 projects, 2,271.3 万元 of loans, 148.86 万元 of interest
subsidy paid through the assistance ledger, 559 households employed, 41 of them hardship households.

`alar_officer` registers and reviews the projects, computes and submits the quarterly runs; `alar_approver`
approves them. The plan and the proof that it adds up are in `demo_plan.py`. Idempotent: nothing is added
when Alar already has projects.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from faker import Faker

from bangfu.accounts.models import OrgUnit, User
from bangfu.assistance.models import ProgramKind
from bangfu.assistance.services import ledger, programs
from bangfu.core.seeding import DemoContext
from bangfu.people.demodata.writer import PeopleMaker
from bangfu.people.models import IN_FILE_STATUSES, HardshipFile
from bangfu.ventures.demo_plan import (
    BANKS,
    PIPELINE,
    PROJECTS,
    QUARTERS,
    TERM_MONTHS,
    TERMS,
    ProjectPlan,
    paid_on,
)
from bangfu.ventures.interest import quarter_bounds
from bangfu.ventures.models import Loan, VentureProject
from bangfu.ventures.services import households, loans, policies, projects, runs

PROGRAM = "职工自主创业示范项目贷款贴息"
FUND_FEN = 200_000_000  # 200 万元
LARGE_LINE_FEN = 10_000_000  # a single line above 10 万元 would wait for a second approval
UNPAID_PROJECT = "鸽子养殖合作社"  # its last instalment is left unpaid: the arrears list is not empty


def _program_fund(officer: User, alar: OrgUnit) -> Any:
    program = programs.create_program(
        actor=officer, org=alar, name=PROGRAM, kind=ProgramKind.OTHER, starts_on=dt.date(2019, 1, 1),
        ends_on=dt.date(2022, 12, 31), large_amount_fen=LARGE_LINE_FEN,
        description="工会与银行协商签订协议，为符合条件的职工创业项目办理小额贷款，工会按季贴息。")
    return ledger.create_fund(actor=officer, program=program, name="创业贷款贴息资金", budget_fen=FUND_FEN,
                              key="demo-alar-venture-fund")


def _project(plan: ProjectPlan, unit: OrgUnit, officer: User, approver: User, maker: PeopleMaker) -> VentureProject:
    project = projects.register_project(
        actor=officer, org=unit, name=plan.name, sector=plan.sector, level="corps",
        group_name=f"{maker.name(maker.rng.choice('MF'))}等职工合伙", location=unit.name.removesuffix("总工会"),
        description=f"{plan.sector}职工自主创业示范项目", submitted_on=plan.start - dt.timedelta(days=75))
    projects.advance_project(actor=officer, project=project, step="review", version=project.version)
    projects.advance_project(actor=approver, project=project, step="approve", version=project.version,
                             note="兵团级职工自主创业示范项目", on=plan.start - dt.timedelta(days=30))
    projects.advance_project(actor=officer, project=project, step="operate", version=project.version)
    return project


def _loan(plan: ProjectPlan, project: VentureProject, officer: User, index: int) -> Loan:
    loan = loans.register_loan(
        actor=officer, project=project, bank=BANKS[plan.bank], contract_number=f"ALR-{plan.start:%Y}-{index + 1:04d}",
        principal_fen=plan.principal_yuan * 100, annual_rate=plan.rate, start_on=plan.start,
        term_months=TERM_MONTHS, plan=plan.plan)
    for row in loan.instalments.order_by("number"):
        if plan.name == UNPAID_PROJECT and row.number == TERM_MONTHS:
            continue
        loans.record_repayment(actor=officer, loan=loan, number=row.number,
                               paid_on=paid_on(plan, row.number, row.due_on), principal_fen=row.principal_fen,
                               interest_fen=row.interest_fen, reference=f"{loan.contract_number}-{row.number:02d}")
    return loan


def _employed(plan: ProjectPlan, project: VentureProject, officer: User, maker: PeopleMaker,
              hardship_files: list[HardshipFile]) -> None:
    """`plan.households` households: the first `plan.hardship` are heads of Alar's hardship files."""
    first_day = (project.approved_on or plan.start) + dt.timedelta(days=10)
    for number in range(plan.households):
        employed_on = first_day + dt.timedelta(days=maker.rng.randrange(0, 300))
        if number < plan.hardship:
            head = hardship_files.pop(0).household.head
            name, id_number = head.name, head.id_number
        else:
            sex = maker.rng.choice("MF")
            name, id_number = maker.name(sex), maker.id_number("659002", maker.birth(1968, 1998), sex)
        households.add_employed_household(actor=officer, project=project, worker_name=name, id_number=id_number,
                                          employed_on=employed_on, post=maker.rng.choice(
                                              ("生产工", "养殖员", "销售员", "技术员", "配送员", "服务员")))


def _runs(officer: User, approver: User, policy: Any) -> None:
    for year, quarter in QUARTERS:
        start, end = quarter_bounds(year, quarter)
        run = runs.compute_run(actor=officer, policy=policy, period_start=start, period_end=end)
        runs.submit_run(actor=officer, run=run, version=run.version)
        runs.approve_run(actor=approver, run=run, version=run.version)


def seed(context: DemoContext) -> None:
    orgs: dict[str, OrgUnit] = context.made["orgs"]
    alar = orgs["alar"]
    if VentureProject.objects.filter(org__path__startswith=alar.path).exists():
        return
    users = context.made["users"]
    officer, approver = users["alar_officer"], users["alar_approver"]
    fake = Faker("zh_CN")
    fake.seed_instance(context.seed)
    maker = PeopleMaker(random.Random(context.seed), fake)
    units = {unit.code: unit for unit in OrgUnit.objects.filter(path__startswith=alar.path)}
    hardship_files = list(HardshipFile.objects.filter(org__path__startswith=alar.path, status__in=IN_FILE_STATUSES)
                          .select_related("household__head").order_by("pk"))
    with transaction.atomic():
        fund = _program_fund(officer, alar)
        policy = policies.create_policy(
            actor=officer, org=alar, name="职工创业贷款贴息政策", fund=fund, share_percent=TERMS.share_percent,
            cap_per_year_fen=TERMS.cap_per_year_fen, cap_per_project_fen=TERMS.cap_per_project_fen,
            grace_days=TERMS.grace_days)
        for index, plan in enumerate(PROJECTS):
            project = _project(plan, units[plan.unit_code], officer, approver, maker)
            _loan(plan, project, officer, index)
            _employed(plan, project, officer, maker, hardship_files)
        _runs(officer, approver, policy)
        for name, code, sector, level, status in PIPELINE:
            project = projects.register_project(actor=officer, org=units[code], name=name, sector=sector, level=level,
                                                group_name=f"{maker.name('F')}等职工合伙",
                                                submitted_on=dt.date(2020, 11, 20))
            if status == "reviewed":
                projects.advance_project(actor=officer, project=project, step="review", version=project.version)
