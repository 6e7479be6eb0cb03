"""Benchmark of the duplicate review at 100,000 households in one city (prints figures; not a test).

    .venv/bin/python bench/duplicates.py                              # 100,000 + 10,000 households
    .venv/bin/python bench/duplicates.py --households 20000 --new 2000
    .venv/bin/python bench/duplicates.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Builds a fresh database (SQLite under a temporary directory, or a new PostgreSQL database
`bench_bangfu_dedup` that is dropped afterwards) holding one city (广州, 11 districts × 10 streets) and
`--households` families with a file each. Addresses are realistic: Faker zh_CN street names made into
3,000 streets (direction and ordinal forms: 香港东路, 中山二路 …), house numbers, buildings (栋, or the
lettered 座 of Faker's `street_address`), floors and rooms; streets and house numbers are Zipf-distributed,
so a few compounds hold a thousand families (as real cities do), most a handful. Families are a head
(Faker zh_CN names, which repeat as Chinese names do; random birth dates), a spouse (70 %), up to two
children carrying the head's surname, sometimes a parent; 85 % of heads and 40 % of spouses give a phone.

1 % of the households are injected duplicates of another household, filed in another district under new
ID numbers, with small variations: the address written differently (province/city/district prefix, street
office, full-width digits, Chinese numerals, 3号楼 for 3栋, 房 or nothing for 室, spaces and commas) and in
15 % a mistyped room; in 20 % of the families with a spouse the spouse files (and is the head); each other
member is left out in 15 %; names the same (head 50 %, others 80 %), a homophone or one character mistyped;
birth dates the same (head 85 %, others 92 %) or mistyped; the phone the same (60 %), not given (25 %) or
another number (15 %).

Measured, side by side in one run on the same families: today's scorer (`--baseline-ref`, the module as it
was at that commit, loaded from git: heads only, key signals) and the new one (every member, phone, address
parsed to its block, a score with reasons) — pairs, precision and recall against the injected duplicates, and
time of the comparison in memory; then the new scan as the user runs it: the full scan of the city
(`scan_duplicates(city, full=True)`), `--new` more households (1 % duplicates of earlier ones) scanned
incrementally — first the scan as it was at `--scan-baseline-ref` (reading the whole city) and as it is (a pool
through the stored blocking keys), alternately, each rolled back; then through the command an import's task
runs (`manage.py scan_duplicates --city 4401 --due`), end to end — and through `scan_households(ids)`.

The code is split by job under bench/dedup/: `families` (the synthetic city and its duplicates), `database`
(a fresh database, the union tree, the bulk writer), `measure` (precision, recall, the side-by-side timings).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dedup.database import Writer, build_tree, drop_postgres, fresh_postgres, setup_django  # noqa: E402
from bench.dedup.families import Synthesiser, make_families  # noqa: E402
from bench.dedup.measure import (  # noqa: E402
    BASELINE_REF,
    SCAN_BASELINE_REF,
    found_pairs,
    same_family_pairs,
    scan_side_by_side,
    score,
    side_by_side,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--share", type=float, default=0.01, help="share of injected duplicates")
    parser.add_argument("--baseline-ref", default=BASELINE_REF, help="git commit of the scorer to compare with")
    parser.add_argument("--scan-baseline-ref", default=SCAN_BASELINE_REF,
                        help="git commit of the incremental scan to time beside today's")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the incremental scan side by side")
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL: the bench runs in a new database there")
    parser.add_argument("--seed", type=int, default=20201218)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = fresh_postgres(args.postgres) if args.postgres else f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        setup_django(url)
        try:
            run(args)
        finally:
            if args.postgres:
                drop_postgres(args.postgres)


def run(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bangfu.people.duplicates import scan_duplicates, scan_households
    from bangfu.people.models import DuplicateCandidate, HardshipFile, HouseholdMember

    print(f"Database: {connection.vendor}")
    units = build_tree()
    synth = Synthesiser(args.seed)
    writer = Writer(units)
    started = time.perf_counter()
    base_count = args.households - round(args.households * args.share)
    base = [(synth.rng.choice(units), synth.family()) for _ in range(base_count)]
    base_ids = writer.write(base)
    indexed = list(enumerate(base))
    dups, origin = make_families(synth, units, round(args.households * args.share), indexed, 1.0)
    dup_ids = writer.write(dups)
    families = {o: [base_ids[o], f] for o, f in zip(origin, dup_ids, strict=True) if o is not None}
    truth = same_family_pairs(families.values())
    print(f"Built {args.households:,} households, {HouseholdMember.objects.count():,} members "
          f"({len(truth):,} injected duplicates) in {time.perf_counter() - started:.0f} s; "
          f"{len(synth.streets):,} streets, "
          f"{HardshipFile.objects.values('household__address_block').distinct().count():,} address blocks")

    side_by_side(args.baseline_ref, truth)

    print("\nFull scan of the city as the user runs it (scan_duplicates('4401', full=True))")
    started = time.perf_counter()
    made = scan_duplicates("4401", full=True)
    full_seconds = time.perf_counter() - started
    print(f"  {full_seconds:.1f} s, {len(made):,} pairs stored")
    score(found_pairs(), truth, "queue")

    new, new_origin = make_families(synth, units, args.new, indexed, args.share)
    new_ids = writer.write(new)
    for o, f in zip(new_origin, new_ids, strict=True):
        if o is not None:
            families.setdefault(o, [base_ids[o]]).append(f)
    new_truth = same_family_pairs(families.values()) - truth  # a family filed a third time pairs with both
    before = set(found_pairs())
    scan_side_by_side(args.scan_baseline_ref, rounds=args.rounds)
    print(f"\nIncremental scan of {args.new:,} new households ({len(new_truth)} injected duplicate pairs) as the "
          "user runs it: `manage.py scan_duplicates --city 4401 --due` (what an import's task runs), end to end")
    out = io.StringIO()
    started, cpu = time.perf_counter(), time.process_time()
    call_command("scan_duplicates", "--city", "4401", "--due", stdout=out)
    incremental_seconds, incremental_cpu = time.perf_counter() - started, time.process_time() - cpu
    after = found_pairs()
    print(f"  {incremental_seconds:.1f} s ({incremental_cpu:.1f} s CPU); the command said: {out.getvalue().strip()}")
    score({pair: reasons for pair, reasons in after.items() if pair not in before}, new_truth, "new pairs")

    DuplicateCandidate.objects.filter(file_b__in=new_ids).delete()
    print(f"\nThe same {args.new:,} households by scan_households(ids) (indexed lookups)")
    started = time.perf_counter()
    made = scan_households(HardshipFile.objects.filter(pk__in=new_ids).values_list("household_id", flat=True))
    indexed_seconds = time.perf_counter() - started
    print(f"  {indexed_seconds:.1f} s, {len(made):,} pairs stored")
    print(f"  again: {len(scan_duplicates('4401'))} pairs (nothing due), "
          f"{len(scan_duplicates('4401', full=True))} pairs (full: nothing new)")
    print(f"\nTargets: full ≤ 60 s: {full_seconds:.1f} s; incremental 10k ≤ 10 s: {incremental_seconds:.1f} s "
          f"({incremental_cpu:.1f} s CPU; indexed {indexed_seconds:.1f} s); load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
