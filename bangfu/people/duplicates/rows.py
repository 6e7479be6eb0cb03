"""What the duplicate check reads of a file: its household's match keys and every member's name keys, read in
bulk (`read_rows`), and the members' phone numbers for the pairs scored (`member_phones`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TypeVar

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from bangfu.people.models import FileStatus, HardshipFile, HouseholdMember, Person

CHUNK = 500
# Files that no longer stand for a family need no comparing.
IGNORED_STATUSES = (FileStatus.MERGED, FileStatus.REJECTED)
_T = TypeVar("_T")


class PersonKey(NamedTuple):
    """What the comparison reads of one member: name, its pinyin, birth date and person id."""

    name: str
    pinyin: str
    birth: Any  # datetime.date
    person_id: int


class FileRow(NamedTuple):
    """What the comparison reads of one file: its household's keys, its head's name keys and every member's."""

    file_id: int
    household_id: int
    city: str
    address_key: str
    block: str
    name: str
    pinyin: str
    birth: Any  # datetime.date
    checked: str  # the household's duplicate_scan_key
    people: tuple[PersonKey, ...] = ()  # every member, the head included

    def persons(self) -> tuple[PersonKey, ...]:
        return self.people or (PersonKey(self.name, self.pinyin, self.birth, 0),)

    def scan_key(self) -> str:
        """A digest of the keys compared (address, every member's name, pinyin and birth date), stored once the
        household is compared: when it is unchanged the household's stored blocking keys are still its own and
        need no rewriting. Only a digest is stored: no copy of the address."""
        members = sorted(f"{p.name}/{p.pinyin}/{p.birth.isoformat() if p.birth else ''}" for p in self.persons())
        text = f"{self.address_key}|{'|'.join(members)}"
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def match_keys(self, near: Container[tuple[Any, str]] | None = None) -> list[tuple[Any, ...]]:
        """The comparison keys: files sharing none of them are never scored. One key per signal the score can
        use, per member (not only the head: a family filed by the husband in one district and by the wife in
        another shares its members): the same person (pinyin, birth date); a name one character apart with
        the same birth date; the same pinyin at the same road and number (a birth date mistyped); the flat.

        `near` (from `name_parts`) leaves out the one-character-apart keys no file under scan can share: two
        names of one birth date one character apart agree on their first character or on all the others."""
        keys: list[tuple[Any, ...]] = []
        for person in self.persons():
            if person.birth:
                if person.pinyin:
                    keys.append(("name_birth", self.city, person.pinyin, person.birth))
                if len(person.name) >= 2 and (near is None or (person.birth, person.name[:1]) in near
                                              or (person.birth, person.name[1:]) in near):
                    keys += [("similar_name", self.city, person.birth, f"{person.name[:i]}*{person.name[i + 1:]}")
                             for i in range(len(person.name))]
            if self.block and person.pinyin:
                keys.append(("same_pinyin", self.city, self.block, person.pinyin))
        if self.block and self.address_key != self.block:  # down to a building or flat
            keys.append(("same_address", self.city, self.address_key))
        return keys


def name_parts(rows: Iterable[FileRow]) -> set[tuple[Any, str]]:
    """(birth date, first character) and (birth date, the rest of the name) of every member: what a name one
    character apart from one of theirs must share with it."""
    return {(p.birth, part) for row in rows for p in row.persons() if p.birth and len(p.name) >= 2
            for part in (p.name[:1], p.name[1:])}


ROW_FIELDS = ("pk", "household_id", "household__city_code", "household__address_key", "household__address_block",
              "household__head_id", "household__duplicate_scan_key")
MEMBER_FIELDS = ("household_id", "person__name", "person__name_pinyin", "birth_text", "person_id")


def chunks(items: Sequence[_T], size: int = CHUNK) -> Iterator[Sequence[_T]]:
    """`items` in slices of `size`: IN lists a database takes in one statement."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def live_files() -> QuerySet[HardshipFile]:
    """Files that still stand for a family, in a city: the only ones compared."""
    return HardshipFile.objects.exclude(status__in=IGNORED_STATUSES).exclude(household__city_code="")


# A named tuple made from a plain one without the generated Python `__new__` (a frame per row): a city's rows
# and members are 400,000 tuples, and their making was a fifth of the read.
_new_tuple = tuple.__new__


def read_rows(files: QuerySet[HardshipFile]) -> list[FileRow]:
    """The files' rows, each with its household's members: two queries whatever the number of files (the members
    through a subquery of the files, not chunks of ids: one scan instead of hundreds of IN lists; the head's
    name keys taken from its member row rather than a second join to Person)."""
    households = list(files.values_list(*ROW_FIELDS))
    people: dict[int, list[PersonKey]] = defaultdict(list)
    members = HouseholdMember.objects.filter(household_id__in=files.values("household_id")).order_by("pk") \
        .annotate(birth_text=Cast("person__birth_date", CharField()))
    # Birth dates read as text and parsed once per distinct date: converting each of a city's 300,000 dates
    # (by the driver, then by Django) was a third of the read.
    dates: dict[str, dt.date] = {}
    for household_id, name, pinyin, birth, person_id in members.values_list(*MEMBER_FIELDS):
        day = dates.get(birth) if birth else None
        if day is None and birth:
            day = dates[birth] = dt.date.fromisoformat(birth)
        people[household_id].append(_new_tuple(PersonKey, (name, pinyin, day, person_id)))
    rows = []
    for file_id, household_id, city, address_key, block, head_id, checked in households:
        persons = tuple(people.get(household_id, ()))
        for head in persons:
            if head.person_id == head_id:
                break
        else:
            head = _head_outside(head_id)
        rows.append(_new_tuple(FileRow, (file_id, household_id, city, address_key, block, head.name, head.pinyin,
                                         head.birth, checked, persons)))
    return rows


def _head_outside(head_id: int) -> PersonKey:
    """A head who is not among the members (a record written by hand): read alone, so the heads still compare."""
    name, pinyin, birth = Person.objects.values_list("name", "name_pinyin", "birth_date").get(pk=head_id)
    return PersonKey(name, pinyin, birth, head_id)


def member_phones(household_ids: Sequence[int]) -> dict[int, set[str]]:
    """The members' phone numbers of these households, as stored (normalised): read only for the pairs scored,
    since each is decrypted."""
    phones: dict[int, set[str]] = defaultdict(set)
    for chunk in chunks(household_ids):
        for household_id, phone in HouseholdMember.objects.filter(household_id__in=chunk).exclude(person__phone="") \
                .values_list("household_id", "person__phone"):
            if phone:
                phones[household_id].add(phone)
    return phones
