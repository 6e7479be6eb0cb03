"""Build a province-sized synthetic dataset (`python manage.py seed_scale --households 1000000`).

Each app's `scale.py` seeds its own records (core.seeding.run_scale_seeders): the union tree and officers, the
register's families through the import service (encrypted fields, blind indexes, tiers, match keys), job
openings, legal-aid cases. Only on a database without hardship files: it refuses, in Chinese, otherwise.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangfu.core.errors import ServiceError
from bangfu.core.seeding import ScaleContext, run_scale_seeders

MAX_HOUSEHOLDS = 10_000_000


def _count(low: int, high: int, what: str) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what}须为整数，收到“{text}”") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what}须在 {low:,} 到 {high:,} 之间，收到 {value:,}")
        return value

    return parse


class Command(BaseCommand):
    help = "生成省级规模的合成数据（人员、家庭、困难职工档案、招聘岗位、法律援助案件），仅用于测试与基准。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=_count(1, MAX_HOUSEHOLDS, "户数"), default=1_000_000,
                            help="家庭户数（默认 1,000,000）")
        parser.add_argument("--seed", type=_count(0, 2**31, "随机种子"), default=20201218, help="随机种子")
        parser.add_argument("--batch", type=_count(100, 200_000, "每批户数"), default=20_000,
                            help="每批导入的户数（默认 20,000；每批一个导入，批内每 1,000 户一个事务）")

    def handle(self, *args: Any, **options: Any) -> None:
        filed = apps.get_model("people", "HardshipFile").objects.count()
        if filed:
            raise CommandError(f"数据库中已有 {filed:,} 份困难职工档案：seed_scale 只在空数据库上生成合成数据，"
                               "以免与真实数据混在一起。请换用新的数据库（DATABASE_URL）。", returncode=2)
        context = ScaleContext(households=options["households"], seed=options["seed"], batch=options["batch"],
                               stdout=self.stdout)
        started = time.perf_counter()
        self.stdout.write(f"正在生成 {context.households:,} 户合成数据（随机种子 {context.seed}，"
                          f"每批 {context.batch:,} 户）：")
        try:
            run_scale_seeders(context)
        except ServiceError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(self.style.SUCCESS(f"合成数据已生成：{context.households:,} 户，"
                                             f"用时 {time.perf_counter() - started:.1f} 秒。"))
