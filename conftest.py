"""Fixtures shared by every app's tests: roles, an organisation tree, users per role and unit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.accounts.roles import ensure_roles
from bangfu.accounts.services import upsert_org_unit
from bangfu.matching import queries as matching_queries

TEST_PASSWORD = "Correct-Horse-Battery-9"


@pytest.fixture(autouse=True)
def fresh_opening_pools() -> Iterator[None]:
    """No opening pool prepared in an earlier test: every test starts without one.

    The matching pools (``matching.queries.pool_for``) are kept per process under the openings' data version, and a
    test database starts its versions again from 1: a pool an earlier test prepared at version 3 would answer a later
    test at its own version 3 with the earlier test's openings (the training demo, run after the jobs tests in one
    process on PostgreSQL, was recommended an opening that no longer existed)."""
    matching_queries.clear_pools()
    yield


@pytest.fixture
def roles(db: Any) -> dict[str, Any]:
    return ensure_roles()


@pytest.fixture
def org_tree(db: Any) -> dict[str, OrgUnit]:
    """A small tree: 全国 → 广东省 → 广州市 → 天河区/海珠区 → one street each; plus 北京市."""
    root = upsert_org_unit(code="CN", name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
    guangdong = upsert_org_unit(
        code="44", name="广东省总工会", level=OrgLevel.PROVINCE, parent=root, region_code="440000"
    )
    guangzhou = upsert_org_unit(
        code="4401", name="广州市总工会", level=OrgLevel.CITY, parent=guangdong, region_code="440100"
    )
    tianhe = upsert_org_unit(
        code="440106", name="天河区总工会", level=OrgLevel.COUNTY, parent=guangzhou, region_code="440106"
    )
    haizhu = upsert_org_unit(
        code="440105", name="海珠区总工会", level=OrgLevel.COUNTY, parent=guangzhou, region_code="440105"
    )
    wushan = upsert_org_unit(
        code="440106011", name="五山街道总工会", level=OrgLevel.STREET, parent=tianhe, region_code="440106011"
    )
    chigang = upsert_org_unit(
        code="440105011", name="赤岗街道总工会", level=OrgLevel.STREET, parent=haizhu, region_code="440105011"
    )
    beijing = upsert_org_unit(
        code="11", name="北京市总工会", level=OrgLevel.PROVINCE, parent=root, region_code="110000"
    )
    return {
        "root": root,
        "guangdong": guangdong,
        "guangzhou": guangzhou,
        "tianhe": tianhe,
        "haizhu": haizhu,
        "wushan": wushan,
        "chigang": chigang,
        "beijing": beijing,
    }


@pytest.fixture
def make_user(roles: dict[str, Any]) -> Callable[..., User]:
    """make_user("street_social_worker", org) → a user with that role in that unit."""
    counter = {"n": 0}

    def build(role_key: str | None, org: OrgUnit | None, username: str | None = None, **extra: Any) -> User:
        counter["n"] += 1
        user = User.objects.create_user(
            username=username or f"{role_key or 'nobody'}_{org.code if org else 'none'}_{counter['n']}",
            password=TEST_PASSWORD,
            org=org,
            **extra,
        )
        if role_key:
            user.groups.set([roles[role_key]])
        return user

    return build


@pytest.fixture
def login(client: Any) -> Callable[[User], Any]:
    def do(user: User) -> Any:
        client.force_login(user)
        return client

    return do


@pytest.fixture(autouse=True)
def _audit_checkpoints_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Signed audit checkpoints go to the test's own file, never to var/."""
    settings.BANGFU_AUDIT_CHECKPOINTS = str(tmp_path / "audit-checkpoints.jsonl")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2's deliberate slowness buys nothing in tests that create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Browser tests: Debian's Chromium driven by Playwright (no browser download). ---------------------
import os
import shutil

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would refuse the
# test's own database calls under it. The live server still runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run `make browser` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser page; `page.base_url` is the live server's address."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    browser_page = context.new_page()
    browser_page.set_default_timeout(15_000)
    browser_page.base_url = live_server.url
    yield browser_page
    context.close()


def browser_login(page: Any, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real login form."""
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def browser_as(chromium: Any, page: Any, username: str) -> Any:
    """Another person signed in, in a browser context of their own (maker and approver are two sessions)."""
    other = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    other.base_url = page.base_url
    other.set_default_timeout(15_000)
    browser_login(other, username)
    return other
