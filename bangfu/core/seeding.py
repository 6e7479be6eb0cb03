"""The demo installation: each app may have a `demo.py` with `seed(context)`; run in INSTALLED_APPS order."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from bangfu.core.appmodules import app_modules


@dataclass
class DemoContext:
    """Shared between the app seeders: a seeded RNG, the demo password, what earlier seeders made."""

    password: str
    seed: int = 20201218  # the seed page's date
    made: dict[str, Any] = field(default_factory=dict)


def run_demo_seeders(context: DemoContext, stdout: Any = None) -> None:
    for app_config, module in app_modules("demo"):
        if stdout is not None:
            stdout.write(f"  · {app_config.verbose_name}")
        module.seed(context)


@dataclass
class ScaleContext:
    """Shared between the apps' `scale.py` seeders (`manage.py seed_scale`): the size, the seed, the batch size,
    where progress lines go, and what earlier seeders made (units, users) by key."""

    households: int
    seed: int = 20201218
    batch: int = 20_000
    stdout: Any = None
    made: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # app label → seconds its seeder took

    def say(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line)
            flush = getattr(self.stdout, "flush", None)
            if flush is not None:
                flush()


def run_scale_seeders(context: ScaleContext) -> None:
    """Each app's `scale.py` `seed(context)`, in INSTALLED_APPS order (the union tree first, the register next)."""
    for app_config, module in app_modules("scale"):
        started = time.perf_counter()
        context.say(f"  · {app_config.verbose_name} …")
        module.seed(context)
        context.seconds[app_config.label] = time.perf_counter() - started
        context.say(f"  · {app_config.verbose_name}：完成，用时 {context.seconds[app_config.label]:.1f} 秒")
