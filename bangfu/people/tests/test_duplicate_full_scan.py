"""The full scan of every city stores exactly what the pure functions find, however it is run.

A generated province — two cities, families drawn from a few names, birth dates, flats and phone numbers, so
that many pairs are scored, some held and some not — is scanned from nothing (no pair, no stored key, every
household due). The queue must then hold `find_pairs` over each city's rows, with their scores, similarity and
reasons; each household's stored blocking keys must be those of the digests as first written (`_digest` of the
parts: databases keyed before stay valid); its scan key the digest of its keys. The data is committed
(`transaction=True`) so that on PostgreSQL the cities are compared by worker processes as in production; on
SQLite's in-memory test database they are compared in this process.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections import defaultdict
from typing import Any

import pytest
from django.db import connection

from bangfu.people import services
from bangfu.people.duplicates import FileRow, find_pairs, live_files, member_phones, read_rows, scan_duplicates
from bangfu.people.duplicates.blocking import _digest, blocking_keys
from bangfu.people.duplicates.scan import _workers
from bangfu.people.models import DuplicateCandidate, DuplicateKey, EmploymentStatus, Household, Relation
from bangfu.people.tests.helpers import apply_family, same_birth_id

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ("张伟", "张玮", "章伟", "王芳", "王方", "欧阳明华", "殴阳明华", "李娜")
BIRTHS = (dt.date(1975, 5, 5), dt.date(1975, 5, 6), dt.date(1975, 6, 5), dt.date(1980, 1, 2))
PHONES = ("13800000001", "13800000002", "")
FLATS = {"广州": ("五山路1号2栋301", "五山路１号２栋３０１室", "五山路1号2栋302", "赤岗路2号3栋101", "石牌路8号", ""),
         "北京": ("长安街1号1栋101", "长安街1号1栋101室", "长安街1号1栋102", "西单路3号", "")}


def _keys_as_first_written(row: FileRow) -> set[int]:
    """The blocking keys as the first keyed databases hold them: each `_digest` of its parts."""
    keys: set[int] = set()
    for person in row.persons():
        if person.birth:
            if person.pinyin:
                keys.add(_digest("same", row.city, person.pinyin, person.birth))
            if len(person.name) >= 2:
                keys.add(_digest("first", row.city, person.birth, person.name[:1]))
                keys.add(_digest("rest", row.city, person.birth, person.name[1:]))
        if row.block and person.pinyin:
            keys.add(_digest("block", row.city, row.block, person.pinyin))
    if row.block and row.address_key != row.block:
        keys.add(_digest("flat", row.city, row.address_key))
    return keys


def _member(rng: random.Random, region: str, relation: str, sex: str) -> services.MemberInput:
    birth = rng.choice(BIRTHS)
    person = services.PersonInput(name=rng.choice(NAMES), id_number=same_birth_id(region, birth, sex),
                                  phone=rng.choice(PHONES))
    return services.MemberInput(person=person, relation=relation, employment_status=EmploymentStatus.UNEMPLOYED)


def _family(rng: random.Random, actor: Any, org: Any, city: str, region: str) -> None:
    members = [_member(rng, region, Relation.SELF, "M")]
    if rng.random() < 0.6:
        members.append(_member(rng, region, Relation.SPOUSE, "F"))
    data = services.HouseholdInput(members=tuple(members), address=rng.choice(FLATS[city]),
                                   file=services.FileInput(primary_cause="laid_off"))
    services.create_household(actor=actor, org=org, data=data)


@pytest.fixture
def province(workers: dict[str, Any], org_tree: Any, make_user: Any) -> None:
    rng = random.Random(20)
    beijing = make_user("city_officer", org_tree["beijing"])
    for n in range(40):
        street = ("wushan", "chigang")[n % 2]
        _family(rng, workers[street], org_tree[street], "广州", ("440106", "440105")[n % 2])
    for _n in range(16):
        _family(rng, beijing, org_tree["beijing"], "北京", "110101")
    apply_family(workers["wushan"], org_tree["wushan"], head="赵六")  # the services' own scan ran too: forgotten
    DuplicateCandidate.objects.all().delete()
    DuplicateKey.objects.all().delete()
    Household.objects.update(duplicate_scan_key="")


def test_the_full_scan_stores_what_the_pure_functions_find(province: None) -> None:
    made = scan_duplicates(full=True)
    expected = {}
    cities = sorted(set(Household.objects.values_list("city_code", flat=True)))
    assert len(cities) == 2
    assert _workers(len(cities)) == (0 if connection.vendor == "sqlite" else min(2, os.cpu_count() or 1))
    for city in cities:
        rows = read_rows(live_files().filter(household__city_code=city))
        expected.update(find_pairs(rows, rows, phones=member_phones))
    stored = {(c.file_a_id, c.file_b_id): (c.score, c.name_birth_match, c.address_similarity, c.reasons)
              for c in DuplicateCandidate.objects.all()}
    assert stored == {pair: (match.score, match.name_birth, round(match.similarity, 4), match.reasons())
                      for pair, match in expected.items()}
    assert len(made) == len(stored) >= 30
    assert set(DuplicateCandidate.objects.values_list("file_a__household__city_code", flat=True)) == set(cities)

    stored_keys: dict[int, set[int]] = defaultdict(set)
    for household_id, key in DuplicateKey.objects.values_list("household_id", "key"):
        stored_keys[household_id].add(key)
    rows = read_rows(live_files())
    assert stored_keys == {row.household_id: _keys_as_first_written(row) for row in rows}
    assert all(blocking_keys(row) == _keys_as_first_written(row) for row in rows)
    assert dict(Household.objects.values_list("pk", "duplicate_scan_key")) == {row.household_id: row.scan_key()
                                                                                for row in rows}


def test_a_second_full_scan_finds_nothing_new_and_rewrites_nothing(province: None) -> None:
    scan_duplicates(full=True)
    keys = sorted(DuplicateKey.objects.values_list("pk", "household_id", "key"))
    assert scan_duplicates(full=True) == [] and scan_duplicates() == []
    assert sorted(DuplicateKey.objects.values_list("pk", "household_id", "key")) == keys  # not deleted and rewritten
