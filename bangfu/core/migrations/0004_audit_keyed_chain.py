"""The audit chain becomes keyed: every event gets the id of the audit key that seals it, and the
events written under the old public formula (SHA-256) are re-sealed with HMAC-SHA256 under the audit
key — but only after the old chain verifies, so re-keying cannot launder a row changed before it.
The table rebuild of AddField drops SQLite's triggers; they are re-created at the end.
"""

from django.db import migrations, models


def verify_then_rekey(apps, schema_editor):
    from bangfu.core.audit import audit_maintenance, event_digest, legacy_digest
    from bangfu.core.auditkeys import current_audit_key_id

    AuditEvent = apps.get_model("core", "AuditEvent")
    alias = schema_editor.connection.alias
    events = AuditEvent.objects.using(alias).order_by("seq")
    prev_hash, expected = "", 1
    for event in events.iterator(chunk_size=2000):
        if event.seq != expected or event.prev_hash != prev_hash or legacy_digest(prev_hash, event) != event.hash:
            raise RuntimeError(
                f"审计日志在第 {event.seq} 号事件（id={event.id}）处校验失败：旧的哈希链已被改动，"
                "拒绝用新密钥重新封存。请先调查并处理，再运行迁移。"
            )
        prev_hash, expected = event.hash, event.seq + 1
    kid = current_audit_key_id()
    prev_mac = ""
    last_seq = 0
    with audit_maintenance(alias):
        # In batches read whole before writing: SQLite must not update a table under an open read cursor.
        while batch := list(events.filter(seq__gt=last_seq)[:2000]):
            for event in batch:
                event.prev_hash, event.key_id = prev_mac, kid
                event.hash = event_digest(prev_mac, event)
                AuditEvent.objects.using(alias).filter(pk=event.pk).update(prev_hash=event.prev_hash, key_id=kid,
                                                                           hash=event.hash)
                prev_mac = event.hash
            last_seq = batch[-1].seq


def recreate_triggers(apps, schema_editor):
    from bangfu.core.audit_triggers import ensure_triggers

    ensure_triggers(schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_audit_append_only_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16, verbose_name="Audit key id"),
        ),
        migrations.RunPython(verify_then_rekey, migrations.RunPython.noop),
        migrations.RunPython(recreate_triggers, migrations.RunPython.noop),
    ]
