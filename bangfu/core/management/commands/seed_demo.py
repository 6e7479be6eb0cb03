"""Seed the demo installation (idempotent): the seed page's unions, accounts and data."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from bangfu.core.keyfiles import read_or_create
from bangfu.core.seeding import DemoContext, run_demo_seeders


def demo_password() -> str:
    """`BANGFU_DEMO_PASSWORD` when set; otherwise one generated once and kept under var/."""
    if settings.BANGFU_DEMO_PASSWORD:
        return str(settings.BANGFU_DEMO_PASSWORD)
    path = Path(settings.VAR_DIR) / "demo-password.txt"
    return read_or_create(path, lambda: "Bf-" + secrets.token_urlsafe(9) + "\n").strip()


class Command(BaseCommand):
    help = "Seed the demo installation (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        context = DemoContext(password=demo_password())
        self.stdout.write("正在写入演示数据 / seeding the demo installation:")
        with transaction.atomic():
            run_demo_seeders(context, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
