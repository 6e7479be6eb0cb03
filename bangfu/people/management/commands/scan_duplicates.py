"""Fill the duplicate review queue for the whole register or one city (e.g. after a bulk import)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bangfu.people.duplicates import scan_duplicates


class Command(BaseCommand):
    help = "Find possible duplicate files (same head name pinyin and birth date, or near-identical address)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", default="", help="the city's 4-digit division code, e.g. 4401 (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        made = scan_duplicates(city_code=options["city"] or None)
        self.stdout.write(f"新增疑似重复记录 {len(made)} 条。")
