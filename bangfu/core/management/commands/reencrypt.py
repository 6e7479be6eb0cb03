"""Move every encrypted field value and sealed file to the newest key (after putting a new key first in
BANGFU_FIELD_KEYS).

    manage.py reencrypt --generate-key   # print a new Fernet key to put in front of BANGFU_FIELD_KEYS
    manage.py reencrypt --dry-run        # count what would move
    manage.py reencrypt                  # re-encrypt; then the old key can be dropped
    manage.py reencrypt --generate-audit-key   # a new audit key to put in front of BANGFU_AUDIT_KEY

Blind indexes (BANGFU_INDEX_KEY): put the new index key first (`BANGFU_INDEX_KEY=new,old`), restart, run
`reencrypt`: every index (models' `BLIND_INDEXES`) is rebuilt under the new key, row by row and only if
unchanged meanwhile; lookups accept the old index until then. Afterwards drop the old index key.

The audit key (BANGFU_AUDIT_KEY) seals audit events, which are append-only and never rewritten: after
putting a new key first, new events are sealed with it and the run records the switch; keep the old
keys listed for as long as the events they sealed must verify.

Rows are rewritten in batches, each row only if its stored value is still the one read (a concurrent
edit wins and is already under the newest key). `updated_at` is not touched: the data did not change.

Sealed files (bangfu.core.files.SEALED_FILE_FIELDS) are written again under the newest key with a new
name, the row is pointed at it only if it still names the old file, then the old file is deleted. A file
found in clear (uploaded before sealing) is sealed the same way.
"""

from __future__ import annotations

import base64
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction
from django.db.models.functions import Cast

from bangfu.core import audit
from bangfu.core.auditkeys import audit_key_id, current_audit_key_id, generate_audit_key
from bangfu.core.files import reseal_files
from bangfu.core.models import FieldKeyCheck
from bangfu.core.sensitive import (
    KEY_CHECK_PLAINTEXT,
    TOKEN_PREFIX,
    blind_index,
    blind_indexed_fields,
    current_key_id,
    decrypt,
    encrypted_fields,
    generate_field_key,
    index_rotation_pending,
    key_id,
)

RAW = "bangfu_raw_value"


def _stale_rows(model: type[models.Model], field_name: str, newest: str) -> models.QuerySet[Any]:
    raw = Cast(field_name, output_field=models.TextField())
    return (
        model._default_manager.annotate(**{RAW: raw})
        .exclude(**{f"{RAW}__isnull": True})
        .exclude(**{RAW: ""})
        .exclude(**{f"{RAW}__startswith": f"{TOKEN_PREFIX}:{newest}:"})
    )


def reencrypt_field(model: type[models.Model], field_name: str, *, batch: int, dry_run: bool) -> int:
    newest = current_key_id()
    moved = 0
    while True:
        rows = list(_stale_rows(model, field_name, newest).order_by("pk").values_list("pk", RAW)[:batch])
        if not rows or dry_run:
            return moved + (_stale_rows(model, field_name, newest).count() if dry_run else 0)
        with transaction.atomic():
            for pk, stored in rows:
                plaintext = decrypt(stored)
                moved += (
                    model._default_manager.annotate(**{RAW: Cast(field_name, output_field=models.TextField())})
                    .filter(pk=pk, **{RAW: stored})
                    .update(**{field_name: plaintext})
                )


def rebuild_blind_index(model: type[models.Model], index_field: str, value_field: str, *, batch: int,
                        dry_run: bool) -> int:
    """Recompute `index_field` from `value_field` under the newest index key where it differs."""
    moved, last_pk = 0, None
    manager = model._default_manager
    while True:
        rows = manager.order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        chunk = list(rows.values_list("pk", index_field, value_field)[:batch])
        if not chunk:
            return moved
        stale = [(pk, old, new) for pk, old, value in chunk
                 if value and old != (new := blind_index(value))]
        if dry_run:
            moved += len(stale)
        else:
            with transaction.atomic():
                for pk, old, new in stale:
                    moved += manager.filter(pk=pk, **{index_field: old}).update(**{index_field: new})
        last_pk = chunk[-1][0]


def _rebuild_indexes(command: BaseCommand, *, batch: int, dry_run: bool) -> dict[str, int]:
    totals: dict[str, int] = {}
    for model in apps.get_models():
        for index_field, value_field in blind_indexed_fields(model).items():
            moved = rebuild_blind_index(model, index_field, value_field, batch=batch, dry_run=dry_run)
            totals[f"{model._meta.label}.{index_field}"] = moved
            command.stdout.write(f"{model._meta.label}.{index_field}: 按新索引密钥重建 {moved} 个")
    if not dry_run:  # the key check row now speaks for the new index key (the old one may be dropped)
        FieldKeyCheck.objects.update(index_check=blind_index(KEY_CHECK_PLAINTEXT))
    return totals


class Command(BaseCommand):
    help = "把所有加密字段和加密存储的文件改用最新的密钥（BANGFU_FIELD_KEYS 中的第一个）重新加密。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计需要重新加密的值，不写入")
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument("--generate-key", action="store_true", help="生成一个新密钥并打印（不改动数据）")
        parser.add_argument("--rebuild-index", action="store_true",
                            help="即使只配置了一个索引密钥，也按它重建全部盲索引")
        parser.add_argument("--generate-audit-key", action="store_true",
                            help="生成一个新的审计日志密钥并打印（不改动数据）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"]:
            key = generate_field_key()
            self.stdout.write(key)
            self.stderr.write(f"新密钥 id={key_id(key)}：放在 BANGFU_FIELD_KEYS 的最前面，重启后运行 reencrypt。")
            return
        if options["generate_audit_key"]:
            key = generate_audit_key()
            self.stdout.write(key)
            self.stderr.write(f"新审计密钥 id={audit_key_id(base64.urlsafe_b64decode(key))}：放在 BANGFU_AUDIT_KEY 的"
                              "最前面并保留旧密钥（用于校验旧事件），重启后运行 reencrypt。")
            return
        totals: dict[str, int] = {}
        for model in apps.get_models():
            for field in encrypted_fields(model):
                moved = reencrypt_field(model, field.name, batch=options["batch"], dry_run=options["dry_run"])
                totals[f"{model._meta.label}.{field.name}"] = moved
                self.stdout.write(f"{model._meta.label}.{field.name}: {moved}")
        indexes = (_rebuild_indexes(self, batch=options["batch"], dry_run=options["dry_run"])
                   if index_rotation_pending() or options["rebuild_index"] else {})
        files = reseal_files(dry_run=options["dry_run"])
        for label, counts in files.items():
            self.stdout.write(f"{label}: 换用新密钥 {counts.rotated} 个文件，加密明文 {counts.sealed} 个文件")
            for name in counts.missing_names:
                self.stderr.write(f"{label}: 文件缺失 {name}")
        if not options["dry_run"]:
            with transaction.atomic():
                audit.record("keys.reencrypt", actor_name="manage.py reencrypt",
                             changes={"key_id": current_key_id(), "audit_key_id": current_audit_key_id(),
                                      "moved": totals, "indexes": indexes,
                                      "files": {label: counts.as_dict() for label, counts in files.items()}})
        verb = "需要重新加密" if options["dry_run"] else "已重新加密"
        self.stdout.write(f"{verb} {sum(totals.values())} 个值（最新密钥 id={current_key_id()}）。")
        file_total = sum(counts.rotated + counts.sealed for counts in files.values())
        missing = sum(counts.missing for counts in files.values())
        self.stdout.write(f"{verb} {file_total} 个文件；缺失 {missing} 个文件。")
