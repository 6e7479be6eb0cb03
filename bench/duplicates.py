"""Benchmark of the fuzzy duplicate scan at 100,000 households in one city (prints figures; not a test).

    .venv/bin/python bench/duplicates.py                              # 100,000 + 10,000 households
    .venv/bin/python bench/duplicates.py --households 20000 --new 2000
    .venv/bin/python bench/duplicates.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Builds a fresh database (SQLite under a temporary directory, or a new PostgreSQL database
`bench_bangfu_dedup` that is dropped afterwards) holding one city (广州, 11 districts × 10 streets) and
`--households` families with a file each. Addresses are realistic: Faker zh_CN street names made into
3,000 streets (direction and ordinal forms: 香港东路, 中山二路 …), house numbers, buildings (栋, or the
lettered 座 of Faker's `street_address`), floors and rooms; streets and house numbers are Zipf-distributed,
so a few compounds hold a thousand families (as real cities do), most a handful. Heads are Faker zh_CN
names (which repeat, as Chinese names do) with random birth dates.

1 % of the households are injected duplicates of another household, filed in another district under a
new ID number, with small variations: the address written differently (province/city/district prefix,
street office, full-width digits, Chinese numerals, 3号楼 for 3栋, 房 or nothing for 室, spaces and
commas) and in 15 % a mistyped room; the head's name the same (50 %), a homophone (25 %) or one
character mistyped (25 %); the birth date the same (85 %) or mistyped (15 %).

Measured: the full scan of the city (`scan_duplicates(city, full=True)`), then `--new` more households
(1 % of them duplicates of earlier ones) scanned incrementally (`scan_duplicates(city)`: only the
households due), and the same new households through `scan_households(ids)` (indexed lookups). Printed:
time, pairs found, precision and recall against the injected duplicates. The baseline is the scan as
first written (blocks of the first three characters of the normalised address, every pair within a block
compared with difflib; heads grouped by pinyin and birth date) on a `--baseline-slice` of the households,
scaled to the city: its pairs within blocks grow with the square of the households.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
PG_NAME = "bench_bangfu_dedup"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fresh_postgres(url: str) -> str:
    """A new, empty database next to the one named in `url`; returns its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")  # a constant name: nothing from outside
        conn.execute(f"CREATE DATABASE {PG_NAME}")
    return url.rsplit("/", 1)[0] + "/" + PG_NAME


