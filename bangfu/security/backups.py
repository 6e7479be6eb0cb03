"""Consistent online backups and restores into a new location.

- SQLite: the online backup API copies the database in one step under one read transaction, so the
  copy is a consistent snapshot even while the site writes (WAL lets writers go on meanwhile).
- PostgreSQL: `pg_dump -Fc` under a snapshot exported from a REPEATABLE READ transaction in which the
  row counts of the manifest are taken too — the counts describe exactly what the dump holds.

Each backup is a database file/dump, encrypted as a whole (age, streamed, under
`BANGFU_BACKUP_KEY`, see `backup_crypto`), plus a manifest (`*.json`): tables and row counts, sums of
money columns (`*_fen`, the ledgers), the audit chain's head, the key ids in use — no personal data.
The PostgreSQL dump is streamed from pg_dump into the cipher and from the cipher into pg_restore, so no
clear copy touches the disk; SQLite's backup API needs a file, so the clear snapshot lives in a 0700
temporary directory beside the output only until it is sealed.
No key is ever in a backup: field, index, audit and backup keys live in the environment (or var/*.txt
in development). A database restored without its field keys refuses to serve
(`sensitive.check_keys_against_database`); a backup without its backup key cannot be opened at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connections
from django.utils import timezone

from bangfu.security import backup_crypto

SAFE_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class BackupError(RuntimeError):
    """A backup or restore that cannot be done or does not check out; the message is Chinese."""


@dataclass
class TableFacts:
    rows: int
    money: dict[str, int] = field(default_factory=dict)  # column → SUM, for *_fen columns


@dataclass
class Manifest:
    vendor: str
    created_at: str
    file: str
    sha256: str
    tables: dict[str, TableFacts]
    audit_head: dict[str, Any]
    key_ids: list[str]
    # {"cipher": backup_crypto.CIPHER, "key_id": backup key id}; None: a clear legacy backup.
    encryption: dict[str, Any] | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["tables"] = {name: TableFacts(**facts) for name, facts in data["tables"].items()}
        return cls(**data)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _quoted(name: str) -> str:
    if not SAFE_IDENTIFIER.match(name):
        raise BackupError(f"表名或列名“{name}”不合规，拒绝处理。")
    return f'"{name}"'


def _facts(cursor: Any, tables: list[str], columns_of: Any) -> dict[str, TableFacts]:
    facts: dict[str, TableFacts] = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quoted(table)}")  # noqa: S608 - identifier checked above
        rows = int(cursor.fetchone()[0])
        money = {}
        for column in columns_of(table):
            if column.endswith("_fen"):
                cursor.execute(f"SELECT COALESCE(SUM({_quoted(column)}), 0) FROM {_quoted(table)}")  # noqa: S608
                money[column] = int(cursor.fetchone()[0])
        facts[table] = TableFacts(rows=rows, money=money)
    return facts


def _audit_head(cursor: Any) -> dict[str, Any]:
    cursor.execute("SELECT seq, hash FROM core_auditevent ORDER BY seq DESC LIMIT 1")
    row = cursor.fetchone()
    return {"seq": int(row[0]), "hash": row[1]} if row else {"seq": 0, "hash": ""}


def _key_ids(cursor: Any) -> list[str]:
    cursor.execute("SELECT key_id FROM core_fieldkeycheck ORDER BY id")
    return [row[0] for row in cursor.fetchall()]


def sqlite_facts(path: Path) -> tuple[dict[str, TableFacts], dict[str, Any], list[str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = conn.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        tables = [row[0] for row in cursor.fetchall()]

        def columns_of(table: str) -> list[str]:
            return [row[1] for row in conn.execute(f"PRAGMA table_info({_quoted(table)})")]

        return _facts(cursor, tables, columns_of), _audit_head(cursor), _key_ids(cursor)
    finally:
        conn.close()


def sqlite_integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")


def _encryption() -> dict[str, Any]:
    return {"cipher": backup_crypto.CIPHER, "key_id": backup_crypto.current_backup_key_id()}


def _sealed_file(target: Path) -> IO[bytes]:
    """A new file only its owner reads; never overwrites one."""
    return os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def backup_sqlite(source: Path, output_dir: Path) -> Manifest:
    target = output_dir / f"bangfu-{_stamp()}.sqlite3.bfenc"
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".snapshot-") as scratch:
        clear = Path(scratch) / "snapshot.sqlite3"
        src = sqlite3.connect(str(source), timeout=30)
        dst = sqlite3.connect(str(clear))
        try:
            src.backup(dst)  # pages=-1: the whole database in one step, one consistent snapshot
        finally:
            dst.close()
            src.close()
        if (result := sqlite_integrity(clear)) != "ok":
            raise BackupError(f"备份文件完整性检查失败：{result}")
        tables, head, key_ids = sqlite_facts(clear)
        try:
            with clear.open("rb") as plain, _sealed_file(target) as sealed:
                backup_crypto.encrypt_stream(plain, sealed)
        except backup_crypto.BackupCryptoError as error:
            target.unlink(missing_ok=True)
            raise BackupError(str(error)) from None
    return Manifest(vendor="sqlite", created_at=timezone.now().isoformat(), file=target.name,
                    sha256=_sha256(target), tables=tables, audit_head=head, key_ids=key_ids,
                    encryption=_encryption())


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端工具。")
    return path


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict[str, Any]) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def _pg_connect(db: dict[str, Any], name: str | None = None, *, autocommit: bool = False) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=name or db["NAME"], user=db.get("USER") or None, password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None, port=db.get("PORT") or None, autocommit=autocommit,
    )


def pg_facts(cursor: Any) -> tuple[dict[str, TableFacts], dict[str, Any], list[str]]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    tables = [row[0] for row in cursor.fetchall()]

    def columns_of(table: str) -> list[str]:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]

    return _facts(cursor, tables, columns_of), _audit_head(cursor), _key_ids(cursor)


def backup_postgresql(db: dict[str, Any], output_dir: Path) -> Manifest:
    target = output_dir / f"bangfu-{_stamp()}.dump.bfenc"
    backup_crypto.current_backup_key_id()  # a missing or bad key stops here, before pg_dump starts
    with _pg_connect(db) as conn, conn.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables, head, key_ids = pg_facts(cursor)
        with tempfile.TemporaryFile() as errors, _sealed_file(target) as sealed:
            dump = subprocess.Popen(  # noqa: S603 - fixed program, arguments from settings
                [_program("pg_dump"), "-Fc", "--no-owner", f"--snapshot={snapshot}", *_pg_args(db),
                 "-d", str(db["NAME"])],
                env=_pg_env(db), stdout=subprocess.PIPE, stderr=errors,
            )
            assert dump.stdout is not None
            with dump.stdout:
                backup_crypto.encrypt_stream(dump.stdout, sealed)
            returncode = dump.wait()
            errors.seek(0)
            message = errors.read().decode("utf-8", errors="replace")
        cursor.execute("COMMIT")
    if returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump 失败：{message.strip()[:500]}")
    return Manifest(vendor="postgresql", created_at=timezone.now().isoformat(), file=target.name,
                    sha256=_sha256(target), tables=tables, audit_head=head, key_ids=key_ids,
                    encryption=_encryption())


def make_backup(output_dir: Path, using: str = "default") -> Path:
    """Back up the database to `output_dir`; returns the manifest's path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    db = connections[using].settings_dict
    vendor = connections[using].vendor
    if vendor == "sqlite":
        manifest = backup_sqlite(Path(db["NAME"]), output_dir)
    elif vendor == "postgresql":
        manifest = backup_postgresql(db, output_dir)
    else:
        raise BackupError(f"不支持备份 {vendor} 数据库。")
    path = output_dir / (Path(manifest.file).stem + ".json")
    path.write_text(manifest.to_json(), encoding="utf-8")
    return path


