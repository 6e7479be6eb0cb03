"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps a part of the page (not a boosted full navigation, nor the restoring of
    a page on Back, which needs the whole page)."""
    details = getattr(request, "htmx", None)
    return (bool(details) and not getattr(details, "boosted", False)
            and not getattr(details, "history_restore_request", False))
