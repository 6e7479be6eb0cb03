"""FileCount: the register's files counted per unit, status and tier by triggers on `people_hardshipfile`.

Every write path is counted (services, imports, merges, `seed_scale`'s bulk updates, a raw UPDATE in a shell): a
file inserted appends a +1 row, deleted a −1 row, an update of a counted column a −1 row for the old values and a +1
row for the new. The existing files are counted once here, as folded rows. The SQL is spelled out in this file, not
imported, so that the migration keeps meaning what it meant when it ran.
"""

from __future__ import annotations

from django.db import migrations, models

CAUSES = ("no_work_capacity", "able_not_employed", "laid_off", "no_social_insurance", "insurance_not_paid",
          "major_illness", "natural_disaster", "accident", "child_schooling", "other")
# The seed's five categories (reports.stats.SEED_CATEGORIES): three causes and the file's two flags.
SEED_CAUSES = ("laid_off", "child_schooling", "major_illness")
COUNTED = ("org_id", "status", "tier", "primary_cause", "secondary_causes", "disability_or_mental_illness",
           "zero_labour")
FIGURES = ("files", *CAUSES, "multi_cause", "disability_or_mental_illness", "zero_labour", "multi_seed_category")
COLUMNS = ", ".join(("org_id", "status", "tier", *FIGURES, "folded"))


def _has(vendor: str, row: str, cause: str) -> str:
    """The file counts under `cause`: its primary cause, or among its secondaries (a JSON list of codes)."""
    if vendor == "postgresql":
        return f"({row}.primary_cause = '{cause}' OR {row}.secondary_causes @> '[\"{cause}\"]'::jsonb)"
    return f"({row}.primary_cause = '{cause}' OR instr({row}.secondary_causes, '\"{cause}\"') > 0)"


def _another_cause(vendor: str, row: str) -> str:
    """Two or more distinct causes: a secondary other than the primary (reports.stats counts the set)."""
    if vendor == "postgresql":
        items = (f"jsonb_array_elements(CASE WHEN jsonb_typeof({row}.secondary_causes) = 'array' "
                 f"THEN {row}.secondary_causes ELSE '[]'::jsonb END)")
        return f"EXISTS (SELECT 1 FROM {items} AS item WHERE item.value <> to_jsonb({row}.primary_cause))"
    items = (f"json_each(CASE WHEN json_type({row}.secondary_causes) = 'array' "
             f"THEN {row}.secondary_causes ELSE '[]' END)")
    return f"EXISTS (SELECT 1 FROM {items} WHERE value IS NOT {row}.primary_cause)"


def _one(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def figures(vendor: str, row: str) -> list[str]:
    """The figures of one file `row` (NEW, OLD or the table), each 0 or 1, in the order of FIGURES."""
    seed = [_one(_has(vendor, row, cause)) for cause in SEED_CAUSES]
    seed += [_one(f"{row}.disability_or_mental_illness"), _one(f"{row}.zero_labour")]
    return ["1", *[_one(_has(vendor, row, cause)) for cause in CAUSES], _one(_another_cause(vendor, row)),
            _one(f"{row}.disability_or_mental_illness"), _one(f"{row}.zero_labour"),
            _one(f"({' + '.join(seed)}) >= 2")]


def _false(vendor: str) -> str:
    return "false" if vendor == "postgresql" else "0"


def delta(vendor: str, row: str, sign: str) -> str:
    values = [f"{row}.org_id", f"{row}.status", f"{row}.tier",
              *[f"{sign}({value})" for value in figures(vendor, row)], _false(vendor)]
    return f"INSERT INTO people_filecount ({COLUMNS}) VALUES ({', '.join(values)});"


def changed(vendor: str) -> str:
    distinct = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{column} {distinct} NEW.{column}" for column in COUNTED)


def count_existing(vendor: str) -> str:
    sums = [f"SUM({value})" for value in figures(vendor, "f")]
    folded = "true" if vendor == "postgresql" else "1"
    return (f"INSERT INTO people_filecount ({COLUMNS}) SELECT f.org_id, f.status, f.tier, {', '.join(sums)}, "
            f"{folded} FROM people_hardshipfile f GROUP BY f.org_id, f.status, f.tier")


def sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER people_filecount_insert AFTER INSERT ON people_hardshipfile BEGIN "
        f"{delta('sqlite', 'NEW', '')} END",
        f"CREATE TRIGGER people_filecount_delete AFTER DELETE ON people_hardshipfile BEGIN "
        f"{delta('sqlite', 'OLD', '-')} END",
        f"CREATE TRIGGER people_filecount_update AFTER UPDATE OF {', '.join(COUNTED)} ON people_hardshipfile "
        f"WHEN {changed('sqlite')} BEGIN {delta('sqlite', 'OLD', '-')} {delta('sqlite', 'NEW', '')} END",
    ]


def postgresql_triggers() -> list[str]:
    return [
        "CREATE FUNCTION people_filecount_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {delta('postgresql', 'OLD', '-')} END IF; "
        f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {delta('postgresql', 'NEW', '')} END IF; "
        "RETURN NULL; END $$",
        "CREATE TRIGGER people_filecount_insert_delete AFTER INSERT OR DELETE ON people_hardshipfile "
        "FOR EACH ROW EXECUTE FUNCTION people_filecount_row()",
        f"CREATE TRIGGER people_filecount_update AFTER UPDATE ON people_hardshipfile FOR EACH ROW "
        f"WHEN ({changed('postgresql')}) EXECUTE FUNCTION people_filecount_row()",
    ]


DROP = {
    "sqlite": ["DROP TRIGGER people_filecount_insert", "DROP TRIGGER people_filecount_delete",
               "DROP TRIGGER people_filecount_update"],
    "postgresql": ["DROP TRIGGER people_filecount_insert_delete ON people_hardshipfile",
                   "DROP TRIGGER people_filecount_update ON people_hardshipfile",
                   "DROP FUNCTION people_filecount_row()"],
}


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = postgresql_triggers() if vendor == "postgresql" else sqlite_triggers()
    for statement in [*statements, count_existing(vendor)]:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    for statement in DROP[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_access_grants_tokens'),
        ('people', '0009_file_statistics_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='FileCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(max_length=16)),
                ('tier', models.CharField(blank=True, max_length=12)),
                ('files', models.IntegerField(default=0)),
                ('no_work_capacity', models.IntegerField(default=0)),
                ('able_not_employed', models.IntegerField(default=0)),
                ('laid_off', models.IntegerField(default=0)),
                ('no_social_insurance', models.IntegerField(default=0)),
                ('insurance_not_paid', models.IntegerField(default=0)),
                ('major_illness', models.IntegerField(default=0)),
                ('natural_disaster', models.IntegerField(default=0)),
                ('accident', models.IntegerField(default=0)),
                ('child_schooling', models.IntegerField(default=0)),
                ('other', models.IntegerField(default=0)),
                ('multi_cause', models.IntegerField(default=0)),
                ('disability_or_mental_illness', models.IntegerField(default=0)),
                ('zero_labour', models.IntegerField(default=0)),
                ('multi_seed_category', models.IntegerField(default=0)),
                ('folded', models.BooleanField(default=False)),
                ('org', models.ForeignKey(db_constraint=False, db_index=False, on_delete=models.deletion.DO_NOTHING,
                                          related_name='+', to='accounts.orgunit')),
            ],
            options={
                'indexes': [models.Index(fields=['org', 'status'], name='filecount_org_status'),
                            models.Index(fields=['folded'], name='filecount_folded')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
