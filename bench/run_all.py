"""Run every benchmark of bench/ one after another and print their figures (``make bench``).

    .venv/bin/python bench/run_all.py            # the documented sizes (about an hour on the 2-core machine)
    .venv/bin/python bench/run_all.py --quick    # smaller sizes: every path exercised in minutes
    .venv/bin/python bench/run_all.py matching duplicates      # some of them

Each benchmark runs in a process of its own (each builds its own database) and prints its figures and its
ratio against a baseline measured in the same run; this prints each one's output as it comes, then a summary:
wall time and exit code per benchmark, and the machine's load average (a shared machine's wall times are
several times its CPU times: every benchmark prints its CPU time beside its wall time). The outputs are kept
under var/bench/ with the date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name → (arguments at the documented size, arguments of --quick)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "import_households": ([], ["--households", "10000", "--baseline", "500"]),
    "duplicates": ([], ["--households", "20000", "--new", "2000"]),
    "hardship_list": ([], ["--files", "20000", "--requests", "100"]),
    "province": ([], ["--households", "50000", "--requests", "100", "--baseline-requests", "12"]),
    "campaign": ([], ["--people", "20000"]),
    "backup": ([], ["--people", "10000"]),
    "matching": ([], ["--seekers", "10000", "--openings", "2000"]),
    "matching_api": ([], ["--openings", "5000", "--requests", "100"]),
    "schedule": ([], ["--requests", "500", "--trainers", "30"]),
    "legal_report": ([], ["--requests", "5"]),
    "ventures_report": ([], ["--projects", "500", "--requests", "10"]),
    "talks": ([], ["--requests", "300", "--speakers", "40"]),
    "portal": ([], ["--applications", "20000", "--requests", "100"]),
    "short_transactions": ([], []),
    "hammer": ([], ["--seconds", "5", "--processes", "4"]),
    "load": ([], ["--users", "10", "--seconds", "10", "--seed", "light"]),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})")
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        print(f"错误：没有名为 {', '.join(unknown)} 的基准测试；可选：{', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    out_dir = ROOT / "var" / "bench" / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary: list[tuple[str, float, int]] = []
    for name in args.names or list(BENCHMARKS):
        full, quick = BENCHMARKS[name]
        command = [sys.executable, str(ROOT / "bench" / f"{name}.py"), *(quick if args.quick else full)]
        print(f"\n===== {name}: {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        with (out_dir / f"{name}.txt").open("w", encoding="utf-8") as log:
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            assert process.stdout is not None
            for line in process.stdout:
                print(line, end="", flush=True)
                log.write(line)
            code = process.wait()
        summary.append((name, time.perf_counter() - started, code))
    print(f"\n===== summary (load average {os.getloadavg()[0]:.1f}; outputs in {out_dir.relative_to(ROOT)})")
    for name, seconds, code in summary:
        print(f"{name:<20} {seconds:8.1f} s  {'ok' if code == 0 else f'exit {code}'}")
    return 0 if all(code == 0 for _name, _seconds, code in summary) else 1


if __name__ == "__main__":
    raise SystemExit(main())
