"""The Chinese catalogue is complete: every msgid in code and templates has a Chinese translation."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

BASE = Path(settings.BASE_DIR)


def catalogue_files() -> list[Path]:
    return sorted(
        [
            *BASE.glob("locale/zh_Hans/LC_MESSAGES/django.po"),
            *BASE.glob("bangfu/*/locale/zh_Hans/LC_MESSAGES/django.po"),
        ]
    )


def parse_po(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid → (first msgstr, fuzzy); multi-line strings joined. Line by line, so that an entry written
    without the blank line before it (the header's neighbour, say) is still its own entry."""
    entries: dict[str, tuple[str, bool]] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    fuzzy = next_fuzzy = False
    target: list[str] | None = None

    def flush() -> None:
        key = "".join(msgid)
        if key:
            entries[key] = ("".join(msgstr), fuzzy)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,"):
            next_fuzzy = next_fuzzy or "fuzzy" in line
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr, fuzzy, next_fuzzy = [], [], next_fuzzy, False
            target, line = msgid, line[6:]
        elif line.startswith("msgid_plural ") or re.match(r"msgstr\[[1-9]\d*\] ", line):
            target = None
            continue
        elif re.match(r"msgstr(\[0\])? ", line):
            target, line = msgstr, line.split(" ", 1)[1]
        elif not line.startswith('"'):
            continue
        if target is not None:
            target.append(line[1:-1])
    flush()
    return entries


def test_every_catalogue_entry_is_translated() -> None:
    assert catalogue_files(), "no zh_Hans catalogue found"
    problems = []
    for path in catalogue_files():
        for msgid, (msgstr, fuzzy) in parse_po(path).items():
            if not msgstr or fuzzy:
                problems.append(f"{path.relative_to(BASE)}: {msgid!r}")
    assert problems == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are needed to extract messages")
def test_every_msgid_in_the_code_is_in_a_catalogue(tmp_path: Path) -> None:
    """Extract afresh from a copy of the sources and compare with the union of the catalogues."""
    for folder in ("bangfu", "templates", "config"):
        shutil.copytree(
            BASE / folder, tmp_path / folder, ignore=shutil.ignore_patterns("locale", "__pycache__", "tests")
        )
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location", "-v", "0"],
        cwd=tmp_path,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""},
    )
    extracted = set(parse_po(tmp_path / "locale/zh_Hans/LC_MESSAGES/django.po"))
    known: set[str] = set()
    for path in catalogue_files():
        known |= set(parse_po(path))
    assert sorted(extracted - known) == []


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client: Client) -> None:
    body = client.get("/login/").content.decode()
    assert "登录" in body and "Sign in" not in body


@pytest.mark.django_db
def test_english_is_available(client: Client) -> None:
    with translation.override("en"):
        body = client.get("/login/", headers={"accept-language": "en"}).content.decode()
    assert "Sign in" in body
