from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bangfu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from bangfu.core.audit import register_sqlite_functions

        # The audit table's SQLite triggers call a function that exists only on Django's connections.
        connection_created.connect(register_sqlite_functions, dispatch_uid="bangfu_audit_sqlite_functions")
