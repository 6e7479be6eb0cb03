"""The navigation registry: each app registers its menu entries in `AppConfig.ready()`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any  # a lazy translation
    url_name: str
    icon: str = "circle"
    order: int = 50
    permission: str | None = None  # shown only to users holding it


_REGISTRY: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _REGISTRY[item.key] = item


def nav_for(user: Any) -> list[dict[str, Any]]:
    """The entries this user may open, in order, with resolved URLs."""
    entries = []
    for item in sorted(_REGISTRY.values(), key=lambda entry: (entry.order, entry.key)):
        if item.permission and not user.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"key": item.key, "label": item.label, "url": url, "icon": item.icon})
    return entries
