"""Benchmark of the encrypted backup and restore (prints figures; not a test).

    .venv/bin/python bench/backup.py                      # 50,000 people (~60 MB SQLite file)
    .venv/bin/python bench/backup.py --people 10000

Builds a fresh SQLite database under a temporary directory with `--people` synthetic people (encrypted ID
numbers and diagnoses, as the register holds them) and audit events, then times the user's path —
`manage.py backup` and `manage.py restore` — against a baseline in the same run: the same SQLite online
backup into a clear file (what `backup` did before encryption) and a plain copy back. Also printed: the
cipher alone (age through pyrage, streamed) in MB/s, and the peak memory of the sealing step, which stays
at about one chunk whatever the database's size.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(workdir: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["BANGFU_VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _seed(people: int) -> None:
    import datetime as dt

    from django.db import transaction

    from bangfu.accounts.models import OrgLevel
    from bangfu.accounts.services import upsert_org_unit
    from bangfu.core import audit
    from bangfu.core.sensitive import blind_index
    from bangfu.people.idgen import make_id_number
    from bangfu.people.models import Person

    root = upsert_org_unit(code="CN", name="全国", level=OrgLevel.NATIONAL, parent=None)
    unit = upsert_org_unit(code="44", name="广东", level=OrgLevel.PROVINCE, parent=root)
    rows: list[Person] = []
    for n in range(people):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=n // 400)  # 400 numbers a day: all distinct
        number = make_id_number("440106", birth, n % 400, "MF"[n % 2])
        if n % 1000 == 0:
            Person.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
            rows = []
        rows.append(Person(org=unit, name=f"基准{n}", id_number=number, id_index=blind_index(number),
                           sex="MF"[n % 2], birth_date=birth, health_note=f"基准诊断{n}", phone="13800000000"))
    Person.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    with transaction.atomic():
        for n in range(2000):
            audit.record("bench.seed", actor_name="bench", changes={"n": n})


def _timed(label: str, action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.2f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=50_000)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bangfu-backup-bench-")
    try:
        _setup(workdir)
        _seed(args.people)
        from django.core.management import call_command

        from bangfu.security import backup_crypto

        database = Path(workdir) / "bench.sqlite3"
        size_mb = database.stat().st_size / 1e6
        print(f"database: {args.people} people, {size_mb:.1f} MB")

        clear = Path(workdir) / "clear.sqlite3"

        def baseline_backup() -> None:
            src, dst = sqlite3.connect(str(database)), sqlite3.connect(str(clear))
            src.backup(dst)
            dst.close()
            src.close()

        base_backup = _timed("baseline: SQLite online backup into a clear file", baseline_backup)
        out = io.StringIO()
        backup_seconds = _timed("manage.py backup (snapshot, checks, age)",
                                lambda: call_command("backup", output=str(Path(workdir) / "backups"), stdout=out,
                                                     stderr=io.StringIO()))
        manifest = out.getvalue().strip().splitlines()[-1]
        base_restore = _timed("baseline: plain copy of the clear file",
                              lambda: shutil.copyfile(clear, Path(workdir) / "copy.sqlite3"))
        restore_seconds = _timed("manage.py restore (SHA-256, decrypt, integrity, counts, audit chain)",
                                 lambda: call_command("restore", manifest, target=str(Path(workdir) / "r.sqlite3"),
                                                      stdout=io.StringIO(), stderr=io.StringIO()))
        clear_mb = clear.stat().st_size / 1e6
        # age runs in Rust, out of tracemalloc's sight: the process's peak resident size before and after.
        resident_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        with clear.open("rb") as plain, open(os.devnull, "wb") as sink:
            backup_crypto.encrypt_stream(plain, sink)
        cipher_seconds = time.perf_counter() - start
        resident_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  cipher alone: {clear_mb / cipher_seconds:.0f} MB/s; peak resident size {resident_before:.0f} MB "
              f"before sealing, {resident_after:.0f} MB after, for a {clear_mb:.1f} MB file")
        print(f"ratio backup/baseline: {backup_seconds / base_backup:.1f}×; "
              f"restore/baseline copy: {restore_seconds / base_restore:.1f}×")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
