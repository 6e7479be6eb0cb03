"""List the demo accounts with their role and unit, and the demo password."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bangfu.accounts.demo import DEMO_ACCOUNTS
from bangfu.accounts.models import User
from bangfu.core.management.commands.seed_demo import demo_password


class Command(BaseCommand):
    help = "List the demo accounts (role, unit) and the demo password."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[row[0] for row in DEMO_ACCOUNTS])
            .select_related("org")
            .prefetch_related("groups")
        }
        self.stdout.write(f"{'账号':<14}{'角色':<12}单位")
        for username, _display, _role, _unit in DEMO_ACCOUNTS:
            user = users.get(username)
            if user is None:
                continue
            roles = "、".join(group.name for group in user.groups.all())
            self.stdout.write(f"{username:<14}{roles:<12}{user.org.name if user.org else '-'}")
        self.stdout.write(f"\n演示密码 / demo password: {demo_password()}")
