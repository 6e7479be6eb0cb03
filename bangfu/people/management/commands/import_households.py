"""`manage.py import_households FILE.xlsx --org CODE [--dry-run] [--atomic] [--actor USERNAME] [--errors OUT.xlsx]`.

The same import service as the upload page and the API. Without --actor the import runs as the
operator of the server (no scope limit) and is audited as the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.errors import ServiceError
from bangfu.people.imports.report import build_error_report
from bangfu.people.imports.service import import_households, max_bytes, too_large_message
from bangfu.people.imports.tasks import enqueue_duplicate_scan

SHOWN_ERRORS = 20


class Command(BaseCommand):
    help = "Import households in hardship from an .xlsx made from the import template (困难职工家庭导入)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--org", required=True, help="code of the unit the households belong to (or above them)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--atomic", action="store_true", help="all or nothing: write only when no row is refused")
        parser.add_argument("--actor", help="username the import is made as (its scope and permissions apply)")
        parser.add_argument("--errors", help="where to write the error report (.xlsx); default FILE-错误报告.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        if path.stat().st_size > max_bytes():
            raise CommandError(too_large_message(path.stat().st_size))
        org = OrgUnit.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"单位代码“{options['org']}”不存在。")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"账号“{options['actor']}”不存在或已停用。")
        try:
            result = import_households(actor=actor, org=org, source=str(path), dry_run=options["dry_run"],
                                       atomic=options["atomic"])
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        counts = result.counts()
        mode = "试导入（未写入）" if result.dry_run else "整体导入" if result.atomic else "导入"
        self.stdout.write(
            f"{mode}完成，用时 {result.seconds:.1f} 秒：读取 {counts['rows_read']} 行、{counts['households_read']} 户；"
            f"新建 {counts['households_created']} 户，更新 {counts['households_updated']} 户，"
            f"无变化 {counts['households_unchanged']} 户，未导入 {counts['households_rejected']} 户"
            f"（{counts['rows_rejected']} 行有误）。"
        )
        for note in result.notes[:SHOWN_ERRORS]:  # nothing is left out silently: totals rows, other sheets
            self.stdout.write(f"  已跳过 {note}")
        if result.atomic and not result.dry_run and result.errors:
            self.stdout.write("存在错误行：整体导入未写入任何数据。")
        if result.errors:
            for error in result.errors[:SHOWN_ERRORS]:
                where = f"工作表“{error.sheet}”" if error.sheet else ""
                self.stdout.write(f"  {where}第 {error.row} 行 {error.column or '整行'}：{error.reason}")
            if len(result.errors) > SHOWN_ERRORS:
                self.stdout.write(f"  …… 共 {len(result.errors)} 处错误")
            report = Path(options["errors"] or path.with_name(f"{path.stem}-错误报告.xlsx"))
            report.write_bytes(build_error_report(result.errors, counts, title=f"{path.name} 导入错误报告",
                                                  notes=result.notes))
            self.stdout.write(f"错误报告：{report}")
        if result.applied and result.city_codes:
            enqueue_duplicate_scan(sorted(result.city_codes))
