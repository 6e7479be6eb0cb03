"""Roles held through RoleAssignment (a unit per role): the existing accounts_user_groups table is kept
as it is and becomes the through table (state only), then gains its new columns."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="RoleAssignment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="role_assignments",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "group",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="role_assignments",
                                to="auth.group",
                            ),
                        ),
                    ],
                    options={"db_table": "accounts_user_groups", "unique_together": {("user", "group")}},
                ),
                migrations.AlterField(
                    model_name="user",
                    name="groups",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="user_set",
                        related_query_name="user",
                        through="accounts.RoleAssignment",
                        through_fields=("user", "group"),
                        to="auth.group",
                        verbose_name="Roles",
                    ),
                ),
            ],
        ),
    ]
