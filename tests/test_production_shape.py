"""Two real app servers (gunicorn, in subprocesses, on free ports) on one PostgreSQL database and Redis: a user
signed in on one continues on the other, and failures spread over both lock the account (deploy/README.md).

Needs PostgreSQL (the test database is the one the servers share) and Redis: skipped only where they are absent —
on a SQLite run, whose in-process test database no server process can open."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from bangfu.security.lockouts import failure_limit
from conftest import TEST_PASSWORD

BASE = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _redis_url() -> str | None:
    import redis

    url = "redis://127.0.0.1:6379/14"
    try:
        return url if redis.Redis.from_url(url, socket_connect_timeout=1).ping() else None
    except redis.exceptions.ConnectionError:
        return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"app server on {port} stopped: {server.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"app server on {port} did not start")


@pytest.fixture
def two_servers(transactional_db: Any) -> Iterator[list[int]]:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the servers must open the test database (SQLite runs keep it in memory)")
    redis_url = _redis_url()
    if redis_url is None:
        pytest.skip("needs Redis at 127.0.0.1:6379")
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BANGFU_PG", "DATABASE_"))}
    env |= {"DATABASE_URL": url, "CACHE_URL": redis_url, "BANGFU_WEB_WORKERS": "1", "DJANGO_DEBUG": "false",
            "BANGFU_ENV": "development"}
    ports, servers = [_free_port(), _free_port()], []
    try:
        for port in ports:
            servers.append(subprocess.Popen(
                [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "config.wsgi"], cwd=BASE,
                env=env | {"BANGFU_BIND": f"127.0.0.1:{port}"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        for port, server in zip(ports, servers, strict=True):
            _wait_until_up(port, server)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


class Browser:
    """One browser: one cookie jar for both servers (cookies do not depend on the port), no redirects followed."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def get(self, port: int, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(f"http://127.0.0.1:{port}{path}"))

    def sign_in(self, port: int, username: str, password: str) -> int:
        _status, page, _location = self.get(port, "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None, page[:500]
        data = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/login/", data=data,
                                         headers={"Referer": f"http://127.0.0.1:{port}/login/"})
        return self._open(request)[0]

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers.get("Location", "")
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(), answer.headers.get("Location", "")


def _user(make_user: Any, org_tree: dict[str, Any], username: str) -> Any:
    """A user whose password the servers can check: the tests hash with MD5 for speed, the servers do not."""
    user = make_user("city_officer", org_tree["guangzhou"], username=username, must_change_password=False)
    user.password = PBKDF2PasswordHasher().encode(TEST_PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def test_signed_in_on_one_server_continues_on_the_other(two_servers: list[int], make_user: Any,
                                                        org_tree: dict[str, Any]) -> None:
    first, second = two_servers
    _user(make_user, org_tree, "two_servers")
    browser = Browser()
    assert browser.get(second, "/")[0] == 302  # not signed in: sent to the sign-in page
    assert browser.sign_in(first, "two_servers", TEST_PASSWORD) == 302
    status, page, _location = browser.get(second, "/")
    assert status == 200 and 'name="password"' not in page  # the home page, not the sign-in form
    assert browser.get(first, "/")[0] == 200


def test_failures_on_both_servers_lock_the_account(two_servers: list[int], make_user: Any,
                                                   org_tree: dict[str, Any]) -> None:
    _user(make_user, org_tree, "locked_twice")
    browser = Browser()
    statuses = [browser.sign_in(two_servers[attempt % 2], "locked_twice", "wrong-password")
                for attempt in range(failure_limit())]
    assert 302 not in statuses
    # the right password, on either server, is refused now: the count was shared
    assert browser.sign_in(two_servers[0], "locked_twice", TEST_PASSWORD) == 429
    assert browser.sign_in(two_servers[1], "locked_twice", TEST_PASSWORD) == 429


def test_every_process_of_the_shape_uses_the_database_queue() -> None:
    """The trial shape's app servers once ran imports and matching runs inside the request while its worker
    waited for tasks that never came (only the worker was given the database queue): found by bench/load.py."""
    deploy = Path(settings.BASE_DIR) / "deploy"
    for line in (deploy / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.strip():
            assert "BANGFU_TASK_BACKEND=database" in line, line
    script = (deploy / "serve-prod.sh").read_text(encoding="utf-8")
    assert 'export BANGFU_TASK_BACKEND="${BANGFU_TASK_BACKEND:-database}"' in script
    assert script.index("export BANGFU_TASK_BACKEND") < script.index(".venv/bin/gunicorn")
    for unit in (deploy / "systemd").glob("*.service"):  # both read it from bangfu.env, documented
        assert "EnvironmentFile=/etc/bangfu/bangfu.env" in unit.read_text(encoding="utf-8")
    assert "BANGFU_TASK_BACKEND=database" in (deploy / "README.md").read_text(encoding="utf-8")
