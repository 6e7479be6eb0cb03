"""Generated scheduling instances (Guangzhou's districts) for the scheduler's tests and its benchmark."""

from __future__ import annotations

import random

from bangfu.matching.engine.districts import DistrictTable
from bangfu.matching.engine.slots import slot_mask
from bangfu.training.scheduler import Request, TrainerSpec

SKILLS = ("电商", "家政", "育婴", "烹饪", "电工")


def _block_mask(rng: random.Random, days: int, earliest: int, latest: int, length: int) -> int:
    mask = 0
    for day in rng.sample(range(7), days):
        start = rng.randint(earliest, latest - length)
        mask |= slot_mask(day, start, start + length)
    return mask


def guangzhou_instance(rng: random.Random, n_requests: int, n_trainers: int
                       ) -> tuple[list[Request], list[TrainerSpec]]:
    districts = [code for code in DistrictTable.default().codes() if code.startswith("4401")]
    trainers = [
        TrainerSpec(id=index + 1, district=rng.choice(districts),
                    available_mask=_block_mask(rng, rng.randint(3, 5), 8, 21, rng.randint(6, 10)),
                    max_per_day=rng.randint(2, 4), skills=frozenset(rng.sample(SKILLS, 2)))
        for index in range(n_trainers)
    ]
    requests: list[Request] = []
    plan = 0
    while len(requests) < n_requests:
        plan += 1
        district = rng.choice(districts)
        free = _block_mask(rng, rng.randint(2, 4), 8, 21, rng.randint(3, 6))
        priority = rng.choices((3, 2, 1, 0), weights=(2, 4, 1, 3))[0]
        skills = frozenset({rng.choice(SKILLS)})
        for _ in range(min(rng.randint(1, 2), n_requests - len(requests))):
            requests.append(Request(id=len(requests) + 1, plan_id=plan, district=district, free_mask=free,
                                    hours=rng.choice((1, 2, 2, 3)), priority=priority, skills=skills))
    return requests, trainers
