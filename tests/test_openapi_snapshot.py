"""The committed openapi.json is what the API serves: a change to the API is a reviewed change.

Regenerate with `make openapi` after changing routes or schemas.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from bangfu.core.management.commands.export_openapi import openapi_document

SNAPSHOT = Path(settings.BASE_DIR) / "openapi.json"


def test_openapi_matches_the_committed_snapshot() -> None:
    current = json.loads(json.dumps(openapi_document(), ensure_ascii=False, sort_keys=True))
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == committed, "The API changed: run `make openapi` and review the diff of openapi.json."


def test_every_operation_has_a_chinese_summary() -> None:
    document = openapi_document()
    missing = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if not any("\u4e00" <= ch <= "\u9fff" for ch in operation.get("summary", ""))
    ]
    assert missing == []


@pytest.mark.django_db
def test_openapi_is_served(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "帮扶 Bangfu API"
