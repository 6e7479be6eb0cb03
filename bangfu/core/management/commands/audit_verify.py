"""Verify the audit log: append-only triggers in place, keyed chain intact, and nothing cut from the end
or rewritten since the last signed checkpoint.

    manage.py audit_verify                                  # chain, triggers, checkpoints of settings
    manage.py audit_verify --checkpoints /mnt/audit/checkpoints.jsonl

The checkpoint file (`BANGFU_AUDIT_CHECKPOINTS`, kept outside the database) is written by the site every
`BANGFU_AUDIT_CHECKPOINT_EVERY` events and by `manage.py audit_checkpoint`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangfu.core.audit import verify_chain
from bangfu.core.audit_triggers import missing_triggers
from bangfu.core.checkpoints import checkpoint_path

__all__ = ["Command", "missing_triggers"]


class Command(BaseCommand):
    help = "校验审计日志：防篡改触发器存在、带密钥的链完整、与签名检查点一致（末尾没有被截断或改写）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checkpoints", type=Path, default=None,
                            help="签名检查点文件（默认 BANGFU_AUDIT_CHECKPOINTS）")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        marks = options["checkpoints"] or checkpoint_path()
        problems = [f"审计表缺少防篡改触发器：{name}" for name in sorted(missing_triggers(options["database"]))]
        report = verify_chain(checkpoint_file=marks, using=options["database"])
        problems += report.problems
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"审计日志校验失败：发现 {len(problems)} 处问题（已检查 {report.checked} 条事件）。")
        self.stdout.write(
            f"审计日志校验通过：{report.checked} 条事件，"
            f"最后一条为第 {report.head_seq} 号，指纹 {report.head_hash[:16]}…"
        )
