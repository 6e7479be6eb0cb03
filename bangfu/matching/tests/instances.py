"""Random seekers and openings for the tests: small vocabularies, so that pairs share a lot."""

from __future__ import annotations

import random
from datetime import date, timedelta

from bangfu.matching.engine import ALL_WEEK, Opening, Seeker, slot_mask

AS_OF = date(2024, 3, 5)
DISTRICTS = ("440103", "440104", "440105", "440106", "440113", "110105", "999999")
CODES = (
    "4-01-02-01",
    "4-01-02-03",
    "4-01-02-04",
    "4-01-06-01",
    "4-02-02-01",
    "4-02-05-01",
    "4-01-02",
    "4-01",
    "6-02",
    "6-02-01-01",
)
TAGS = ("电商", "客服", "Excel", "excel", "收银", "叉车", "驾照", "普通话", "粤语", "仓储")
WORDS = (
    "淘宝客服",
    "收银员",
    "超市",
    "仓库管理员",
    "叉车",
    "快递员",
    "驾驶员",
    "电子商务师",
    "直播",
    "夜班",
    "物流",
    "Excel",
    "普通话",
    "社区",
)
TITLES = ("电商客服", "超市收银员", "仓库管理员", "快递员", "网约车驾驶员", "直播助理", "")
NEEDS = ("wheelchair", "flexible_hours", "sign_language")


def _shift(rng: random.Random) -> int:
    choice = rng.randrange(5)
    if choice == 0:
        return 0
    if choice == 1:
        return slot_mask(rng.randrange(7), 9, 12)
    mask = 0
    for weekday in range(5 if choice < 4 else 7):
        mask |= slot_mask(weekday, 8 + rng.randrange(3), 17 + rng.randrange(3))
    return mask


def _free(rng: random.Random) -> int:
    if rng.random() < 0.4:
        return ALL_WEEK
    mask = 0
    for weekday in range(7):
        if rng.random() < 0.8:
            mask |= slot_mask(weekday, rng.randrange(10), 12 + rng.randrange(13))
    return mask


def _text(rng: random.Random, low: int, high: int) -> str:
    return "，".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def random_seeker(rng: random.Random, number: int) -> Seeker:
    accepted = rng.sample(DISTRICTS, rng.randint(0, 3))
    return Seeker(
        id=f"S{number:03d}",
        tags=set(rng.sample(TAGS, rng.randint(0, 4))),
        occupation_codes=rng.sample(CODES, rng.randint(0, 3)),
        occupation_edition=rng.choice(("2022", "2022", "2022", "2015")),
        districts=set(accepted),
        home_district=rng.choice((*DISTRICTS, None)),
        commute_limit_km=rng.choice((None, None, 5.0, 12.0, 30.0)),
        free_slots=_free(rng),
        wage_floor_fen=rng.choice((0, 300000, 400000, 450000, 600000)),
        needs=set(rng.sample(NEEDS, rng.choice((0, 0, 0, 1, 2)))),
        text=_text(rng, 0, 6),
        employment_difficulty=rng.random() < 0.3,
        disability=rng.random() < 0.2,
        caring_duties=rng.random() < 0.3,
        sex=rng.choice(("男", "女", None)),
        age=rng.choice((None, 19, 35, 48, 58)),
    )


def random_opening(rng: random.Random, number: int) -> Opening:
    low = rng.choice((250000, 350000, 400000, 500000))
    return Opening(
        id=f"J{number:03d}",
        title=rng.choice(TITLES),
        occupation_code=rng.choice((*CODES, "")),
        edition=rng.choice(("2022", "2022", "2022", "2015")),
        tags=set(rng.sample(TAGS, rng.randint(0, 4))),
        text=_text(rng, 0, 8),
        district=rng.choice(DISTRICTS),
        wage_min_fen=low,
        wage_max_fen=low + rng.choice((0, 50000, 150000, 300000)),
        shift_slots=_shift(rng),
        openings_left=rng.choice((0, 1, 1, 2, 3)),
        accommodations=set(rng.sample(NEEDS, rng.randint(0, 3))),
        valid_until=rng.choice((None, AS_OF, AS_OF - timedelta(days=1), AS_OF + timedelta(days=30))),
    )


def random_instance(seed: int, seekers: int, openings: int) -> tuple[list[Seeker], list[Opening]]:
    rng = random.Random(seed)
    return (
        [random_seeker(rng, i) for i in range(seekers)],
        [random_opening(rng, j) for j in range(openings)],
    )
