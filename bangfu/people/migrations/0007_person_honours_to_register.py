"""`Person.honours` moved to the honours register (honours 0002 and 0003 carried its values over first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0006_merge_register_assist"), ("honours", "0003_carry_over_and_rules")]
    operations = [migrations.RemoveField(model_name="person", name="honours")]
