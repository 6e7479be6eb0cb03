"""A trigram index of people's names, every character doubled, on PostgreSQL only (queries._people_named).

`pg_trgm` finds parts of three characters or more; a Chinese name search is mostly two (王芳), which gives no
trigram. Doubled, a part of two characters or more always gives one (王芳 → 王芳芳 in 王王芳芳). The expression is
spelled out here, as the query must spell it, so that this migration keeps its meaning. SQLite has no such index and
keeps scanning the names of the user's scope (within the list's target at 10⁶ households: docs/scaling.md).
`pg_trgm` is a trusted extension (PostgreSQL 13+): the database owner may create it.
"""

from typing import Any

from django.db import migrations

INDEX = "person_name_doubled_trgm"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person "
                          "USING gin (regexp_replace(name, '(.)', '\\1\\1', 'g') gin_trgm_ops)")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0012_file_scope_with_key")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
