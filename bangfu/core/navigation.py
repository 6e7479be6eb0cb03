"""The navigation registry: each app registers its menu entries in `AppConfig.ready()`.

Entries are grouped into one menu section per app (the URL namespace names the app), so the menu
stays short however many pages an app has: a section with one entry is a plain link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
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


# URL namespaces that belong to another app's menu section.
_NAMESPACE_TO_APP = {"people_imports": "people"}


def _section_of(item: NavItem) -> str:
    namespace = item.url_name.split(":", 1)[0] if ":" in item.url_name else ""
    return _NAMESPACE_TO_APP.get(namespace, namespace)


def _section_label(section: str) -> Any:
    try:
        return apps.get_app_config(section).verbose_name
    except LookupError:
        return section


def nav_for(user: Any, current: str = "") -> list[dict[str, Any]]:
    """The sections this user may open, in order; each with its entries and resolved URLs.

    `current` is the resolved "namespace:name" of the page, to mark the open section and entry.
    """
    sections: dict[str, dict[str, Any]] = {}
    for item in sorted(_REGISTRY.values(), key=lambda entry: (entry.order, entry.key)):
        if item.permission and not user.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        key = _section_of(item) or item.key
        section = sections.setdefault(
            key, {"key": key, "label": _section_label(key) if _section_of(item) else item.label, "items": []}
        )
        section["items"].append(
            {"key": item.key, "label": item.label, "url": url, "icon": item.icon, "active": item.url_name == current}
        )
    for section in sections.values():
        section["active"] = any(entry["active"] for entry in section["items"])
    return list(sections.values())
