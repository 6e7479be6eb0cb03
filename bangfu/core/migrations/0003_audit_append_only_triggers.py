"""The audit table refuses UPDATE and DELETE in the database itself, on SQLite and on PostgreSQL.

SQLite: the trigger asks `bangfu_audit_maintenance()`, a function Django registers on its own
connections (returns 1 only inside `audit.audit_maintenance()`, used by `manage.py flush`); any other
client lacks the function, so its UPDATE/DELETE fails. PostgreSQL: the trigger lets a statement
through only when the session set `bangfu.audit_maintenance = on`; TRUNCATE is refused likewise.
Note for SQLite: rebuilding the table in a later migration (AlterField) drops its triggers; every
`migrate` re-creates missing ones afterwards (`audit_triggers.restore_triggers_after_migrate`).
"""

from django.db import migrations

# The statements live in one place, so that post_migrate can re-create exactly these.
from bangfu.core.audit_triggers import PG_FUNCTION, POSTGRES_TRIGGERS, SQLITE_TRIGGERS

SQLITE_FORWARD = list(SQLITE_TRIGGERS.values())
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
]

POSTGRES_FORWARD = [PG_FUNCTION, *POSTGRES_TRIGGERS.values()]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent",
    "DROP TRIGGER IF EXISTS core_auditevent_no_update_delete ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
]


class RunSQLFor(migrations.RunSQL):
    """RunSQL that runs only on one database vendor (the trigger dialects differ)."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {**kwargs, "vendor": self.vendor}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_chain_and_key_checks")]

    operations = [
        RunSQLFor("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        RunSQLFor("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
    ]
