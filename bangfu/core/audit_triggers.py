"""The append-only triggers of the audit table (first made by migration 0003), as code that can check
and re-create them: on SQLite a later migration that rebuilds `core_auditevent` (AlterField, AddField
with a default) silently drops its triggers, so after every `migrate` the missing ones are re-created
(`CoreConfig` connects `ensure_triggers` to post_migrate) and `audit_verify` reports any still missing.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

SQLITE_TRIGGERS = {
    "core_auditevent_no_update": """
    CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent
    WHEN bangfu_audit_maintenance() = 0
    BEGIN SELECT RAISE(ABORT, 'core_auditevent is append-only: UPDATE refused'); END
    """,
    "core_auditevent_no_delete": """
    CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
    WHEN bangfu_audit_maintenance() = 0
    BEGIN SELECT RAISE(ABORT, 'core_auditevent is append-only: DELETE refused'); END
    """,
}
PG_FUNCTION = """
    CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF coalesce(current_setting('bangfu.audit_maintenance', true), '') = 'on' THEN
        IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'core_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END
    $$
"""
POSTGRES_TRIGGERS = {
    "core_auditevent_no_update_delete": """
    CREATE TRIGGER core_auditevent_no_update_delete BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()
    """,
    "core_auditevent_no_truncate": """
    CREATE TRIGGER core_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only()
    """,
}


def _table_exists(connection: Any) -> bool:
    return "core_auditevent" in connection.introspection.table_names()


def missing_triggers(using: str = "default") -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'")
            return set(SQLITE_TRIGGERS) - {row[0] for row in cursor.fetchall()}
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditevent'::regclass AND NOT tgisinternal"
            )
            return set(POSTGRES_TRIGGERS) - {row[0] for row in cursor.fetchall()}
    return set()


def ensure_triggers(using: str = "default") -> list[str]:
    """Re-create the triggers the audit table lacks; returns their names (empty when all were there)."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql") or not _table_exists(connection):
        return []
    missing = sorted(missing_triggers(using))
    if not missing:
        return []
    statements = SQLITE_TRIGGERS if connection.vendor == "sqlite" else POSTGRES_TRIGGERS
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
        for name in missing:
            cursor.execute(statements[name])
    return missing


def restore_triggers_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: a migration that rebuilt the audit table must not leave it without its triggers."""
    import logging

    made = ensure_triggers(using)
    if made:
        logging.getLogger(__name__).warning("审计表缺少防篡改触发器，已重新创建：%s", "、".join(made))
    if missing_triggers(using):
        from django.core.management.base import CommandError

        raise CommandError("迁移后审计表仍缺少防篡改触发器：" + "、".join(sorted(missing_triggers(using))))
