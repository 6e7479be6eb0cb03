"""Synthetic families of one city (广州) and duplicates of some of them, filed again by another hand.

See bench/duplicates.py for the shares of each variation; Faker zh_CN names and street names only."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, NamedTuple

DISTRICTS = {"440103": "荔湾区", "440104": "越秀区", "440105": "海珠区", "440106": "天河区", "440111": "白云区",
             "440112": "黄埔区", "440113": "番禺区", "440114": "花都区", "440115": "南沙区", "440117": "从化区",
             "440118": "增城区"}
STREETS = 3000
MODIFIERS = ("", "东", "西", "南", "北", "中", "一", "二", "三", "新")
SUFFIXES = ("路", "街", "大道")
HOMOPHONES = ["张章", "王汪", "陈晨", "林琳", "杰洁", "伟玮炜", "明铭", "华桦", "丽莉俐", "芳方", "静靖婧", "军君",
              "红宏洪", "英瑛", "平萍", "文雯", "玉钰", "燕艳", "霞侠", "勇永", "刚钢", "斌彬", "峰锋", "涛韬",
              "建健", "国帼", "秀绣", "兰岚", "梅玫", "磊蕾", "敏闽", "娟鹃", "超潮", "鹏朋", "辉晖徽", "凯恺",
              "浩皓", "宇雨", "欣新", "佳嘉", "琪琦", "海亥", "云芸", "成诚城", "志智", "立丽", "利力", "金津"]
TYPO_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅飞鹏辉建国海燕晶文斌宇浩凯林春"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CN_DIGITS = "〇一二三四五六七八九"


class Member(NamedTuple):
    name: str
    birth: dt.date
    phone: str = ""
    relation: str = "self"


class Family(NamedTuple):
    address: str
    people: list[Member]  # the head first


class Synthesiser:
    """Families with realistic addresses, and duplicates of some of them with small variations."""

    def __init__(self, seed: int) -> None:
        from faker import Faker

        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        stems = sorted({self.fake.street_name()[:-1] for _ in range(20_000)})
        streets = sorted({f"{stem}{m}{s}" for stem in stems for m in MODIFIERS for s in SUFFIXES})
        self.streets = self.rng.sample(streets, STREETS)
        self.street_weights = [1 / (rank + 1) ** 0.8 for rank in range(STREETS)]
        numbers = list(range(1, 301))
        self.house_numbers = {street: self.rng.sample(numbers, len(numbers)) for street in self.streets}
        self.number_weights = [1 / (rank + 1) ** 1.1 for rank in range(len(numbers))]
        self.used: set[str] = set()
        self.homophones = {ch: group for group in HOMOPHONES for ch in group}

    def address(self) -> str:
        """A flat not used yet: street, house number, then a building and flat, a lettered 座, or a room."""
        rng = self.rng
        while True:
            street = rng.choices(self.streets, self.street_weights)[0]
            number = rng.choices(self.house_numbers[street], self.number_weights)[0]
            kind = rng.random()
            floor, room = rng.randint(1, 33), rng.randint(1, 6)
            if kind < 0.55:
                rest = f"{rng.randint(1, 30)}栋{floor}{room:02d}室"
            elif kind < 0.8:
                letter = self.fake.street_address()[-2]  # Faker's building letter (…W座)
                rest = f"{letter.upper()}座{floor}{room:02d}"
            else:
                rest = f"{floor}{room:02d}房"
            address = f"{street}{number}号{rest}"
            if address not in self.used:
                self.used.add(address)
                return address

    def birth(self) -> dt.date:
        return dt.date(1955, 1, 1) + dt.timedelta(days=self.rng.randrange(16_000))

    def name(self) -> str:
        return self.fake.name()

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"

    def family(self) -> Family:
        """A head, a spouse (70 %), up to two children with the head's surname, sometimes a parent."""
        rng = self.rng
        head = self.birth()
        people = [Member(self.name(), head, self.phone() if rng.random() < 0.85 else "")]
        if rng.random() < 0.7:
            people.append(Member(self.name(), head + dt.timedelta(days=rng.randint(-1800, 1800)),
                                 self.phone() if rng.random() < 0.4 else "", "spouse"))
        surname = people[0].name[0]
        for _ in range(rng.choice((0, 0, 1, 1, 2)) if head.year < 1995 else 0):
            child = head + dt.timedelta(days=rng.randint(20 * 365, 35 * 365))
            if child < dt.date(2024, 1, 1):
                people.append(Member(surname + self.name()[1:], child, "", "child"))
        if rng.random() < 0.15:
            people.append(Member(surname + self.name()[1:], head - dt.timedelta(days=rng.randint(20 * 365, 35 * 365)),
                                 "", "parent"))
        return Family(self.address(), people)

    def variant_family(self, family: Family, district: str) -> Family:
        """The same family filed again elsewhere by another hand (see the module's docstring for the shares)."""
        rng = self.rng
        people = list(family.people)
        if len(people) > 1 and people[1].relation == "spouse" and rng.random() < 0.2:
            people[0], people[1] = people[1]._replace(relation="self"), people[0]._replace(relation="spouse")
        copied = [people[0]] + [p for p in people[1:] if rng.random() >= 0.15]
        changed = []
        for index, person in enumerate(copied):
            head = index == 0
            name = self.variant_name(person.name) if head or rng.random() < 0.4 else person.name
            birth = self.variant_birth(person.birth) if head or rng.random() < 0.53 else person.birth
            phone = person.phone
            if phone:
                roll = rng.random()
                phone = phone if roll < 0.6 else "" if roll < 0.85 else self.phone()
            changed.append(Member(name, birth, phone, person.relation))
        return Family(self.variant_address(family.address, district), changed)

    def variant_name(self, name: str) -> str:
        rng, roll = self.rng, self.rng.random()
        positions = list(range(1, len(name)))
        if roll < 0.5 or not positions:
            return name
        if roll < 0.75:
            swappable = [i for i in positions if name[i] in self.homophones]
            if swappable:
                i = rng.choice(swappable)
                return name[:i] + rng.choice([c for c in self.homophones[name[i]] if c != name[i]]) + name[i + 1:]
            return name
        i = rng.choice(positions)
        return name[:i] + rng.choice([c for c in TYPO_CHARS if c != name[i]]) + name[i + 1:]

    def variant_birth(self, birth: dt.date) -> dt.date:
        if self.rng.random() < 0.85:
            return birth
        return birth + dt.timedelta(days=self.rng.choice((-366, -31, -10, -1, 1, 9, 30, 365)))

    def variant_address(self, address: str, district: str) -> str:
        """The same flat written by another hand: one to three of the usual differences."""
        rng = self.rng
        if rng.random() < 0.15:  # a mistyped room
            digits = [i for i, ch in enumerate(address) if ch.isdigit()]
            i = digits[-1]
            address = address[:i] + rng.choice([d for d in "0123456789" if d != address[i]]) + address[i + 1:]
        forms = rng.sample(["prefix", "office", "full_width", "numerals", "building", "room", "spaces"],
                           rng.randint(1, 3))
        for form in forms:
            if form == "prefix":
                address = rng.choice(["广州市", "广东省广州市", f"广州市{district}", district]) + address
            elif form == "office":
                address = f"{address[:2]}街道" + address
            elif form == "full_width":
                address = address.translate(FULL_WIDTH)
            elif form == "numerals" and "栋" in address:
                head, _sep, tail = address.partition("号")
                number = "".join(ch for ch in tail.split("栋")[0] if ch.isdigit())
                if number and len(number) == 1:
                    address = f"{head}号{CN_DIGITS[int(number)]}栋{tail.split('栋', 1)[1]}"
            elif form == "building":
                address = address.replace("栋", "号楼", 1)
            elif form == "room":
                address = address.removesuffix("室").removesuffix("房") + rng.choice(["", "房", "室"])
            elif form == "spaces":
                address = address.replace("号", "号，", 1).replace("路", "路 ", 1)
        return address


def make_families(synth: Synthesiser, units: list[Any], count: int,
                  originals: list[tuple[int, tuple[Any, Family]]], share: float
                  ) -> tuple[list[tuple[Any, Family]], list[int | None]]:
    """`count` families, `share` of them duplicates of `originals` (index of the original, or None)."""
    families: list[tuple[Any, Family]] = []
    origin: list[int | None] = []
    duplicates = round(count * share)
    for source, (unit, family) in synth.rng.sample(originals, duplicates):
        other = synth.rng.choice([u for u in units if u.code[:6] != unit.code[:6]])
        families.append((other, synth.variant_family(family, DISTRICTS[other.code[:6]])))
        origin.append(source)
    for _ in range(count - duplicates):
        families.append((synth.rng.choice(units), synth.family()))
        origin.append(None)
    order = list(range(count))
    synth.rng.shuffle(order)
    return [families[i] for i in order], [origin[i] for i in order]
