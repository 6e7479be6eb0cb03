"""Backup drill: a site that keeps writing is backed up, restored into a new location and checked.

Runs the real commands in subprocesses against a database of its own (a SQLite file, or a PostgreSQL
database beside the test database when the suite runs on PostgreSQL):

1. migrate, seed people with encrypted fields and a ledger-like money column;
2. start a writer that keeps adding people and audit events;
3. `manage.py backup` while the writer writes; stop the writer;
4. `manage.py restore` into a new location: integrity, row counts and money sums equal the manifest,
   the audit chain verifies;
5. the backup is encrypted as a whole: no name, diagnosis or key is in it; a damaged copy and a backup
   key that does not fit are refused; the restored site serves with its keys and refuses (503) without
   them; `audit_verify` passes on the restored copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.slow
BASE = Path(settings.BASE_DIR)

SEED = """
import django; django.setup()
from bangfu.accounts.models import OrgLevel
from bangfu.accounts.services import upsert_org_unit
from bangfu.core import audit
from bangfu.people.models import Person
from bangfu.security.tests.helpers import fake_id_number
from bangfu.core.sensitive import id_number_index
from django.db import transaction
root = upsert_org_unit(code="CN", name="全国", level=OrgLevel.NATIONAL, parent=None)
unit = upsert_org_unit(code="44", name="广东", level=OrgLevel.PROVINCE, parent=root)
people = []
for n in range(2000):
    number = fake_id_number(n, birth=f"19{60 + n // 1000}0101")
    people.append(Person(org=unit, name=f"演练{n}", id_number=number, id_index=id_number_index(number), sex="M",
                         birth_date="1970-01-01", health_note=f"演练诊断{n}", phone="13800000000"))
Person.objects.bulk_create(people, batch_size=500)
with transaction.atomic():
    for n in range(50):
        audit.record("drill.seed", actor_name="drill", changes={"n": n})
print("seeded")
"""

WRITER = """
import sys, time, pathlib, django; django.setup()
from django.db import transaction
from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.people.models import Person
from bangfu.security.tests.helpers import fake_id_number
from bangfu.core.sensitive import id_number_index
stop = pathlib.Path(sys.argv[1]); unit = OrgUnit.objects.get(code="44"); n = 0
while not stop.exists():
    with transaction.atomic():
        number = fake_id_number(n, birth=f"19{70 + n // 1000 % 20}0202")
        person = Person.objects.create(org=unit, name=f"写入{n}", id_number=number, id_index=id_number_index(number),
                                       sex="F", birth_date="1975-02-02", health_note=f"写入诊断{n}")
        audit.record("drill.write", actor_name="writer", obj=person, changes={"n": n})
    n += 1
    pathlib.Path(sys.argv[2]).write_text(str(n))
print(n)
"""

SERVE = """
import json, django; django.setup()
from django.test import Client
response = Client().get("/login/")
print(json.dumps({"status": response.status_code}))
"""


@dataclass
class Site:
    env: dict[str, str]
    vendor: str
    database: str  # SQLite file path or PostgreSQL database name
    var_dir: Path
    tmp: Path

    def run(
        self, *args: str, env: dict[str, str] | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        completed = subprocess.run([sys.executable, *args], cwd=BASE, env=env or self.env, capture_output=True,
                                   text=True, timeout=300, check=False)
        if check and completed.returncode != 0:
            raise AssertionError(f"{args[:2]} failed:\n{completed.stdout}\n{completed.stderr}")
        return completed


def _clean_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items()
            if not key.startswith(("BANGFU_", "DJANGO_", "DATABASE_URL", "PYTEST"))}


def _pg_admin() -> Any:
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(dbname="postgres", user=db.get("USER") or None, password=db.get("PASSWORD") or None,
                           host=db.get("HOST") or None, port=db.get("PORT") or None, autocommit=True)


def _pg_url(name: str) -> str:
    db = connection.settings_dict
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    var_dir = tmp_path / "var"
    env = {**_clean_env(), "BANGFU_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "config.settings"}
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_drill"[:60]
        with _pg_admin() as admin:
            for database in (name, f"{name}_restored"):
                admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = _pg_url(name)
        yield Site(env=env, vendor="postgresql", database=name, var_dir=var_dir, tmp=tmp_path)
        with _pg_admin() as admin:
            for database in (name, f"{name}_restored"):
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    else:
        path = tmp_path / "site" / "bangfu.sqlite3"
        path.parent.mkdir()
        env["DATABASE_URL"] = f"sqlite:///{path}"
        yield Site(env=env, vendor="sqlite", database=str(path), var_dir=var_dir, tmp=tmp_path)


def _restored_counts(site: Site, target: str) -> dict[str, int]:
    if site.vendor == "sqlite":
        lite = sqlite3.connect(target)
        try:
            tables = [row[0] for row in lite.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
            return {table: lite.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608
        finally:
            lite.close()
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(dbname=target, user=db.get("USER") or None, password=db.get("PASSWORD") or None,
                         host=db.get("HOST") or None, port=db.get("PORT") or None) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        counts = {}
        for table in tables:
            row = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()  # noqa: S608
            counts[table] = int(row[0]) if row else 0
        return counts


def _count(progress: Path) -> int:
    """The writer's count so far (its file is rewritten after each commit: retry a half-written read)."""
    for _ in range(100):
        text = progress.read_text() if progress.exists() else "0"
        if text.strip():
            return int(text)
        time.sleep(0.01)
    raise AssertionError("the writer's progress file stays empty")


