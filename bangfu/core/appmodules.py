"""Conventions by module name: each Bangfu app may have a `roles.py`, `privacy.py`, `demo.py`,
`tests/scope_probes.py`… This is the one loop that finds them, in INSTALLED_APPS order."""

from __future__ import annotations

import importlib
from types import ModuleType

from django.apps import AppConfig, apps


def bangfu_app_configs() -> list[AppConfig]:
    return [config for config in apps.get_app_configs() if config.name.startswith("bangfu.")]


def app_modules(submodule: str) -> list[tuple[AppConfig, ModuleType]]:
    """(app, module) for every Bangfu app that has `<app>.<submodule>` (absent too when a package on the way,
    such as `<app>.tests`, is absent); an import error inside the module itself is raised, never mistaken for
    the module's absence."""
    found = []
    for config in bangfu_app_configs():
        name = f"{config.name}.{submodule}"
        try:
            found.append((config, importlib.import_module(name)))
        except ModuleNotFoundError as exc:
            if exc.name is None or not (name == exc.name or name.startswith(f"{exc.name}.")):
                raise
    return found
