"""Verify the audit log: append-only triggers in place, hash chain intact, nothing cut from the end.

    manage.py audit_verify                       # check the chain and the triggers
    manage.py audit_verify --anchor /secure/audit-anchor.json --update-anchor

The anchor file (keep it outside the database, e.g. on the backup host) records the head (seq, hash)
seen by the last successful run; a later run then also detects events deleted from the end.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from bangfu.core.audit import verify_chain

SQLITE_TRIGGERS = {"core_auditevent_no_update", "core_auditevent_no_delete"}
POSTGRES_TRIGGERS = {"core_auditevent_no_update_delete", "core_auditevent_no_truncate"}


def missing_triggers(using: str = "default") -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'")
            return SQLITE_TRIGGERS - {row[0] for row in cursor.fetchall()}
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditevent'::regclass AND NOT tgisinternal"
            )
            return POSTGRES_TRIGGERS - {row[0] for row in cursor.fetchall()}
    return set()


class Command(BaseCommand):
    help = "校验审计日志：防篡改触发器存在、哈希链完整、末尾没有被删除。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", type=Path, help="锚点文件（保存在数据库之外），记录上次校验时的链尾")
        parser.add_argument("--update-anchor", action="store_true", help="校验通过后把当前链尾写入锚点文件")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        anchor_path: Path | None = options["anchor"]
        anchor = None
        if anchor_path is not None and anchor_path.exists():
            data = json.loads(anchor_path.read_text(encoding="utf-8"))
            anchor = (int(data["seq"]), str(data["hash"]))
        problems = [f"缺少防篡改触发器：{name}" for name in sorted(missing_triggers(options["database"]))]
        report = verify_chain(anchor=anchor, using=options["database"])
        problems += report.problems
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"审计日志校验失败：发现 {len(problems)} 处问题（已检查 {report.checked} 条事件）。")
        if anchor_path is not None and options["update_anchor"]:
            anchor_path.write_text(json.dumps({"seq": report.head_seq, "hash": report.head_hash}), encoding="utf-8")
        self.stdout.write(
            f"审计日志校验通过：{report.checked} 条事件，链尾 seq={report.head_seq} hash={report.head_hash[:16]}…"
        )
