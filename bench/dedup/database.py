"""The bench's database: a fresh SQLite or PostgreSQL one, the city's union tree, and families written in bulk
as the services would write them (encrypted ID numbers and phones, match keys)."""

from __future__ import annotations

import os
from typing import Any

from bench.dedup.families import DISTRICTS, Family, Member

PG_NAME = "bench_bangfu_dedup"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fresh_postgres(url: str, name: str = PG_NAME, *, fresh: bool = True) -> str:
    """A new, empty database `name` next to the one named in `url` (`fresh=False`: kept as it is, created when
    missing, as on a new machine); its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if fresh and exists:
            conn.execute(f"DROP DATABASE {name}")  # a bench's constant name: nothing from outside
        if fresh or not exists:
            conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


def drop_postgres(url: str, name: str = PG_NAME) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


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


class Writer:
    """Bulk-creates people, households, members and files (encrypted ID numbers and phones, match keys as the
    services set them)."""

    def __init__(self, units: list[Any]) -> None:
        from bangfu.people.duplicates import place_names_for

        self.units = units
        self.places = {unit.pk: place_names_for(unit) for unit in units}
        self.serial = 0
        self.indexes: set[str] = set()

    def _person(self, unit: Any, member: Member) -> Any:
        from bangfu.core.sensitive import blind_index
        from bangfu.people.idgen import make_id_number
        from bangfu.people.models import Person
        from bangfu.people.names import pinyin_keys

        self.serial += 1
        sex = "M" if self.serial % 2 else "F"
        while True:  # unique numbers: another sequence when this one was drawn already
            number = make_id_number(unit.code[:6], member.birth, self.serial % 500, sex)
            index = blind_index(number)
            if index not in self.indexes:
                break
            self.serial += 1
        self.indexes.add(index)
        full, initials = pinyin_keys(member.name)
        return Person(org=unit, name=member.name, name_pinyin=full, name_initials=initials, id_number=number,
                      id_index=index, sex=sex, birth_date=member.birth, phone=member.phone)

    def write(self, families: list[tuple[Any, Family]]) -> list[int]:
        """(unit, family) → file ids, in order."""
        from bangfu.people.duplicates import address_match_keys
        from bangfu.people.models import FileStatus, HardshipFile, Household, HouseholdMember, Person

        file_ids: list[int] = []
        for start in range(0, len(families), 5000):
            chunk = families[start:start + 5000]
            people = [[self._person(unit, member) for member in family.people] for unit, family in chunk]
            Person.objects.bulk_create([p for group in people for p in group], batch_size=1000)
            households = []
            for (unit, family), group in zip(chunk, people, strict=True):
                keys = address_match_keys(family.address, region_code=unit.region_code,
                                          place_names=self.places[unit.pk])
                households.append(Household(org=unit, head=group[0], address=family.address,
                                            region_code=unit.region_code, city_code=keys.city_code,
                                            address_key=keys.address_key, address_block=keys.address_block))
            Household.objects.bulk_create(households, batch_size=1000)
            HouseholdMember.objects.bulk_create(
                [HouseholdMember(household=household, person=person, relation=member.relation)
                 for household, group, (_unit, family) in zip(households, people, chunk, strict=True)
                 for person, member in zip(group, family.people, strict=True)], batch_size=2000)
            files = [HardshipFile(org=h.org, household=h, primary_cause="laid_off", status=FileStatus.FORMAL)
                     for h in households]
            HardshipFile.objects.bulk_create(files, batch_size=1000)
            file_ids += [f.pk for f in files]
        return file_ids
