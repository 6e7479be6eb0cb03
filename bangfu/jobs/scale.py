"""Employers and job openings of `manage.py seed_scale`: one opening per ten households (a province of 10⁶ families
has ~10⁵ openings, DESIGN.md's workload), from the demo's catalogue of kinds, spread over the province's districts.

Bulk-created (no personal data in them: nothing to encrypt), a few expired or filled, as the demo's are; the
matching caches' data version is bumped once.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from bangfu.core.seeding import ScaleContext
from bangfu.jobs.demo import demo_uscc
from bangfu.jobs.demo_catalogue import BRANDS, EMPLOYER_WORDS, KINDS, JobKind
from bangfu.jobs.models import Employer, Opening
from bangfu.jobs.services import OPENINGS, bump_version

HOUSEHOLDS_PER_OPENING = 10
EMPLOYERS_PER_DISTRICT = 5
CHUNK = 5_000


def seed(context: ScaleContext) -> None:
    rng = random.Random(context.seed + 1)
    today = timezone.localdate()
    districts = context.made["districts"]
    employers: list[Employer] = []
    words: list[str] = []
    codes: set[str] = set()
    for district in districts:
        short = district.name.removesuffix("总工会")
        for word, _kinds in rng.sample(EMPLOYER_WORDS, EMPLOYERS_PER_DISTRICT):
            code = demo_uscc(rng, district.code)
            while code in codes:
                code = demo_uscc(rng, district.code)
            codes.add(code)
            employers.append(Employer(org=district, name=f"{short}{rng.choice(BRANDS)}{word}有限公司", uscc=code,
                                      district_code=district.code, address=f"{short}工业路{rng.randrange(1, 300)}号"))
            words.append(word)
    with transaction.atomic():
        Employer.objects.bulk_create(employers, batch_size=1000)
    kinds = {word: [kind for kind in KINDS if kind.title in titles] for word, titles in EMPLOYER_WORDS}
    total = max(1, context.households // HOUSEHOLDS_PER_OPENING)
    for start in range(0, total, CHUNK):
        rows = [_opening(rng, employers[(start + n) % len(employers)], kinds[words[(start + n) % len(employers)]],
                         start + n, today)
                for n in range(min(CHUNK, total - start))]
        with transaction.atomic():
            Opening.objects.bulk_create(rows, batch_size=1000)
    with transaction.atomic():
        bump_version(OPENINGS)
    context.made["openings"] = total
    context.say(f"    就业：用人单位 {len(employers):,} 家，招聘岗位 {total:,} 个")


def _opening(rng: random.Random, employer: Employer, choices: list[JobKind], n: int, today: dt.date) -> Opening:
    kind = rng.choices(choices, weights=[k.weight for k in choices])[0] if choices else rng.choice(KINDS)
    low, high = kind.wage_yuan
    wage_min = rng.randrange(low, (low + high) // 2 + 1, 100) * 100
    positions = rng.choice((1, 1, 2, 2, 3, 5))
    return Opening(
        org=employer.org, employer=employer, title=kind.title, occupation_code=kind.code, tags=list(kind.tags),
        description=kind.description, requirements=kind.requirements, district_code=employer.district_code,
        wage_min_fen=wage_min, wage_max_fen=max(wage_min, high * 100), shift_slots=rng.choice(kind.shifts),
        positions=positions, accommodations=[a for a in kind.accommodations if rng.random() < 0.7],
        positions_filled=positions if n % 23 == 5 else 0,
        valid_until=today + dt.timedelta(days=-10 if n % 19 == 7 else rng.randrange(30, 240)),
    )
