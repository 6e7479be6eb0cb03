"""Synthetic families for benchmarks and the province-scale dataset (`manage.py seed_scale`).

Never real people: Faker zh_CN names and made-up resident ID numbers with their check digits (GB 11643-1999,
ISO 7064 MOD 11-2), each unique, the county code one that existed in the birth year. Rows come in the import
template's column order (`bangfu/people/imports/columns.py`), head first, so they go through the same reader,
checks and writer as an uploaded workbook.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from stdnum import numdb

from bangfu.people.idgen import region_code_for_year

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
CAUSES = ("下岗失业", "患重特大疾病", "子女上学", "无劳动能力", "有劳动能力而未就业", "遭受意外事故", "其他")
EMPLOYMENT = ("在岗", "下岗失业", "离退休", "无劳动能力")


def check_digit(body: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2: the 18th character of a resident ID number."""
    return CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def county_years(code: str) -> list[tuple[int, int]]:
    """The years (first, last) in which python-stdnum's division table has `code` as a county."""
    info = {key: value for _part, props in numdb.get("cn/loc").info(code) for key, value in props.items()}
    spans = []
    for entry in filter(None, info.get("county", "").split(",")):
        if not entry.startswith("["):
            spans.append((0, 9999))
            continue
        first, last = entry[1:].split("]", 1)[0].split("-")
        spans.append((int(first or 0), int(last or 9999)))
    return spans


class IdMaker:
    """Unique valid numbers: a county code valid in the birth year, the birth date, a sequence, the check digit."""

    def __init__(self, counties: list[str]) -> None:
        self.counties = counties
        self.used: dict[tuple[str, str], int] = {}
        self._spans = {code: county_years(code) for code in counties}
        self._by_year: dict[int, list[str]] = {}

    def _valid_in(self, year: int) -> list[str]:
        found = self._by_year.get(year)
        if found is None:
            found = [code for code, spans in self._spans.items() if any(first <= year <= last for first, last in spans)]
            # none of them existed yet (many codes date from 1983): the nearest county that did (one search a year)
            self._by_year[year] = found = found or [region_code_for_year(self.counties[0], year)]
        return found

    def make(self, rng: random.Random, birth: dt.date, sex: str) -> str:
        region = rng.choice(self._valid_in(birth.year))
        day = f"{birth:%Y%m%d}"
        sequence = self.used.get((region, day), 0) + 1
        if sequence > 499:  # three digits hold 499 people of one sex a day: another county of the list
            return self.make(rng, birth + dt.timedelta(days=1), sex)
        self.used[(region, day)] = sequence
        order = sequence * 2 + (1 if sex == "M" else 0)  # odd for men
        body = f"{region}{day}{order:03d}"
        return body + check_digit(body)


def name_pool(size: int, seed: int) -> list[str]:
    """`size` Faker zh_CN names (they repeat, as Chinese names do)."""
    from faker import Faker

    faker = Faker("zh_CN")
    faker.seed_instance(seed)
    return [faker.name() for _ in range(size)]


def households(count: int, *, rng: random.Random, ids: IdMaker, names: list[str], streets: list[str],
               key_prefix: str = "") -> Iterator[list[Any]]:
    """Rows in the template's column order (see bangfu/people/imports/columns.py), head first; ~2.55 members a
    household, the street (a unit code) drawn from `streets`."""
    for n in range(count):
        size = rng.choices((1, 2, 3, 4), weights=(15, 30, 40, 15))[0]
        key = f"{key_prefix}{n + 1}"
        head_birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(14_000))
        causes = rng.sample(CAUSES, rng.choice((1, 1, 2, 3)))
        yield [key, "户主", rng.choice(names), ids.make(rng, head_birth, rng.choice("MF")),
               f"13{rng.randrange(10**9):09d}", rng.choice(("城镇", "农村")), rng.choice(EMPLOYMENT),
               rng.choice(("是", "否", "否", "否")), rng.choice(("是", "否", "否")), None, None,
               rng.randrange(0, 3000), None, "是", rng.choice(streets), f"某某路{rng.randrange(1, 300)}号",
               "基层", causes[0], *[*causes[1:], None, None, None][:3], None, None, None]
        for relation in ("配偶", "子女", "子女")[:size - 1]:
            child = relation == "子女"
            birth = head_birth + dt.timedelta(days=rng.randrange(9000, 11000) if child else rng.randrange(-900, 900))
            yield [key, relation, rng.choice(names), ids.make(rng, birth, rng.choice("MF")), None, None,
                   "在校学生" if child else rng.choice(EMPLOYMENT), "否", "否", None, None,
                   0 if child else rng.randrange(0, 4000)]
