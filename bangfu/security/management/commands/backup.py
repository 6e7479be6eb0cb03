"""Make a consistent online backup of the database (SQLite backup API / pg_dump -Fc), encrypted as a
whole under BANGFU_BACKUP_KEY, with a manifest.

    manage.py backup [--output DIR]          # default: var/backups/
    manage.py backup --generate-key          # print a new backup key (put it first in BANGFU_BACKUP_KEY)

No key is in the backup: keep the field, audit and backup keys apart from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from bangfu.core import audit
from bangfu.security.backup_crypto import BackupCryptoError, generate_backup_key
from bangfu.security.backups import BackupError, Manifest, make_backup


class Command(BaseCommand):
    help = "在线备份数据库（站点照常写入），整体加密（age），并写出清单（表、行数、金额合计、审计链尾）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=None, help="备份目录（默认 var/backups/）")
        parser.add_argument("--database", default="default")
        parser.add_argument("--generate-key", action="store_true", help="生成一个新的备份加密密钥并打印")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"]:
            self.stdout.write(generate_backup_key())
            self.stderr.write("放在 BANGFU_BACKUP_KEY 的最前面；旧密钥保留到用它加密的备份不再需要为止。")
            return
        output = Path(options["output"] or Path(settings.VAR_DIR) / "backups")
        try:
            manifest_path = make_backup(output, using=options["database"])
        except (BackupError, BackupCryptoError) as error:
            raise CommandError(str(error)) from None
        manifest = Manifest.load(manifest_path)
        rows = sum(facts.rows for facts in manifest.tables.values())
        with transaction.atomic():
            audit.record("backup.create", actor_name="manage.py backup",
                         changes={"file": manifest.file, "tables": len(manifest.tables), "rows": rows,
                                  "audit_head": manifest.audit_head["seq"],
                                  "backup_key_id": (manifest.encryption or {}).get("key_id", "")})
        self.stdout.write(str(manifest_path))
        self.stderr.write(f"备份完成：{manifest.file}，{len(manifest.tables)} 张表，{rows} 行。")
