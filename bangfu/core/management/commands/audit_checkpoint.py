"""Write a signed checkpoint of the audit chain's head to the checkpoint file (outside the database).

    manage.py audit_checkpoint                 # after verifying the chain (run it from cron, e.g. hourly)
    manage.py audit_checkpoint --public-key    # print the Ed25519 public key that checks the file

The chain is verified first: a checkpoint of a chain that does not verify would vouch for a forgery.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangfu.core.audit import verify_chain
from bangfu.core.auditkeys import public_key
from bangfu.core.checkpoints import append_checkpoint, checkpoint_path


class Command(BaseCommand):
    help = "校验审计链后，把链尾（序号与 MAC）签名写入数据库之外的检查点文件。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checkpoints", type=Path, default=None,
                            help="签名检查点文件（默认 BANGFU_AUDIT_CHECKPOINTS）")
        parser.add_argument("--public-key", action="store_true", help="只打印检查点签名的公钥")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["public_key"]:
            self.stdout.write(public_key())
            return
        path = options["checkpoints"] or checkpoint_path()
        if path is None:
            raise CommandError("没有检查点文件：请设置 BANGFU_AUDIT_CHECKPOINTS 或使用 --checkpoints。")
        report = verify_chain(checkpoint_file=path, using=options["database"])
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError("审计日志校验失败，拒绝写检查点。")
        if report.head_seq == 0:
            raise CommandError("审计日志为空，没有可写的检查点。")
        mark = append_checkpoint(report.head_seq, report.head_hash, Path(path))
        self.stdout.write(f"已写检查点：第 {mark.seq} 号事件，{path}")
