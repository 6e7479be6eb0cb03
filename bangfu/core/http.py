"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps a part of the page (not a boosted full navigation)."""
    details = getattr(request, "htmx", None)
    return bool(details) and not getattr(details, "boosted", False)
