"""The demo installation: each app may have a `demo.py` with `seed(context)`; run in INSTALLED_APPS order."""

from __future__ import annotations

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
