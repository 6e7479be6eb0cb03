"""Screenshots of the pages of issue 19, taken from a running demo (`make demo`) with Debian's Chromium.

    BANGFU_URL=http://127.0.0.1:8000 BANGFU_DEMO_PASSWORD=… python docs/screens/shoot.py

Each shot signs in as the demo account that would use the page, as staff do.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import ViewportSize, sync_playwright

HERE = Path(__file__).resolve().parent
BASE = os.environ.get("BANGFU_URL", "http://127.0.0.1:8000")
PASSWORD = os.environ.get("BANGFU_DEMO_PASSWORD", "")
CHROMIUM = "/usr/bin/chromium"
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 812}

# (file, account, path, viewport)
SHOTS = [
    ("audit-search.png", "auditor", "/security/audit/?action=%E8%B5%B0%E8%AE%BF&unit=%E5%8C%97%E4%BA%AC", DESKTOP),
    ("audit-bad-date.png", "auditor", "/security/audit/?date_from=abc", DESKTOP),
    ("inventory.png", "auditor", "/security/inventory/?class=sensitive", DESKTOP),
    ("campaign-progress.png", "bj_officer", "/assistance/programs/{campaign}/", DESKTOP),
    ("phone-list.png", "th_worker", "/people/", PHONE),
    ("home-todo.png", "bj_officer", "/", DESKTOP),
    ("tasks.png", "admin", "/security/tasks/", DESKTOP),
    ("server.png", "admin", "/security/server/", DESKTOP),
    ("batch-bar.png", "th_officer", "/people/?status=publicised", DESKTOP),
]
# Shots of a page reached by acting on another: (file, account, path, viewport, act).
BATCH = ("batch-result.png", "th_officer", "/people/?status=publicised", DESKTOP)


def _sign_in(page: Any, username: str) -> None:
    page.goto(BASE + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def main(campaign: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for name, account, path, viewport in SHOTS:
            context = browser.new_context(locale="zh-CN", viewport=viewport)
            page = context.new_page()
            _sign_in(page, account)
            page.goto(BASE + path.format(campaign=campaign))
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(HERE / name), full_page=viewport is PHONE)
            context.close()
            print(name)
        _batch_result(browser)
        browser.close()


def _batch_result(browser: Any) -> None:
    """Tick every file of the list's first page and approve them at once: the result, row by row."""
    name, account, path, viewport = BATCH
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    _sign_in(page, account)
    page.goto(BASE + path)
    page.check("input[data-select-all=rows]")
    page.select_option("#batch-action", "approve")
    page.click("[data-testid=batch-submit]")
    page.wait_for_selector("[data-testid=batch-results]")
    page.screenshot(path=str(HERE / name), full_page=True)
    context.close()
    print(name)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "1")