def test_backup_while_writing_restore_and_check(site: Site) -> None:
    site.run("manage.py", "migrate", "-v", "0")
    assert "seeded" in site.run("-c", SEED).stdout

    stop, progress = site.tmp / "stop", site.tmp / "progress"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(stop), str(progress)], cwd=BASE, env=site.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while _count(progress) < 20:
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)
        written_before = _count(progress)
        backup = site.run("manage.py", "backup", "--output", str(site.tmp / "backups"))
        after_backup = _count(progress)
        while _count(progress) < after_backup + 5:  # the writer goes on after the backup, too
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline + 120, "the writer stalled"
            time.sleep(0.05)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    written_total = int(out.strip())
    manifest_path = Path(backup.stdout.strip().splitlines()[-1])
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))

    # The backup is a snapshot taken while writing: more than before it started, fewer than at the end.
    backed_up_people = manifest["tables"]["people_person"]["rows"]
    assert 2000 + written_before <= backed_up_people < 2000 + written_total
    # Every writer transaction wrote one person and one audit event: the snapshot holds both or neither.
    assert manifest["tables"]["core_auditevent"]["rows"] == 50 + (backed_up_people - 2000)

    # No key is in the backup, and it is encrypted as a whole: no name, no diagnosis, no phone in clear.
    sealed = manifest_path.parent / manifest["file"]
    backup_bytes = sealed.read_bytes() + manifest_path.read_bytes()
    assert manifest["encryption"]["cipher"].startswith("age v1") and backup_bytes.startswith(b"BFBK2 ")
    for keys in ("field-keys.txt", "audit-keys.txt", "backup-identities.txt"):
        for secret in (site.var_dir / keys).read_text(encoding="utf-8").split():
            for part in secret.split(","):
                assert part.encode() not in backup_bytes
    for clear in ("演练1", "演练诊断1", "13800000000"):
        assert clear.encode() not in backup_bytes
    assert b"CREATE TABLE" not in sealed.read_bytes() and b"people_person" not in sealed.read_bytes()

    target = str(site.tmp / "restored" / "bangfu.sqlite3") if site.vendor == "sqlite" else f"{site.database}_restored"
    # A backup key that does not fit is refused, and leaves nothing behind.
    other_key = site.run("manage.py", "backup", "--generate-key").stdout.strip()
    wrong = site.run("manage.py", "restore", str(manifest_path), "--to", target,
                     env={**site.env, "BANGFU_BACKUP_KEY": other_key}, check=False)
    assert wrong.returncode != 0 and "未配置（BANGFU_BACKUP_KEY）" in wrong.stderr
    # A damaged copy (one byte changed, manifest digest updated to match) is refused by its chunk's tag.
    damaged_dir = site.tmp / "damaged"
    damaged_dir.mkdir()
    damaged = bytearray(sealed.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    (damaged_dir / manifest["file"]).write_bytes(bytes(damaged))
    forged_manifest = {**manifest, "sha256": hashlib.sha256(bytes(damaged)).hexdigest()}
    (damaged_dir / manifest_path.name).write_text(json.dumps(forged_manifest), encoding="utf-8")
    broken = site.run("manage.py", "restore", str(damaged_dir / manifest_path.name), "--to", target, check=False)
    assert broken.returncode != 0 and "校验失败：文件已损坏、被截断、被改动" in broken.stderr

    restored = site.run("manage.py", "restore", str(manifest_path), "--to", target)
    assert "完整性 ok，行数与金额合计与备份一致，审计链完整" in restored.stdout
    counts = _restored_counts(site, target)
    assert counts == {table: facts["rows"] for table, facts in manifest["tables"].items()}

    # A second restore into the same place is refused: restores only go to a new location.
    again = site.run("manage.py", "restore", str(manifest_path), "--to", target, check=False)
    assert again.returncode != 0 and "已存在" in again.stderr

    restored_url = f"sqlite:///{target}" if site.vendor == "sqlite" else _pg_url(target)
    # A restored copy is behind the live site's checkpoints: it starts a checkpoint file of its own.
    with_keys = {**site.env, "DATABASE_URL": restored_url,
                 "BANGFU_AUDIT_CHECKPOINTS": str(site.tmp / "restored-checkpoints.jsonl")}
    verify = site.run("manage.py", "audit_verify", env=with_keys)
    assert "审计日志校验通过" in verify.stdout
    assert json.loads(site.run("-c", SERVE, env=with_keys).stdout.strip().splitlines()[-1]) == {"status": 200}
    without_keys = {**with_keys, "BANGFU_VAR_DIR": str(site.tmp / "elsewhere")}
    assert json.loads(site.run("-c", SERVE, env=without_keys).stdout.strip().splitlines()[-1]) == {"status": 503}
