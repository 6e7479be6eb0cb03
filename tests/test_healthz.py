from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == connection.vendor
    if connection.vendor == "sqlite":
        assert body["transaction_mode"] == "IMMEDIATE"
        assert body["busy_timeout_ms"] == 20000
        # The test database is in memory, where SQLite keeps "memory"; files run in WAL.
        assert body["journal_mode"] in ("wal", "memory")
