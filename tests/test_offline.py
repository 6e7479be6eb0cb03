"""Intranet, no internet: no page or static file of ours references an outside host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

BASE = Path(settings.BASE_DIR)
OUTSIDE = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//(?!127\.0\.0\.1|localhost)""", re.IGNORECASE)


def our_templates_and_static() -> list[Path]:
    roots = [
        BASE / "templates",
        BASE / "static" / "bangfu",
        *BASE.glob("bangfu/*/templates"),
        *BASE.glob("bangfu/*/static"),
    ]
    return [path for root in roots for path in root.rglob("*") if path.suffix in {".html", ".js", ".css"}]


def test_no_outside_host_in_templates_or_static() -> None:
    offenders = [str(path.relative_to(BASE)) for path in our_templates_and_static() if OUTSIDE.search(path.read_text())]
    assert offenders == []


def test_vendor_css_imports_nothing_from_outside() -> None:
    css = (BASE / "static/vendor/tabler/tabler.min.css").read_text()
    assert not re.search(r"@import\s+url\(\s*['\"]?https?:", css)


@pytest.mark.django_db
def test_api_docs_use_local_assets(client: Client, org_tree: dict, make_user: object) -> None:
    user = make_user("city_officer", org_tree["guangzhou"])  # type: ignore[operator]
    client.force_login(user)
    body = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in body
    assert not OUTSIDE.search(body)
