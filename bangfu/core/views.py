from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and the database's state; on SQLite the pragmas that keep concurrent writers safe."""
    report: dict[str, object] = {"database": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA journal_mode")
                report["journal_mode"] = cursor.fetchone()[0]
                cursor.execute("PRAGMA busy_timeout")
                report["busy_timeout_ms"] = cursor.fetchone()[0]
                report["transaction_mode"] = connection.settings_dict["OPTIONS"].get("transaction_mode")
    except Exception as exc:
        return JsonResponse({"status": "error", "error": type(exc).__name__, **report}, status=503)
    return JsonResponse({"status": "ok", **report})
