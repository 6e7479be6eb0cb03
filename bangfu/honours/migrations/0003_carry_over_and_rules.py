"""Before `people.Person.honours` is dropped (people 0007): carry over the values written since 0002 (the
demo, imports and forms wrote the old list until now), and make the stored target-group rules read the register.

Frozen lists keep their `rules_snapshot` as built: it is the record of what was applied then."""

from django.db import migrations


def forwards(apps, schema_editor):
    from bangfu.honours.legacy import legacy_holdings, rewrite_rule
    from bangfu.honours.titles_seed import STANDARD_TITLES

    HonourTitle = apps.get_model("honours", "HonourTitle")
    Honour = apps.get_model("honours", "Honour")
    Person = apps.get_model("people", "Person")
    TargetGroup = apps.get_model("assistance", "TargetGroup")
    titles = {}
    for code, name, level, body, treatment in STANDARD_TITLES:
        titles[code], _created = HonourTitle.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "awarding_body": body,
                                 "model_worker_treatment": treatment})
    people = Person.objects.exclude(honours=[]).only("pk", "name", "org_id", "honours", "created_at").iterator()
    rows = [Honour(person_id=person.pk, holder_name=person.name, title=titles[code], year=person.created_at.year,
                   org_id=person.org_id, source="legacy")
            for person, code in legacy_holdings(people)]
    Honour.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    for group in TargetGroup.objects.all().only("pk", "rule"):
        rule = rewrite_rule(group.rule)
        if rule != group.rule:
            TargetGroup.objects.filter(pk=group.pk).update(rule=rule)


class Migration(migrations.Migration):
    dependencies = [("honours", "0002_titles_and_legacy_honours"), ("assistance", "0002_assist_key_spaces_top_ups")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
