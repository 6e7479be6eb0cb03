"""Generated talk-planning instances (Rizhao's four districts, one season) for the planner's tests and bench."""

from __future__ import annotations

import datetime as dt
import random

from bangfu.honours.planner import Request, Speaker, season_days

START, END = dt.date(2020, 12, 1), dt.date(2021, 2, 26)
DISTRICTS = ("东港区", "岚山区", "五莲县", "莒县")


def season_instance(rng: random.Random, n_requests: int, n_speakers: int) -> tuple[list[Request], list[Speaker]]:
    """Speakers with a limit of 1–5 talks and one or two districts in reach; requests with a window of up to
    ten days, a quarter of them asking for two speakers."""
    speakers = [Speaker(key=k, capacity=rng.randint(1, 5),
                        districts=frozenset(rng.sample(DISTRICTS, rng.randint(1, 2)))) for k in range(n_speakers)]
    requests = []
    for key in range(n_requests):
        first = START + dt.timedelta(days=rng.randrange(0, 80))
        days = season_days(first, first + dt.timedelta(days=rng.randint(0, 9)), START, END)
        requests.append(Request(key=key, district=rng.choice(DISTRICTS), days=days, needed=rng.choice((1, 1, 1, 2))))
    return requests, speakers