# --- Restore ------------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    target: str
    integrity: str
    counts_equal: bool
    differences: list[str]
    audit_problems: list[str]
    keys_fit: bool
    keys_message: str


def compare(expected: dict[str, TableFacts], actual: dict[str, TableFacts]) -> list[str]:
    differences = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            differences.append(f"{table}: 恢复后缺少此表")
        elif table not in expected:
            differences.append(f"{table}: 备份清单中没有此表")
        elif expected[table] != actual[table]:
            differences.append(f"{table}: 备份 {asdict(expected[table])}，恢复后 {asdict(actual[table])}")
    return differences


@contextlib.contextmanager
def extra_connection(alias: str, settings_dict: dict[str, Any]) -> Iterator[str]:
    """A temporary Django connection to the restored database, for the ORM-level checks."""
    connections.settings[alias] = {**connections["default"].settings_dict, **settings_dict}
    try:
        yield alias
    finally:
        if alias in connections:
            connections[alias].close()
            del connections[alias]
        connections.settings.pop(alias, None)


def _checks_on(alias: str) -> tuple[list[str], bool, str]:
    from bangfu.core.audit import verify_chain
    from bangfu.core.sensitive import SensitiveDataError, check_keys_against_database

    problems = verify_chain(using=alias).problems
    try:
        check_keys_against_database(using=alias, record_new_key=False)
        return problems, True, "当前密钥与恢复的数据库匹配。"
    except SensitiveDataError as error:
        return problems, False, str(error)


