"""Settings come from the environment and fail loudly; production settings pass `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "BANGFU_ENV": "production",
    "SECRET_KEY": "x" * 30 + "-production-secret-key-for-the-check-0123456789",
    "ALLOWED_HOSTS": "bangfu.example.internal",
    "BANGFU_FIELD_KEYS": "7dxIf4kKQn2Hn8zCPe8Kx0ZQ2u7S1m0Lr6v1q8iXzq8=",
    "BANGFU_INDEX_KEY": "index-key-for-the-check",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("BANGFU_", "DJANGO_", "SECRET"))}
    clean.pop("DATABASE_URL", None)
    clean["BANGFU_VAR_DIR"] = env.pop("BANGFU_VAR_DIR", str(BASE / "var"))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BANGFU_ENV": "staging"}, "BANGFU_ENV"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DATABASE_URL": "mysql://root@localhost/bangfu"}, "DATABASE_URL"),
        ({"BANGFU_SESSION_ABSOLUTE_SECONDS": "eight hours"}, "BANGFU_SESSION_ABSOLUTE_SECONDS"),
        ({"BANGFU_TASK_BACKEND": "celery"}, "BANGFU_TASK_BACKEND"),
        ({"BANGFU_ENV": "production"}, "SECRET_KEY"),
        ({**PRODUCTION_ENV, "DJANGO_DEBUG": "true"}, "DJANGO_DEBUG"),
    ],
)
def test_bad_environment_stops_the_start_with_a_clear_message(env: dict[str, str], message: str) -> None:
    result = run_manage("check", env=dict(env))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "BANGFU_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sqlite_runs_wal_with_immediate_transactions() -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
