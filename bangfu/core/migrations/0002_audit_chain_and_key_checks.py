
from django.db import migrations, models


def number_and_rechain(apps, schema_editor):
    """Events written before `seq` existed: number them in insertion order and chain them afresh."""
    from bangfu.core.audit import legacy_digest as event_digest

    AuditEvent = apps.get_model("core", "AuditEvent")
    prev_hash = ""
    for seq, event in enumerate(AuditEvent.objects.order_by("id"), start=1):
        event.seq = seq
        event.prev_hash = prev_hash
        event.hash = event_digest(prev_hash, event)
        event.save(update_fields=["seq", "prev_hash", "hash"])
        prev_hash = event.hash


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='FieldKeyCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key_id', models.CharField(max_length=16, unique=True, verbose_name='Key id')),
                ('token', models.TextField(verbose_name='Check token')),
                ('index_check', models.CharField(max_length=64, verbose_name='Index check')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Created at')),
            ],
            options={
                'verbose_name': 'Field key check',
                'verbose_name_plural': 'Field key checks',
            },
        ),
        migrations.AlterModelOptions(
            name='auditevent',
            options={'default_permissions': ('view',), 'ordering': ['-seq'], 'permissions': [('reveal_sensitive', 'Can show sensitive values in clear')], 'verbose_name': 'Audit event', 'verbose_name_plural': 'Audit events'},
        ),
        migrations.AddField(
            model_name='auditevent',
            name='seq',
            field=models.BigIntegerField(null=True, unique=True, verbose_name='Sequence'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='Hash'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='outcome',
            field=models.CharField(db_index=True, default='success', max_length=20, verbose_name='Outcome'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='Previous hash'),
        ),
        migrations.RunPython(number_and_rechain, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='auditevent',
            name='seq',
            field=models.BigIntegerField(unique=True, verbose_name='Sequence'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['action', 'seq'], name='core_audite_action_af4c83_idx'),
        ),
    ]