def restore_sqlite(manifest: Manifest, source: Path, target: Path) -> RestoreReport:
    if target.exists():
        raise BackupError(f"目标 {target} 已存在：恢复只写入新的位置。")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with source.open("rb") as sealed, _sealed_file(target) as clear:
            if manifest.encryption is None:
                shutil.copyfileobj(sealed, clear)
            else:
                backup_crypto.decrypt_stream(sealed, clear)
    except backup_crypto.BackupCryptoError as error:
        target.unlink(missing_ok=True)
        raise BackupError(str(error)) from None
    integrity = sqlite_integrity(target)
    tables, _head, _keys = sqlite_facts(target)
    differences = compare(manifest.tables, tables)
    with extra_connection("bangfu_restore_check", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(target),
                                                    "TEST": {}}) as alias:
        audit_problems, keys_fit, keys_message = _checks_on(alias)
    return RestoreReport(target=str(target), integrity=integrity, counts_equal=not differences,
                         differences=differences, audit_problems=audit_problems, keys_fit=keys_fit,
                         keys_message=keys_message)


def restore_postgresql(manifest: Manifest, source: Path, target_name: str, db: dict[str, Any]) -> RestoreReport:
    if not SAFE_IDENTIFIER.match(target_name):
        raise BackupError(f"目标数据库名“{target_name}”不合规。")
    with _pg_connect(db, "postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target_name]).fetchone()
        if exists:
            raise BackupError(f"目标数据库 {target_name} 已存在：恢复只写入新的位置。")
        admin.execute(f'CREATE DATABASE "{target_name}"')
    try:
        _pg_restore_stream(manifest, source, target_name, db)
    except BackupError:
        with _pg_connect(db, "postgres", autocommit=True) as admin:  # no half-restored database left behind
            admin.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
        raise
    with _pg_connect(db, target_name) as conn, conn.cursor() as cursor:
        tables, _head, _keys = pg_facts(cursor)
    differences = compare(manifest.tables, tables)
    with extra_connection("bangfu_restore_check", {"NAME": target_name, "TEST": {}}) as alias:
        audit_problems, keys_fit, keys_message = _checks_on(alias)
    return RestoreReport(target=target_name, integrity="ok", counts_equal=not differences,
                         differences=differences, audit_problems=audit_problems, keys_fit=keys_fit,
                         keys_message=keys_message)


def _pg_restore_stream(manifest: Manifest, source: Path, target_name: str, db: dict[str, Any]) -> None:
    """Decrypt the dump chunk by chunk into pg_restore's stdin (custom format reads from a pipe)."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603 - fixed program, arguments from settings
            [_program("pg_restore"), "--no-owner", "--exit-on-error", *_pg_args(db), "-d", target_name],
            env=_pg_env(db), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors,
        )
        assert process.stdin is not None
        failure: str | None = None
        try:
            with source.open("rb") as sealed:
                if manifest.encryption:
                    backup_crypto.decrypt_stream(sealed, process.stdin)
                else:
                    shutil.copyfileobj(sealed, process.stdin)
        except backup_crypto.BackupCryptoError as error:
            failure = str(error)
        except BrokenPipeError:
            pass  # pg_restore stopped early; its own message says why
        finally:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
        if failure is not None:
            process.kill()
        returncode = process.wait()
        errors.seek(0)
        message = errors.read().decode("utf-8", errors="replace")
    if failure is not None:
        raise BackupError(failure)
    if returncode != 0:
        raise BackupError(f"pg_restore 失败：{message.strip()[:500]}")


def restore(manifest_path: Path, target: str, using: str = "default") -> RestoreReport:
    manifest = Manifest.load(manifest_path)
    source = manifest_path.parent / manifest.file
    if not source.exists():
        raise BackupError(f"找不到备份文件 {source}。")
    if _sha256(source) != manifest.sha256:
        raise BackupError("备份文件的 SHA-256 与清单不符：文件已损坏或被改动。")
    if manifest.vendor == "sqlite":
        return restore_sqlite(manifest, source, Path(target))
    if manifest.vendor == "postgresql":
        return restore_postgresql(manifest, source, target, connections[using].settings_dict)
    raise BackupError(f"不支持恢复 {manifest.vendor} 备份。")
