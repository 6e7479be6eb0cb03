"""The full duplicate scan of every city on a database seeded by `manage.py seed_scale` (prints figures; not a test).

    .venv/bin/python bench/dedup/full_scan.py --db var/province.sqlite3 --fresh --dump var/pairs.jsonl
    .venv/bin/python bench/dedup/full_scan.py --db var/province.sqlite3          # again: the keys are current

`--fresh` first forgets every scan (no pair, no stored key, every household due): the database as seed_scale or
a bulk load that compared nothing leaves it, when the scan must write every household's blocking keys. Without
it the scan runs on the database as it is; run after a first scan, that is the yearly clean-up, where the keys
are current and only the comparing is left. Wall time, CPU time of this process and of its worker processes,
their peak memory and the load average are printed (the machine may be shared). `--dump` writes the queue
(pairs, scores, similarity, reasons) and digests of the stored keys and scan keys, to compare two runs — of
this code and of an earlier commit — on the same data. Work on a copy: the scan writes to the database.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))


def _cpu() -> tuple[float, float]:
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime


def forget_scans() -> None:
    from django.db import connection

    from bangfu.people.models import DuplicateCandidate, DuplicateKey, Household

    with connection.cursor() as cursor:  # plain SQL: ten million keys
        for model in (DuplicateCandidate, DuplicateKey):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    Household.objects.exclude(duplicate_scan_key="").update(duplicate_scan_key="")


def dump(path: Path) -> None:
    """The queue, one pair a line, then the digests of every household's stored keys and scan key."""
    from bangfu.people.models import DuplicateCandidate, DuplicateKey, Household

    with path.open("w") as out:
        for row in DuplicateCandidate.objects.order_by("file_a_id", "file_b_id").values_list(
                "file_a_id", "file_b_id", "name_birth_match", "address_similarity", "score", "reasons"):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        keys = hashlib.sha256(repr(sorted(DuplicateKey.objects.values_list("household_id", "key"))).encode())
        scan_keys = hashlib.sha256(repr(sorted(Household.objects.values_list("pk", "duplicate_scan_key"))).encode())
        out.write(json.dumps({"keys": keys.hexdigest(), "scan_keys": scan_keys.hexdigest()}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a SQLite database seeded by seed_scale (a copy: it is written)")
    parser.add_argument("--var", default="", help="BANGFU_VAR_DIR of the seeding (the field keys); default: "
                                                  "province-var beside the database, as bench/province.py keeps it")
    parser.add_argument("--fresh", action="store_true", help="forget every scan first")
    parser.add_argument("--dump", default="", help="write the queue and the key digests to this file")
    args = parser.parse_args()
    db = Path(args.db).resolve()
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["BANGFU_VAR_DIR"] = args.var or str(db.parent / "province-var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from bangfu.people.duplicates import scan_duplicates
    from bangfu.people.models import DuplicateCandidate, DuplicateKey, Household, HouseholdMember

    if args.fresh:
        started = time.perf_counter()
        forget_scans()
        print(f"Every scan forgotten in {time.perf_counter() - started:.0f} s")
    due = Household.objects.filter(duplicate_scan_key="").count()
    print(f"{HouseholdMember.objects.count():,} members of {Household.objects.count():,} households, {due:,} due; "
          f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    wall, (own, workers) = time.perf_counter(), _cpu()
    made = scan_duplicates(full=True)
    wall, (own_after, workers_after) = time.perf_counter() - wall, _cpu()
    memory = [resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    print(f"Full scan of every city: {wall:.1f} s wall; CPU {own_after - own:.1f} s here (storing) + "
          f"{workers_after - workers:.1f} s in the workers (comparing); {len(made):,} new pairs, "
          f"{DuplicateCandidate.objects.count():,} in the queue, {DuplicateKey.objects.count():,} stored keys; "
          f"peak memory {memory[0]:.0f} MB here, {memory[1]:.0f} MB the largest worker; load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}; target ≤ 60 s: {'met' if wall <= 60 else 'NOT met'}")
    if args.dump:
        dump(Path(args.dump))


if __name__ == "__main__":
    main()
