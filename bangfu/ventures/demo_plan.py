"""The Alar demo's plan: 19 兵团级 projects with their loans, and the simulation that proves the seed's
148.86 万元 of interest subsidy before a single record is written.

`simulate()` runs the same `interest.schedule` and `interest.subsidy_for_period` the services call, over
the demo's eight quarterly runs (2019 Q1 – 2020 Q4), with every instalment repaid on its due date except
核桃烘干加工厂's 9th (20 days late: arrears at the end of 2020 Q1, that quarter's line suspended).
How the figures were solved is in docs/ventures.md; the two principals marked SOLVED are the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from bangfu.ventures.interest import (
    EQUAL_INSTALMENTS,
    INTEREST_ONLY,
    InstalmentState,
    Terms,
    quarter_bounds,
    schedule,
    subsidy_for_period,
)

TARGET_SUBSIDY_FEN = 148_860_000  # 148.86 万元
TARGET_PRINCIPAL_FEN = 2_271_300_000  # 2,271.3 万元
TARGET_HOUSEHOLDS = 559
TARGET_HARDSHIP = 41
TERM_MONTHS = 36
QUARTERS = tuple((year, quarter) for year in (2019, 2020) for quarter in (1, 2, 3, 4))
TERMS = Terms(share_percent=Decimal(100), grace_days=5, cap_per_year_fen=20_000_000,
              cap_per_project_fen=40_000_000)
LATE_PROJECT = "核桃烘干加工厂"
LATE_INSTALMENT, LATE_DAYS = 9, 20
BANKS = ("中国农业银行阿拉尔分行", "中国建设银行阿拉尔分行", "阿拉尔农村商业银行")


@dataclass(frozen=True)
class ProjectPlan:
    name: str
    unit_code: str  # a street/town union under 第一师阿拉尔市总工会 (659002)
    sector: str
    bank: int  # index into BANKS
    rate: Decimal  # annual %, 4 decimals
    start: dt.date
    plan: str
    principal_yuan: int
    households: int  # 带动就业户
    hardship: int  # of which hardship households in the register (帮扶困难职工)


R1, R2 = Decimal("4.3500"), Decimal("4.7500")
E, B = EQUAL_INSTALMENTS, INTEREST_ONLY

PROJECTS: tuple[ProjectPlan, ...] = (
    ProjectPlan("塔河小龙虾水产养殖示范基地", "659002110", "水产养殖", 2, R1, dt.date(2018, 12, 10), B, 2_620_000, 46,
                5),
    # SOLVED: the split of 1,800,000 元 between the next two loans (see docs/ventures.md)
    ProjectPlan("红枣电商直播基地", "659002100", "电子商务", 0, R1, dt.date(2019, 1, 15), E, 491_640, 25, 2),
    ProjectPlan("兵团职工服装加工坊", "659002001", "服装加工", 1, R2, dt.date(2019, 2, 20), E, 1_308_360, 38, 3),
    ProjectPlan("核桃烘干加工厂", "659002101", "农产品加工", 2, R2, dt.date(2019, 6, 20), E, 1_600_000, 33, 2),
    ProjectPlan("设施农业温室大棚合作社", "659002102", "设施农业", 0, R1, dt.date(2018, 12, 5), B, 2_020_000, 41, 3),
    ProjectPlan("棉花机采服务队", "659002103", "农机服务", 1, R2, dt.date(2019, 3, 8), B, 1_800_000, 30, 2),
    ProjectPlan("职工家政服务中心", "659002002", "家政服务", 2, R1, dt.date(2019, 4, 12), E, 600_000, 35, 4),
    ProjectPlan("苹果梨冷链仓储", "659002104", "冷链物流", 0, R2, dt.date(2019, 5, 6), B, 1_900_000, 22, 1),
    ProjectPlan("多浪河特色餐饮店", "659002003", "餐饮", 1, R1, dt.date(2019, 5, 25), E, 500_000, 18, 2),
    ProjectPlan("滴灌带再生加工厂", "659002518", "塑料制品", 2, R2, dt.date(2019, 7, 10), B, 1_700_000, 27, 1),
    ProjectPlan("肉羊标准化养殖场", "659002105", "畜牧养殖", 0, R1, dt.date(2019, 7, 28), B, 1_200_000, 29, 3),
    ProjectPlan("沙漠玫瑰种植园", "659002106", "特色种植", 1, R2, dt.date(2019, 8, 16), E, 900_000, 24, 2),
    ProjectPlan("职工汽车维修店", "659002107", "汽车维修", 2, R1, dt.date(2019, 9, 3), E, 440_000, 16, 1),
    ProjectPlan("林果修剪技术服务队", "659002108", "农业服务", 0, R2, dt.date(2019, 9, 22), B, 1_000_000, 31, 2),
    ProjectPlan("民族手工艺品合作社", "659002109", "手工艺品", 1, R1, dt.date(2019, 10, 11), E, 540_000, 34, 3),
    ProjectPlan("胡杨旅游农家乐", "659002111", "乡村旅游", 2, R2, dt.date(2019, 10, 30), B, 1_300_000, 26, 2),
    ProjectPlan("蔬菜配送中心", "659002112", "物流配送", 0, R1, dt.date(2019, 11, 14), B, 1_100_000, 30, 1),
    ProjectPlan("棉籽榨油作坊", "659002113", "农产品加工", 1, R2, dt.date(2019, 12, 2), E, 953_000, 28, 1),
    ProjectPlan("鸽子养殖合作社", "659002114", "畜牧养殖", 2, R1, dt.date(2019, 12, 18), E, 740_000, 26, 1),
)

# Two more projects show the pipeline: not approved, so outside every figure above.
PIPELINE: tuple[tuple[str, str, str, str, str], ...] = (
    ("枸杞烘焙小作坊", "659002200", "食品加工", "division", "submitted"),
    ("团场快递驿站", "659002114", "快递物流", "regiment", "reviewed"),
)


def paid_on(project: ProjectPlan, number: int, due_on: dt.date) -> dt.date:
    """Every instalment is repaid on its due date, except the late project's ninth."""
    if project.name == LATE_PROJECT and number == LATE_INSTALMENT:
        return due_on + dt.timedelta(days=LATE_DAYS)
    return due_on


