"""`manage.py flush`, able to empty the append-only audit table (its triggers refuse DELETE otherwise).

Flushing wipes every table of the database — an administrator's act on a whole installation (and what
the test runner does between transactional tests), not an application path. Django lets an app's
command of the same name replace the built-in one.

The signed checkpoints of the wiped chain would call every new chain cut: when the audit table is empty
afterwards, the checkpoint file is set aside (renamed `….flushed-<time>`, never deleted).
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.utils import timezone

from bangfu.core.audit import audit_maintenance
from bangfu.core.checkpoints import checkpoint_path
from bangfu.core.models import AuditEvent


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with audit_maintenance(options["database"]):
            super().handle(**options)
        path = checkpoint_path()
        if (options["database"] == "default" and path is not None and path.exists()
                and not AuditEvent.objects.using(options["database"]).exists()):
            path.rename(path.with_name(f"{path.name}.flushed-{timezone.now():%Y%m%d-%H%M%S-%f}"))
