"""Security headers on every response: CSP (this host only), nosniff, frame DENY, no-store on pages of a
signed-in user, HSTS in production; cookies HttpOnly."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def _assert_common(response: Any) -> None:
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert not re.search(r"https?://", csp), "CSP must name no outside host"
    assert "'unsafe-eval'" not in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_sign_in_page(client: Client) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    _assert_common(response)


@pytest.mark.parametrize("url", ["/", "/security/password/", "/api/v1/me"])
def test_pages_of_a_signed_in_user_are_never_cached(client: Client, make_user: Any, org_tree: Any, url: str) -> None:
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    response = client.get(url)
    assert response.status_code == 200
    _assert_common(response)
    assert "no-store" in response["Cache-Control"]


def test_api_with_a_token_is_never_cached(client: Client, make_user: Any, org_tree: Any) -> None:
    from bangfu.accounts.models import ApiToken

    _row, token = ApiToken.issue(make_user("district_officer", org_tree["tianhe"]), "t")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_errors_carry_the_headers_too(client: Client) -> None:
    for response, status in ((client.get("/api/v1/me"), 401), (client.get("/no-such-page/"), 404)):
        assert response.status_code == status
        _assert_common(response)


def test_production_sends_hsts_on_a_served_page(tmp_path: Any) -> None:
    """The settings module started as production serves the sign-in page with HSTS (nothing set by the test;
    its own empty database is migrated first, as a deployment's would be)."""
    script = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); from django.test import Client; "
        "r = Client(SERVER_NAME='bangfu.example.internal').get('/login/', secure=True); "
        "print(r.status_code, r['Strict-Transport-Security'])"
    )
    assert _production_output(tmp_path, script) == "200 max-age=31536000; includeSubDomains; preload"


def _production_output(tmp_path: Any, script: str) -> str:
    """The last line `script` prints, run in a subprocess whose settings module starts as production."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if not key.startswith(("BANGFU_", "DJANGO_", "DATABASE"))}
    env.update({
        "BANGFU_ENV": "production", "SECRET_KEY": "p" * 60, "ALLOWED_HOSTS": "bangfu.example.internal",
        "BANGFU_FIELD_KEYS": "7dxIf4kKQn2Hn8zCPe8Kx0ZQ2u7S1m0Lr6v1q8iXzq8=", "BANGFU_INDEX_KEY": "index",
        "BANGFU_AUDIT_KEY": "3q2-796tvu_erb7v3q2-796tvu_erb7v3q2-796tvu8=",
        "BANGFU_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings",
    })
    result = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=300, check=True)  # a whole migrate, on a loaded CI machine
    return result.stdout.strip().splitlines()[-1]


def test_production_settings_turn_hsts_and_secure_cookies_on(tmp_path: Any) -> None:
    """The settings module started as production (in a subprocess) switches them on."""
    import json

    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF, "
        "s.BANGFU_SESSION_IDLE_SECONDS, s.BANGFU_SESSION_ABSOLUTE_SECONDS, s.BANGFU_LOCKOUT_FAILURES]))"
    )
    values = json.loads(_production_output(tmp_path, script))
    assert values == [31_536_000, True, True, True, True, "DENY", True, 1800, 28800, 5]


def test_session_cookie_is_http_only_and_same_site(client: Client, make_user: Any, org_tree: Any) -> None:
    from conftest import TEST_PASSWORD

    make_user("district_officer", org_tree["tianhe"], username="officer1")
    client.post("/login/", {"username": "officer1", "password": TEST_PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
