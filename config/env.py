"""Read settings from the environment and fail loudly: the variable's name and what it wanted."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"环境变量 {name} 的值 {raw!r} 无效：应为 true/false、1/0、yes/no 或 on/off。")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"环境变量 {name} 的值 {raw!r} 无效：应为整数。") from None


def env_choice(name: str, choices: Sequence[str], default: str) -> str:
    raw = os.environ.get(name, default)
    if raw not in choices:
        raise ImproperlyConfigured(f"环境变量 {name} 的值 {raw!r} 无效：应为 {' / '.join(choices)} 之一。")
    return raw


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_env(default_sqlite_path: Path, variable: str = "DATABASE_URL") -> dict[str, Any]:
    """`DATABASE_URL` (sqlite:///… or postgres://…), SQLite under var/ by default.

    SQLite runs in WAL mode with IMMEDIATE transactions and a busy timeout, so that concurrent
    writers queue instead of failing with "database is locked" in the middle of a transaction.
    """
    import dj_database_url

    url = os.environ.get(variable) or f"sqlite:///{default_sqlite_path}"
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"环境变量 {variable} 无效：{exc}") from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        config["TEST"] = {"NAME": os.environ.get("BANGFU_SQLITE_TEST_NAME") or None}
    elif engine in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
        config["ENGINE"] = "django.db.backends.postgresql"
        test_name = os.environ.get("BANGFU_PG_TEST_NAME")
        if test_name:
            config["TEST"] = {"NAME": test_name}
    else:
        raise ImproperlyConfigured(f"环境变量 {variable} 的数据库 {engine} 不受支持：请使用 SQLite 或 PostgreSQL。")
    return config
