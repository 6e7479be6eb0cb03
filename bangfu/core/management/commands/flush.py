"""`manage.py flush`, able to empty the append-only audit table (its triggers refuse DELETE otherwise).

Flushing wipes every table of the database — an administrator's act on a whole installation (and what
the test runner does between transactional tests), not an application path. Django lets an app's
command of the same name replace the built-in one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from bangfu.core.audit import audit_maintenance


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with audit_maintenance(options["database"]):
            super().handle(**options)
