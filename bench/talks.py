"""Benchmark: a season of talk requests for a 宣讲团 — 300 requests, 40 speakers, Rizhao's four districts.

    .venv/bin/python bench/talks.py                        # 300 requests, 40 speakers
    .venv/bin/python bench/talks.py --requests 600 --speakers 80

The path timed is the planner the service `honours.services.talks.plan_season` (page "排定一轮宣讲" and
API `POST /api/v1/honours/teams/{id}/plan`) calls: CP-SAT started from the greedy plan, beside the greedy
baseline on the same instance in the same run. Both plans are checked against every rule (one talk a day per
speaker, each speaker's own limit, districts within reach, the speakers each talk asks for). Target: ≤ 10 s,
and at least as many talks as the greedy.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bangfu.honours.planner import Plan, Request, Speaker, plan_cpsat, plan_greedy  # noqa: E402
from bangfu.honours.synthetic import season_instance  # noqa: E402


def violations(plan: Plan, requests: list[Request], speakers: list[Speaker]) -> list[str]:
    by_request = {r.key: r for r in requests}
    by_speaker = {s.key: s for s in speakers}
    problems = [f"speaker {s} twice on {d}" for (s, d), n in Counter(
        (s, day) for day, chosen in plan.booked.values() for s in chosen).items() if n > 1]
    problems += [f"speaker {k} over limit" for k, n in plan.load().items() if n > by_speaker[k].capacity]
    for key, (day, chosen) in plan.booked.items():
        request = by_request[key]
        if day not in request.days or len(set(chosen)) != request.needed:
            problems.append(f"request {key} badly booked")
        problems += [f"speaker {s} out of reach of {key}" for s in chosen
                     if not by_speaker[s].reaches(request.district)]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--speakers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20201218)
    parser.add_argument("--limit", type=float, default=8.0, help="CP-SAT time limit, seconds")
    args = parser.parse_args()
    requests, speakers = season_instance(random.Random(args.seed), args.requests, args.speakers)
    began = time.perf_counter()
    greedy = plan_greedy(requests, speakers)
    greedy_s = time.perf_counter() - began
    began = time.perf_counter()
    solved = plan_cpsat(requests, speakers, seconds=args.limit)
    solved_s = time.perf_counter() - began
    for name, plan in (("greedy", greedy), ("CP-SAT", solved)):
        problems = violations(plan, requests, speakers)
        if problems:
            print(f"{name}: {len(problems)} violations, e.g. {problems[:3]}")
            return 1
    capacity = sum(s.capacity for s in speakers)
    print(f"instance: {len(requests)} talk requests, {len(speakers)} speakers ({capacity} talks of capacity), "
          "one season")
    print(f"greedy baseline : {len(greedy.booked):4d} booked in {greedy_s:6.2f} s")
    status = "optimal" if solved.optimal else "feasible"
    print(f"CP-SAT ({status}): {len(solved.booked):4d} booked in {solved_s:6.2f} s "
          f"(ratio {len(solved.booked) / max(1, len(greedy.booked)):.3f} × greedy)")
    for reason, count in Counter(solved.unfilled.values()).most_common():
        print(f"  unfilled {count:4d}: {reason}")
    ok = solved_s <= 10 and len(solved.booked) >= len(greedy.booked)
    print("target ≤ 10 s and ≥ greedy:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
