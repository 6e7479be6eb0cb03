"""Seed the standard titles and carry the old `people.Person.honours` values over into the register.

The year a legacy honour was conferred was never recorded: the person record's year stands in for it, and the
source says `legacy` so that an officer can correct it. The old list stays on Person (the assistance rules read
it) until those rules read the register."""

from django.db import migrations


def forwards(apps, schema_editor):
    from bangfu.honours.titles_seed import LEGACY_CODES, STANDARD_TITLES

    HonourTitle = apps.get_model("honours", "HonourTitle")
    Honour = apps.get_model("honours", "Honour")
    Person = apps.get_model("people", "Person")
    titles = {}
    for code, name, level, body, treatment in STANDARD_TITLES:
        titles[code], _created = HonourTitle.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "awarding_body": body,
                                 "model_worker_treatment": treatment})
    rows = []
    for person in Person.objects.exclude(honours=[]).only("pk", "name", "org_id", "honours", "created_at").iterator():
        for value in person.honours or []:  # read in Python: JSON containment is not portable to SQLite
            if value in LEGACY_CODES:
                rows.append(Honour(person_id=person.pk, holder_name=person.name, title=titles[value],
                                   year=person.created_at.year, org_id=person.org_id, source="legacy"))
    Honour.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial"), ("people", "0006_merge_register_assist")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
