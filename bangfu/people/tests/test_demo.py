"""The demo: Guangzhou reproduces the seed's shares exactly; Beijing fills the campaign's groups; idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from bangfu.accounts import demo as accounts_demo
from bangfu.core.seeding import DemoContext
from bangfu.honours.models import Honour
from bangfu.people import demo
from bangfu.people.demodata.guangzhou import allocation_counts
from bangfu.people.models import (
    IN_FILE_STATUSES,
    DuplicateCandidate,
    EmploymentStatus,
    FileStatus,
    HardshipFile,
    Household,
    Person,
)

pytestmark = pytest.mark.django_db


def test_the_demo(db: Any) -> None:
    """One seeding (it takes seconds), checked from every side."""
    context = DemoContext(password="Demo-Password-2020")
    accounts_demo.seed(context)
    demo.seed(context)
    for check in (check_guangzhou_reproduces_the_seed_shares, check_members_agree_with_the_files,
                  check_every_demo_id_number_is_valid_and_unique, check_beijing_has_members_for_all_eight_groups,
                  check_songjiang_alar_and_the_duplicate_queue, check_files_in_progress_went_through_the_services,
                  check_seeding_again_adds_nothing):
        check(context)


def check_files_in_progress_went_through_the_services(seeded: Any) -> None:
    """Issue 9 §3: the demo's files under way were reviewed by someone other than the applicant, investigated
    with a record and publicised from today, through the services (real events, not written statuses)."""
    from django.utils import timezone

    from bangfu.people.models import FileEvent, HomeInvestigation, Publicity

    publicised = HardshipFile.objects.filter(status=FileStatus.PUBLICISED)
    investigated = HardshipFile.objects.filter(status__in=[FileStatus.INVESTIGATED, FileStatus.PUBLICISED])
    assert publicised.count() == 2 and investigated.count() == 5
    assert set(HomeInvestigation.objects.values_list("file", flat=True)) == set(investigated.values_list("pk",
                                                                                                         flat=True))
    assert set(Publicity.objects.values_list("file", flat=True)) == set(publicised.values_list("pk", flat=True))
    assert set(Publicity.objects.values_list("starts_on", flat=True)) == {timezone.localdate()}
    reviews = FileEvent.objects.filter(action="review", file__status__in=[
        FileStatus.STREET_REVIEWED, FileStatus.INVESTIGATED, FileStatus.PUBLICISED]).select_related("file")
    assert reviews.count() == 8
    assert all(e.actor_id is not None and e.actor_id != e.file.created_by_id for e in reviews)


def _share(files: Any, condition: Q) -> float:
    return round(100 * files.filter(condition).count() / files.count(), 2)


def test_allocation_adds_up_to_the_seed() -> None:
    counts = allocation_counts()
    assert counts == {"families": 400, "L": 152, "D": 132, "S": 168, "I": 152, "Z": 60, "two_or_more": 96}


def check_guangzhou_reproduces_the_seed_shares(seeded: Any) -> None:
    files = HardshipFile.objects.filter(org__path__startswith=seeded.made["orgs"]["guangzhou"].path,
                                        status__in=IN_FILE_STATUSES)
    assert files.count() == 400
    laid_off = Q(primary_cause="laid_off") | Q(secondary_causes__icontains='"laid_off"')
    schooling = Q(primary_cause="child_schooling") | Q(secondary_causes__icontains='"child_schooling"')
    illness = Q(primary_cause="major_illness") | Q(secondary_causes__icontains='"major_illness"')
    assert _share(files, laid_off) == 38.0
    assert _share(files, Q(disability_or_mental_illness=True)) == 33.0
    assert _share(files, schooling) == 42.0
    assert _share(files, illness) == 38.0
    assert _share(files, Q(zero_labour=True)) == 15.0
    two_or_more = sum(
        1 for f in files
        if sum(("laid_off" in f.causes, f.disability_or_mental_illness, "child_schooling" in f.causes,
                "major_illness" in f.causes, f.zero_labour)) >= 2)
    assert two_or_more == 96


def check_members_agree_with_the_files(seeded: Any) -> None:
    files = HardshipFile.objects.filter(org__path__startswith=seeded.made["orgs"]["guangzhou"].path,
                                        status__in=IN_FILE_STATUSES).prefetch_related("household__members")
    for f in files:
        members = list(f.household.members.all())
        assert ("laid_off" in f.causes) == any(m.employment_status == EmploymentStatus.UNEMPLOYED for m in members)
        assert ("child_schooling" in f.causes) == any(m.employment_status == EmploymentStatus.STUDENT
                                                      for m in members)
        assert ("major_illness" in f.causes) == any(m.has_major_illness for m in members)
        assert f.disability_or_mental_illness == any(m.disability_or_mental_illness for m in members)
        assert f.tier in ("deep", "relative", "accidental") and f.tier_reasons
        assert len(f.secondary_causes) <= 3


def check_every_demo_id_number_is_valid_and_unique(seeded: Any) -> None:
    from stdnum.cn import ric

    numbers = [p.id_number for p in Person.objects.all()]
    assert len(numbers) == len(set(numbers)) > 2000
    assert all(ric.is_valid(n) for n in numbers)


def check_beijing_has_members_for_all_eight_groups(seeded: Any) -> None:
    beijing = seeded.made["orgs"]["beijing"]
    people = Person.objects.filter(org__path__startswith=beijing.path)
    files = HardshipFile.objects.filter(org__path__startswith=beijing.path)
    assert files.filter(status__in=IN_FILE_STATUSES).count() == 200
    assert files.filter(status=FileStatus.TEMPORARY).count() == 40
    assert people.filter(Q(work_injury_disabled=True) | Q(occupational_disease=True)).count() == 45
    bereaved = Household.objects.filter(org__path__startswith=beijing.path, members__person__died_on_duty=True)
    assert bereaved.count() == 10
    held = Honour.objects.filter(person__org__path__startswith=beijing.path)  # in the honours register
    assert held.filter(title__code__in=["national_model", "provincial_model", "national_advanced",
                                        "provincial_advanced"]).values("person").distinct().count() == 60
    assert held.filter(title__code="major_task_model").count() == 40
    tags = [tag for p in people.exclude(job_tags=[]) for tag in p.job_tags]
    assert tags.count("艰苦行业") == 50 and tags.count("节日坚守") == 60 and tags.count("派驻挂职") == 25
    assert people.filter(industry__in=["环卫", "快递", "供电", "供热", "交通运输"]).count() >= 60
    assert people.filter(hukou_type="rural").exists()


def check_songjiang_alar_and_the_duplicate_queue(seeded: Any) -> None:
    orgs = seeded.made["orgs"]
    assert HardshipFile.objects.filter(org__path__startswith=orgs["songjiang"].path).count() == 20
    assert HardshipFile.objects.filter(org__path__startswith=orgs["alar"].path).count() == 50
    assert DuplicateCandidate.objects.filter(name_birth_match=True).count() >= 3


def check_seeding_again_adds_nothing(seeded: Any) -> None:
    before = (Person.objects.count(), HardshipFile.objects.count(), DuplicateCandidate.objects.count())
    demo.seed(seeded)
    assert (Person.objects.count(), HardshipFile.objects.count(), DuplicateCandidate.objects.count()) == before
