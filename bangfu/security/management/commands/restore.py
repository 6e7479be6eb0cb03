"""Restore a backup into a NEW location and check it: the file's SHA-256 and every encrypted chunk (a
damaged file or a backup key that does not fit is refused), integrity, row counts and money sums against
the manifest, the audit chain, and whether the configured field keys fit.

    manage.py restore var/backups/bangfu-20240305-120000-000000.json --to /srv/bangfu/restored.sqlite3
    manage.py restore backups/bangfu-….json --to bangfu_restored        # PostgreSQL: a new database

Without the right keys the restored database is intact but the site refuses to serve it (503) until the
keys are configured.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangfu.security.backup_crypto import BackupCryptoError
from bangfu.security.backups import BackupError, restore


class Command(BaseCommand):
    help = "把备份恢复到新的位置（新文件或新数据库）并校验。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("manifest", type=Path, help="备份清单（.json）")
        parser.add_argument("--to", required=True, dest="target",
                            help="新的 SQLite 文件路径，或新的 PostgreSQL 数据库名")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore(options["manifest"], options["target"])
        except (BackupError, BackupCryptoError) as error:
            raise CommandError(str(error)) from None
        for line in report.differences + report.audit_problems:
            self.stderr.write(line)
        if report.integrity != "ok" or not report.counts_equal or report.audit_problems:
            raise CommandError(f"恢复到 {report.target} 后校验失败（完整性：{report.integrity}）。")
        self.stdout.write(f"已恢复到 {report.target}：完整性 ok，行数与金额合计与备份一致，审计链完整。")
        if not report.keys_fit:
            self.stderr.write(f"注意：{report.keys_message} 配置正确的密钥之前，站点将拒绝提供服务。")
