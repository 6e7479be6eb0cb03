from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bangfu.core.navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    return {"nav_sections": nav_for(user, current)}
