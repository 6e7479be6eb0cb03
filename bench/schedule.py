"""Benchmark: one week of home training, 2,000 requested sessions and 100 trainers in Guangzhou's 11 districts.

    .venv/bin/python bench/schedule.py                      # 2,000 requests, 100 trainers
    .venv/bin/python bench/schedule.py --requests 500 --trainers 30

The path timed is the scheduler the service `training.services.schedule_week` calls (CP-SAT, started
from the greedy schedule), beside the greedy baseline on the same instance in the same run. Both
schedules are checked against every constraint (`scheduler.violations`). Target: ≤ 30 s, and at least
as many sessions as the greedy.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bangfu.matching.engine.districts import DistrictTable  # noqa: E402
from bangfu.training.scheduler import schedule_greedy, schedule_week, violations  # noqa: E402
from bangfu.training.synthetic import guangzhou_instance  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--trainers", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20201218)
    parser.add_argument("--limit", type=float, default=25.0, help="CP-SAT time limit, seconds")
    args = parser.parse_args()
    table = DistrictTable.default()
    requests, trainers = guangzhou_instance(random.Random(args.seed), args.requests, args.trainers)
    began = time.perf_counter()
    greedy = schedule_greedy(requests, trainers, table.distance_km)
    greedy_s = time.perf_counter() - began
    began = time.perf_counter()
    solved = schedule_week(requests, trainers, table.distance_km, time_limit_s=args.limit)
    solved_s = time.perf_counter() - began
    for schedule in (greedy, solved):
        problems = violations(schedule, requests, trainers, table.distance_km)
        if problems:
            print(f"{schedule.method}: {len(problems)} violations, e.g. {problems[:3]}")
            return 1
    reasons: dict[str, int] = {}
    for reason in solved.unscheduled.values():
        reasons[reason] = reasons.get(reason, 0) + 1
    print(f"instance: {len(requests)} requested sessions, {len(trainers)} trainers, one week")
    print(f"greedy baseline : {greedy.count:5d} scheduled in {greedy_s:6.2f} s")
    print(f"CP-SAT ({solved.status:8s}): {solved.count:5d} scheduled in {solved_s:6.2f} s "
          f"(ratio {solved.count / max(1, greedy.count):.3f} × greedy)")
    deep = {r.id for r in requests if r.priority == 3}
    print(f"deep-hardship requests scheduled: CP-SAT {sum(p.request_id in deep for p in solved.placements)}"
          f" / greedy {sum(p.request_id in deep for p in greedy.placements)} of {len(deep)}")
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        print(f"  unscheduled {count:5d}: {reason}")
    ok = solved_s <= 30 and solved.count >= greedy.count
    print("target ≤ 30 s and ≥ greedy:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
