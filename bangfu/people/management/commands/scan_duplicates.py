"""Fill the duplicate review queue: the yearly clean-up over every file, or only the households due."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bangfu.people.duplicates import scan_duplicates


class Command(BaseCommand):
    help = ("Find possible duplicate files (same head name pinyin and birth date, or a near-identical address "
            "with a second signal). Compares every file of the city; --due only households whose match keys "
            "changed since they were last compared (as after an import).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", default="", help="the city's 4-digit division code, e.g. 4401 (default: all)")
        parser.add_argument("--due", action="store_true",
                            help="only households new or re-keyed since they were last compared")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        made = scan_duplicates(city_code=options["city"] or None, full=not options["due"])
        self.stdout.write(f"新增疑似重复记录 {len(made)} 条。")
        if options["verbosity"] > 1:
            self.stdout.write(f"用时 {time.perf_counter() - started:.1f} 秒。")
