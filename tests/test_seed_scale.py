"""`manage.py seed_scale` at a small size: the province it builds is stored as real use stores it, and scoped.

Runs on the suite's database (SQLite, or PostgreSQL when DATABASE_URL names one): the union tree, families filed
through the import service (encrypted ID numbers and phones that decrypt, valid and unique ID numbers, blind
indexes, tiers with their reasons, a head in every household), openings and legal-aid cases; a district officer's
list page holds their district's families only; a second run is refused in Chinese; bad input exits 2.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F
from django.test import Client
from django.urls import reverse
from stdnum.cn import ric

from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.core.sensitive import blind_index
from bangfu.jobs.models import Employer, Opening
from bangfu.legal.models import Claimant, LegalCase
from bangfu.people import queries
from bangfu.people.models import FileEvent, FileStatus, HardshipFile, Household, HouseholdMember, Person

HOUSEHOLDS = 2_000
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(db: Any) -> None:
    call_command("seed_scale", "--households", str(HOUSEHOLDS), "--batch", "700", "--seed", "7", stdout=_Sink())


class _Sink:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> None:
        self.lines.append(text)


def test_counts_and_tree(province: None) -> None:
    below = OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code="44").path)
    assert below.filter(level=OrgLevel.CITY).count() == 21
    assert below.filter(level=OrgLevel.COUNTY).count() == 210
    assert below.filter(level=OrgLevel.STREET).count() == 2_100
    assert OrgUnit.objects.get(code="440106").name == "天河区总工会"
    assert Household.objects.count() == HardshipFile.objects.count() == HOUSEHOLDS
    people = Person.objects.count()
    assert people == HouseholdMember.objects.count()
    assert 2.2 * HOUSEHOLDS < people < 2.9 * HOUSEHOLDS  # ~2.55 members a family
    # every file on a street, every status the seeder moves files to
    assert not HardshipFile.objects.exclude(org__level=OrgLevel.STREET).exists()
    statuses = dict(HardshipFile.objects.values_list("status").annotate(n=Count("id")))
    assert set(statuses) == {FileStatus.FORMAL, FileStatus.TEMPORARY, FileStatus.RELIEVED, FileStatus.APPLIED}
    assert statuses[FileStatus.FORMAL] > 0.75 * HOUSEHOLDS
    # each file: its application event, and the event of the step that moved it
    assert FileEvent.objects.filter(action="apply").count() == HOUSEHOLDS
    assert FileEvent.objects.exclude(action="apply").count() == HOUSEHOLDS - statuses[FileStatus.APPLIED]
    # assessed by the register's tier rules, each with its reasons (a family above every threshold has no tier)
    assert not HardshipFile.objects.filter(assessed_on__isnull=True).exists()
    assert not HardshipFile.objects.filter(tier_reasons=[]).exists()
    assert {"deep", "relative", ""} == set(HardshipFile.objects.values_list("tier", flat=True).distinct())
    assert not Household.objects.filter(city_code="").exists()
    assert Opening.objects.count() == HOUSEHOLDS // 10
    assert Employer.objects.count() == 210 * 5
    assert LegalCase.objects.count() == HOUSEHOLDS // 100 == Claimant.objects.count()
    assert User.objects.filter(username__startswith="scale_district_").count() == 210


def test_every_household_has_its_head_as_a_member(province: None) -> None:
    heads = HouseholdMember.objects.filter(relation="self")
    assert heads.count() == HOUSEHOLDS
    assert set(heads.values_list("household_id", "person_id")) == set(Household.objects.values_list("id", "head_id"))
    # one household per person, and the household's unit is its head's
    assert HouseholdMember.objects.values("person_id").distinct().count() == Person.objects.count()
    assert not Household.objects.exclude(org_id=F("head__org_id")).exists()


def test_every_household_is_compared_as_after_an_import(province: None) -> None:
    """Each batch's households are compared with their cities as the import's task compares them: none is left due,
    each keeps its blocking keys, and a second comparison of every file finds no pair the seeding did not."""
    from bangfu.people.duplicates import live_files, read_rows, scan_duplicates
    from bangfu.people.duplicates.blocking import blocking_keys
    from bangfu.people.models import DuplicateCandidate, DuplicateKey

    assert not Household.objects.filter(duplicate_scan_key="").exists()
    stored: dict[int, set[int]] = {}
    for household_id, key in DuplicateKey.objects.values_list("household_id", "key"):
        stored.setdefault(household_id, set()).add(key)
    assert stored == {row.household_id: blocking_keys(row) for row in read_rows(live_files())}
    before = DuplicateCandidate.objects.count()
    assert scan_duplicates(full=True) == [] and DuplicateCandidate.objects.count() == before


def test_id_numbers_valid_unique_encrypted_and_indexed(province: None) -> None:
    rows = list(Person.objects.values_list("id", "id_number", "id_index", "birth_date", "sex"))
    numbers = [number for _id, number, _index, _birth, _sex in rows]
    assert len(set(numbers)) == len(numbers)
    for _id, number, index, birth, sex in rows:
        assert ric.is_valid(number), number
        assert ric.get_birth_date(number) == birth
        assert sex == ("M" if int(number[16]) % 2 else "F")
        assert index == blind_index(number)
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number, phone FROM {table} WHERE phone <> ''")  # noqa: S608 - a model's table
        stored = cursor.fetchall()
    assert stored and not any(number in numbers or phone.startswith("13") for number, phone in stored)
    phones = [p for p in Person.objects.exclude(phone="").values_list("phone", flat=True)]
    assert len(phones) == HOUSEHOLDS and all(len(p) == 11 and p.startswith("13") for p in phones)
    claimant = Claimant.objects.first()
    assert claimant is not None and ric.is_valid(claimant.id_number)
    assert claimant.id_index == blind_index(claimant.id_number)


def test_a_district_officer_sees_their_district_only(province: None) -> None:
    officer = User.objects.get(username="scale_district_440106")
    district = OrgUnit.objects.get(code="440106")
    mine = HardshipFile.objects.filter(org__path__startswith=district.path)
    assert 0 < mine.count() < HOUSEHOLDS // 50
    assert set(queries.visible_files(officer).values_list("id", flat=True)) == set(mine.values_list("id", flat=True))
    client = Client()
    client.force_login(officer)
    response = client.get(reverse("people:household_list"), {"size": "100"})
    assert response.status_code == 200
    shown = {row.pk for row in response.context["page"].object_list}
    assert shown and shown <= set(mine.values_list("id", flat=True))
    assert response.context["page"].paginator.count == mine.exclude(
        status__in=queries.CLOSED_STATUSES).count()
    elsewhere = HardshipFile.objects.exclude(org__path__startswith=district.path).first()
    assert elsewhere is not None
    household_url = reverse("people:household_detail", args=[elsewhere.household_id])
    assert client.get(household_url).status_code == 404
    city_officer = User.objects.get(username="scale_city_4401")
    assert queries.visible_files(city_officer).count() == HardshipFile.objects.filter(
        org__path__startswith=OrgUnit.objects.get(code="4401").path).count()


def test_a_second_run_is_refused_and_changes_nothing(province: None) -> None:
    with pytest.raises(CommandError, match="已有 2,000 份困难职工档案") as refused:
        call_command("seed_scale", "--households", "10", stdout=_Sink())
    assert refused.value.returncode == 2
    assert HardshipFile.objects.count() == HOUSEHOLDS


@pytest.mark.parametrize(("argument", "message"), [("abc", "户数须为整数"), ("0", "户数须在 1 到")])
def test_bad_input_exits_2_in_chinese_without_a_traceback(argument: str, message: str) -> None:
    done = subprocess.run([sys.executable, "manage.py", "seed_scale", "--households", argument], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
