from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def record_field_keys(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: remember which field keys this database is written with (see sensitive.py), so a
    copy of it restored elsewhere without these keys refuses to serve."""
    import logging

    from bangfu.core.sensitive import SensitiveDataError, check_keys_against_database

    try:
        check_keys_against_database(using)
    except SensitiveDataError as error:
        logging.getLogger(__name__).warning("%s", error)


class CoreConfig(AppConfig):
    name = "bangfu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from bangfu.core.audit import register_sqlite_functions

        # The audit table's SQLite triggers call a function that exists only on Django's connections.
        connection_created.connect(register_sqlite_functions, dispatch_uid="bangfu_audit_sqlite_functions")
        post_migrate.connect(record_field_keys, sender=self, dispatch_uid="bangfu_record_field_keys")
        from bangfu.core.audit_triggers import restore_triggers_after_migrate

        post_migrate.connect(restore_triggers_after_migrate, dispatch_uid="bangfu_audit_triggers_after_migrate")