def drop_postgres(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")


def build_tree() -> list[Any]:
    from bangfu.accounts.models import OrgLevel
    from bangfu.accounts.services import upsert_org_unit

    root = upsert_org_unit(code="CN", name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
    province = upsert_org_unit(code="44", name="广东省总工会", level=OrgLevel.PROVINCE, parent=root,
                               region_code="440000")
    city = upsert_org_unit(code="4401", name="广州市总工会", level=OrgLevel.CITY, parent=province,
                           region_code="440100")
    units = []
    for code, name in DISTRICTS.items():
        district = upsert_org_unit(code=code, name=f"{name}总工会", level=OrgLevel.COUNTY, parent=city,
                                   region_code=code)
        for n in range(1, 11):
            units.append(upsert_org_unit(code=f"{code}{n:03d}", name=f"{name}第{n}街道总工会",
                                         level=OrgLevel.STREET, parent=district, region_code=f"{code}{n:03d}"))
    return units


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


class Writer:
    """Bulk-creates heads, households and files (encrypted ID numbers, match keys as the services set them)."""

    def __init__(self, units: list[Any]) -> None:
        from bangfu.people.duplicates import place_names_for

        self.units = units
        self.places = {unit.pk: place_names_for(unit) for unit in units}
        self.serial = 0
        self.indexes: set[str] = set()

    def write(self, families: list[tuple[Any, str, dt.date, str]]) -> list[int]:
        """(unit, head name, birth, address) → file ids, in order."""
        from bangfu.core.sensitive import blind_index
        from bangfu.people.duplicates import address_match_keys
        from bangfu.people.idgen import make_id_number
        from bangfu.people.models import FileStatus, HardshipFile, Household, Person
        from bangfu.people.names import pinyin_keys

        file_ids: list[int] = []
        for start in range(0, len(families), 5000):
            chunk = families[start:start + 5000]
            people = []
            for unit, name, birth, _address in chunk:
                self.serial += 1
                full, initials = pinyin_keys(name)
                sex = "M" if self.serial % 2 else "F"
                number = make_id_number(unit.code[:6], birth, self.serial % 500, sex)
                while True:  # unique numbers: another sequence when this one was drawn already
                    index = blind_index(number)
                    if index not in self.indexes:
                        break
                    self.serial += 1
                    number = make_id_number(unit.code[:6], birth, self.serial % 500, sex)
                self.indexes.add(index)
                people.append(Person(org=unit, name=name, name_pinyin=full, name_initials=initials, id_number=number,
                                     id_index=index, sex=sex, birth_date=birth))
            Person.objects.bulk_create(people, batch_size=1000)
            households = []
            for (unit, _name, _birth, address), head in zip(chunk, people, strict=True):
                keys = address_match_keys(address, region_code=unit.region_code, place_names=self.places[unit.pk])
                households.append(Household(org=unit, head=head, address=address, region_code=unit.region_code,
                                            city_code=keys.city_code, address_key=keys.address_key,
                                            address_block=keys.address_block))
            Household.objects.bulk_create(households, batch_size=1000)
            files = [HardshipFile(org=h.org, household=h, primary_cause="laid_off", status=FileStatus.FORMAL)
                     for h in households]
            HardshipFile.objects.bulk_create(files, batch_size=1000)
            file_ids += [f.pk for f in files]
        return file_ids


def make_families(synth: Synthesiser, units: list[Any], count: int,
                  originals: list[tuple[int, tuple[Any, str, dt.date, str]]], share: float
                  ) -> tuple[list[tuple[Any, str, dt.date, str]], list[int | None]]:
    """`count` families, `share` of them duplicates of `originals` (index of the original, or None)."""
    families: list[tuple[Any, str, dt.date, str]] = []
    origin: list[int | None] = []
    duplicates = round(count * share)
    for source, (unit, name, birth, address) in synth.rng.sample(originals, duplicates):
        other = synth.rng.choice([u for u in units if u.code[:6] != unit.code[:6]])
        families.append((other, synth.variant_name(name), synth.variant_birth(birth),
                         synth.variant_address(address, DISTRICTS[other.code[:6]])))
        origin.append(source)
    for _ in range(count - duplicates):
        families.append((synth.rng.choice(units), synth.name(), synth.birth(), synth.address()))
        origin.append(None)
    order = list(range(count))
    synth.rng.shuffle(order)
    return [families[i] for i in order], [origin[i] for i in order]


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def same_family_pairs(families: Any) -> set[tuple[int, int]]:
    """Every pair of files of one injected family (the original and its copies)."""
    return {ordered(a, b) for files in families for i, a in enumerate(files) for b in files[i + 1:]}


def found_pairs() -> dict[tuple[int, int], list[str]]:
    from bangfu.people.models import DuplicateCandidate

    return {(a, b): reasons for a, b, reasons in DuplicateCandidate.objects.values_list("file_a", "file_b", "reasons")}


def score(found: dict[tuple[int, int], list[str]], truth: set[tuple[int, int]], label: str) -> None:
    hits = truth & set(found)
    if os.environ.get("BENCH_SHOW_MISSES"):
        from bangfu.people.models import HardshipFile

        for pair in sorted(truth - hits):
            print("    missed:", [HardshipFile.objects.values_list("household__address", "household__address_key",
                                                                    "household__head__name",
                                                                    "household__head__birth_date").get(pk=pk)
                                  for pk in pair])
    recall = len(hits) / len(truth) if truth else 1.0
    precision = len(hits) / len(found) if found else 1.0
    others = Counter(_reason_kind(found[pair]) for pair in set(found) - truth)
    print(f"  {label}: {len(found):,} pairs; injected duplicates found {len(hits):,} of {len(truth):,} "
          f"→ recall {recall:.1%}, precision {precision:.1%}")
    print(f"    not injected ({len(found) - len(hits):,}): "
          + "; ".join(f"{kind} {count:,}" for kind, count in others.most_common()))


def _reason_kind(reasons: list[str]) -> str:
    """The rule that paired two families not injected as duplicates (they are there by chance)."""
    if reasons[0].startswith("户主姓名拼音相同且出生日期相同"):
        return "same head pinyin and birth date"
    signals = {"户主出生日期相同": "birth date", "户主姓名拼音相同": "pinyin", "户主姓名仅一字之差": "similar name"}
    named = [name for text, name in signals.items() if text in reasons]
    flat = "same flat" if reasons[0].startswith("住址相同") else "near-identical address"
    return " + ".join([flat, *named])


def old_scan(rows: list[Any]) -> int:
    """The scan as first written, on loaded rows: pinyin+birth groups, then every pair within each block of
    the first three characters of the normalised address compared with difflib (ratio ≥ 0.9)."""
    pairs: set[tuple[int, int]] = set()
    people: dict[tuple[str, Any], list[int]] = defaultdict(list)
    blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        people[(row.pinyin, row.birth)].append(row.file_id)
        if row.address_key:
            blocks[row.address_key[:3]].append((row.file_id, row.address_key))
    for ids in people.values():
        pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    for members in blocks.values():
        for i, (first, first_key) in enumerate(members):
            for second, second_key in members[i + 1:]:
                matcher = SequenceMatcher(None, first_key, second_key, autojunk=False)
                if matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
                    pairs.add((first, second))
    return len(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--share", type=float, default=0.01, help="share of injected duplicates")
    parser.add_argument("--baseline-slice", type=int, default=5_000)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL: the bench runs in a new database there")
    parser.add_argument("--seed", type=int, default=20201218)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = fresh_postgres(args.postgres) if args.postgres else f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        setup_django(url)
        try:
            run(args)
        finally:
            if args.postgres:
                drop_postgres(args.postgres)


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    from bangfu.people.duplicates import FileRow, _live_files, _rows, scan_duplicates, scan_households
    from bangfu.people.models import DuplicateCandidate, HardshipFile

    print(f"Database: {connection.vendor}")
    units = build_tree()
    synth = Synthesiser(args.seed)
    writer = Writer(units)
    started = time.perf_counter()
    base_count = args.households - round(args.households * args.share)
    base = [(synth.rng.choice(units), synth.name(), synth.birth(), synth.address()) for _ in range(base_count)]
    base_ids = writer.write(base)
    indexed = list(enumerate(base))
    dups, origin = make_families(synth, units, round(args.households * args.share), indexed, 1.0)
    dup_ids = writer.write(dups)
    families = {o: [base_ids[o], f] for o, f in zip(origin, dup_ids, strict=True) if o is not None}
    truth = same_family_pairs(families.values())
    print(f"Built {args.households:,} households ({len(truth):,} injected duplicates) in "
          f"{time.perf_counter() - started:.0f} s; {len(synth.streets):,} streets, "
          f"{HardshipFile.objects.values('household__address_block').distinct().count():,} address blocks")

    print("\nFull scan of the city (scan_duplicates('4401', full=True))")
    started = time.perf_counter()
    made = scan_duplicates("4401", full=True)
    full_seconds = time.perf_counter() - started
    print(f"  {full_seconds:.1f} s, {len(made):,} pairs stored")
    score(found_pairs(), truth, "queue")

    new, new_origin = make_families(synth, units, args.new, indexed, args.share)
    new_ids = writer.write(new)
    for o, f in zip(new_origin, new_ids, strict=True):
        if o is not None:
            families.setdefault(o, [base_ids[o]]).append(f)
    new_truth = same_family_pairs(families.values()) - truth  # a family filed a third time pairs with both
    before = set(found_pairs())
    print(f"\nIncremental scan of {args.new:,} new households ({len(new_truth)} injected duplicates), "
          "scan_duplicates('4401'): the households due")
    started = time.perf_counter()
    made = scan_duplicates("4401")
    incremental_seconds = time.perf_counter() - started
    after = found_pairs()
    print(f"  {incremental_seconds:.1f} s, {len(made):,} pairs stored")
    score({pair: reasons for pair, reasons in after.items() if pair not in before}, new_truth, "new pairs")

    DuplicateCandidate.objects.filter(file_b__in=new_ids).delete()
    print(f"\nThe same {args.new:,} households by scan_households(ids) (indexed lookups)")
    started = time.perf_counter()
    made = scan_households(HardshipFile.objects.filter(pk__in=new_ids).values_list("household_id", flat=True))
    indexed_seconds = time.perf_counter() - started
    print(f"  {indexed_seconds:.1f} s, {len(made):,} pairs stored")
    print(f"  again: {len(scan_duplicates('4401'))} pairs (nothing due), "
          f"{len(scan_duplicates('4401', full=True))} pairs (full: nothing new)")

    rows: list[FileRow] = _rows(_live_files().filter(household__city_code="4401").order_by("?")[:args.baseline_slice])
    print(f"\nBaseline: the first scan on a {len(rows):,}-household slice")
    started = time.perf_counter()
    old_pairs = old_scan(rows)
    old_seconds = time.perf_counter() - started
    factor = (args.households / len(rows)) ** 2
    print(f"  {old_seconds:.1f} s, {old_pairs:,} pairs; scaled to {args.households:,} households (×{factor:.0f}, "
          f"pairs within blocks grow with the square): ~{old_seconds * factor / 60:.0f} min, "
          f"~{old_pairs * factor:,.0f} pairs")
    print(f"\nTargets: full ≤ 60 s: {full_seconds:.1f} s; incremental 10k ≤ 10 s: {incremental_seconds:.1f} s "
          f"(indexed {indexed_seconds:.1f} s)")


if __name__ == "__main__":
    main()
