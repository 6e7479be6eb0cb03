"""What the bench measures: precision and recall against the injected duplicates, and the scorer and scan as they
were at a commit (loaded from git) beside today's, on the same families."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import types
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
BASELINE_REF = "4686e316faf255eaa0d06746b4469a34db045aa1"  # the duplicate check before issue 10
BASELINE_PATH = "bangfu/people/duplicates.py"
SCAN_BASELINE_REF = "76ecb91f16a222537404e556e8656990837baaff"  # the scan that read the whole city (before keys)


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def same_family_pairs(families: Any) -> set[tuple[int, int]]:
    """Every pair of files of one injected family (the original and its copies)."""
    return {ordered(a, b) for files in families for i, a in enumerate(files) for b in files[i + 1:]}


def found_pairs() -> dict[tuple[int, int], list[str]]:
    from bangfu.people.models import DuplicateCandidate

    return {(a, b): reasons for a, b, reasons in DuplicateCandidate.objects.values_list("file_a", "file_b", "reasons")}


def score(found: Any, truth: set[tuple[int, int]], label: str) -> tuple[float, float]:
    """Print and return (precision, recall) of the pairs found against the injected duplicates."""
    hits = truth & set(found)
    recall = len(hits) / len(truth) if truth else 1.0
    precision = len(hits) / len(found) if found else 1.0
    print(f"  {label}: {len(found):,} pairs; injected duplicates found {len(hits):,} of {len(truth):,} "
          f"→ recall {recall:.1%}, precision {precision:.1%}")
    if os.environ.get("BENCH_SHOW_MISSES"):
        for pair in sorted(truth - hits)[:20]:
            print("    missed:", pair)
        for pair in sorted(set(found) - truth)[:20]:
            print("    false:", pair, found[pair] if isinstance(found, dict) else "")
    return precision, recall


def baseline_module(ref: str) -> Any:
    """The duplicate check as it was at `ref`, loaded from git beside today's (it reads the same tables)."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:{BASELINE_PATH}"], check=True,
                            capture_output=True, text=True).stdout
    name = f"duplicates_{ref[:10]}"
    module = types.ModuleType(name)
    module.__dict__["__name__"] = name
    sys.modules[name] = module  # dataclasses look their module up
    exec(compile(source, f"{ref[:10]}:{BASELINE_PATH}", "exec"), module.__dict__)
    return module


def side_by_side(ref: str, truth: set[tuple[int, int]]) -> None:
    """Both scorers on the same families, in memory: pairs, precision, recall and time."""
    from bangfu.people import duplicates

    before = baseline_module(ref)
    started = time.perf_counter()
    old_rows = before._rows(before._live_files().filter(household__city_code="4401"))
    old_pairs = before.find_pairs(old_rows, old_rows)
    old_seconds = time.perf_counter() - started
    started = time.perf_counter()
    rows = duplicates.read_rows(duplicates.live_files().filter(household__city_code="4401"))
    new_pairs = duplicates.find_pairs(rows, rows, phones=duplicates.member_phones)
    new_seconds = time.perf_counter() - started
    print(f"\nSide by side, the whole city compared in memory ({len(rows):,} files)")
    old_p, old_r = score({pair: match.reasons() for pair, match in old_pairs.items()}, truth,
                         f"today's scorer ({ref[:10]}, heads only), {old_seconds:.1f} s")
    new_p, new_r = score({pair: match.reasons() for pair, match in new_pairs.items()}, truth,
                         f"scored (every member, phone, address), {new_seconds:.1f} s")
    print(f"  precision {old_p:.1%} → {new_p:.1%}; recall {old_r:.1%} → {new_r:.1%} "
          f"(target: precision ≥ 98 % at recall ≥ 99 %)")
    false_scores = Counter(round(match.score) for pair, match in new_pairs.items() if pair not in truth)
    print("  scores of the pairs not injected: " + ", ".join(f"{k:g}: {v}" for k, v in sorted(false_scores.items())))


class RolledBack(Exception):
    """Raised to undo a timed scan: the next one finds the same households due."""


def timed_scan(scan: Any, prepare: Any = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process — SQLite's work included —, pairs) of one incremental scan,
    rolled back afterwards (with what `prepare` wrote before it, untimed). CPU time is what the scan costs; wall
    time also holds what other jobs took."""
    from django.db import transaction

    try:
        with transaction.atomic():
            if prepare is not None:
                prepare()
            wall, cpu = time.perf_counter(), time.process_time()
            pairs = len(scan("4401"))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            raise RolledBack
    except RolledBack:
        pass
    return wall, cpu, pairs


def as_compared_by(module: Any) -> Any:
    """What `module` (an earlier scan, loaded from git) would have stored after comparing the households compared
    today: its own digest of their keys, so that it finds the same households due (the new ones)."""
    def prepare() -> None:
        from django.db import connection

        compared = module._rows(module._live_files().exclude(household__duplicate_scan_key=""))
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE people_household SET duplicate_scan_key = %s WHERE id = %s",
                               [(row.scan_key(), row.household_id) for row in compared])
    return prepare


def scan_side_by_side(ref: str, rounds: int) -> None:
    """The incremental scan as it was at `ref` (reading the whole city) and as it is (a pool through the stored
    blocking keys), alternately on the same households due."""
    from bangfu.people import duplicates

    before = baseline_module(ref)
    print(f"\nIncremental scan side by side ({ref[:10]} and now, alternately, each rolled back), {rounds} rounds")
    times: dict[str, list[tuple[float, float, int]]] = {"before": [], "now": []}
    for _ in range(rounds):
        times["before"].append(timed_scan(before.scan_duplicates, as_compared_by(before)))
        times["now"].append(timed_scan(duplicates.scan_duplicates))
    best = {label: (min(t[0] for t in runs), min(t[1] for t in runs), runs[0][2]) for label, runs in times.items()}
    for label, (wall, cpu, pairs) in best.items():
        print(f"  {label}: best wall {wall:.1f} s, best CPU {cpu:.1f} s, {pairs} pairs "
              f"(every round: {', '.join(f'{w:.1f}/{c:.1f}' for w, c, _p in times[label])} s wall/CPU)")
    print(f"  ratio before/now: wall {best['before'][0] / best['now'][0]:.2f}x, "
          f"CPU {best['before'][1] / best['now'][1]:.2f}x")
