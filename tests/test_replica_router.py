"""Report reads go to DATABASE_REPLICA_URL when it is set; every write, every other read and every read inside a
transaction stay on the primary (bangfu.core.replica)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from bangfu.accounts.models import OrgUnit
from bangfu.core.replica import REPLICA, ReplicaRouter, reads_from_replica, replica_reads

BASE = Path(settings.BASE_DIR)


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bangfu.core.replica.replica_configured", lambda: True)


def test_only_report_reads_go_to_the_replica(with_replica: None) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(OrgUnit) is None  # a page's ordinary read: the primary
    with replica_reads():
        assert router.db_for_read(OrgUnit) == REPLICA
        assert router.db_for_write(OrgUnit) == "default"
    assert router.db_for_read(OrgUnit) is None
    assert reads_from_replica(lambda: OrgUnit.objects.all().db)() == REPLICA
    assert router.allow_migrate(REPLICA, "accounts") is False and router.allow_migrate("default", "accounts")


@pytest.mark.django_db
def test_a_transaction_reads_its_own_writes_on_the_primary(with_replica: None) -> None:
    with transaction.atomic(), replica_reads():
        assert ReplicaRouter().db_for_read(OrgUnit) is None


def test_without_a_replica_reports_read_the_primary() -> None:
    with replica_reads():
        assert ReplicaRouter().db_for_read(OrgUnit) is None


def test_the_replica_is_configured_from_the_environment(tmp_path: Path) -> None:
    """In a fresh process with DATABASE_REPLICA_URL set: a second alias, the router, and report reads sent there."""
    code = ("import django; django.setup(); from django.conf import settings; "
            "from bangfu.core.replica import replica_reads; from bangfu.accounts.models import OrgUnit; "
            "r = replica_reads(); r.__enter__(); "
            "print(settings.DATABASES['replica']['NAME'], settings.DATABASE_ROUTERS[0], OrgUnit.objects.all().db)")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BANGFU_", "DATABASE_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "BANGFU_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'primary.sqlite3'}",
            "DATABASE_REPLICA_URL": f"sqlite:///{tmp_path / 'replica.sqlite3'}"}
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "replica.sqlite3"), "bangfu.core.replica.ReplicaRouter",
                                     REPLICA]


def test_a_bad_replica_url_stops_the_start(tmp_path: Path) -> None:
    env: dict[str, Any] = {key: value for key, value in os.environ.items() if not key.startswith("BANGFU_")}
    env |= {"BANGFU_VAR_DIR": str(tmp_path), "DATABASE_REPLICA_URL": "mysql://root@localhost/bangfu"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=BASE, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0 and "DATABASE_REPLICA_URL" in result.stderr
