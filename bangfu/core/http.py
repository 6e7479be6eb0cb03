"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from bangfu.core.spreadsheet import XLSX


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps a part of the page (not a boosted full navigation, nor the restoring of
    a page on Back, which needs the whole page)."""
    details = getattr(request, "htmx", None)
    return (bool(details) and not getattr(details, "boosted", False)
            and not getattr(details, "history_restore_request", False))


def xlsx_download(body: bytes, filename: str) -> HttpResponse:
    """A workbook as a download under an ASCII-safe file name. Here, not in `core.spreadsheet`, which
    the matching command imports and which must stay free of Django."""
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
