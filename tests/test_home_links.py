"""Every way in the home page offers opens: a trainer, a volunteer lawyer or a system administrator is not
shown a figure whose page answers 403 (found by crawling the demo as each account)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_each_roles_home_links_open(roles: dict[str, Any], org_tree: Any, make_user: Any) -> None:
    shown: dict[str, list[str]] = {}
    for role_key in sorted(roles):
        client = Client()
        client.force_login(make_user(role_key, org_tree["guangzhou"]))
        home = client.get("/")
        assert home.status_code == 200
        stats = home.content.decode().split('data-testid="home-stats"', 1)[1].split("</div>\n</div>", 1)[0]
        links = re.findall(r'href="(/[^"]*)"', stats)
        shown[role_key] = links
        for link in links:
            assert client.get(link).status_code == 200, f"{role_key}: the home page links to {link}"
    # The figures still show where the role may open them.
    assert "/people/" in shown["street_social_worker"] and "/people/" not in shown["system_admin"]
