"""Print the API's OpenAPI document (committed as openapi.json and snapshot-tested)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand


def openapi_document() -> dict[str, Any]:
    from config.api import api

    return api.get_openapi_schema(path_prefix="/api/v1/")


class Command(BaseCommand):
    help = "Print the OpenAPI document of /api/v1/."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True))