@dataclass(frozen=True)
class Simulation:
    principal_fen: int
    subsidy_fen: int
    suspended_lines: int
    by_quarter: dict[tuple[int, int], int]


def simulate(projects: tuple[ProjectPlan, ...] = PROJECTS) -> Simulation:
    total = suspended = 0
    by_quarter: dict[tuple[int, int], int] = {}
    states: dict[str, list[InstalmentState]] = {}
    for project in projects:
        rows = schedule(project.principal_yuan * 100, project.rate, project.start, TERM_MONTHS, project.plan)
        states[project.name] = [InstalmentState(row.number, row.due_on, row.interest_fen,
                                                 paid_on(project, row.number, row.due_on)) for row in rows]
    paid: dict[str, list[tuple[int, int]]] = {project.name: [] for project in projects}  # (year, fen)
    for year, quarter in QUARTERS:
        start, end = quarter_bounds(year, quarter)
        for project in projects:
            if project.start > end:
                continue
            earlier = paid[project.name]
            line = subsidy_for_period(
                states[project.name], start, end, TERMS,
                earlier_this_year_fen=sum(fen for y, fen in earlier if y == year),
                earlier_all_fen=sum(fen for _y, fen in earlier))
            suspended += line.suspended
            earlier.append((year, line.amount_fen))
            by_quarter[(year, quarter)] = by_quarter.get((year, quarter), 0) + line.amount_fen
            total += line.amount_fen
    return Simulation(sum(p.principal_yuan for p in projects) * 100, total, suspended, by_quarter)
