"""Duplicates: the exact check (one ID, one record) and the fuzzy one across districts (resolution: test_merge)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError

from bangfu.people import services
from bangfu.people.duplicates import address_block_of, address_similarity, normalise_address, scan_duplicates
from bangfu.people.models import DuplicateCandidate, DuplicateStatus, Household, Person, Relation
from bangfu.people.tests.helpers import apply_family, member, same_birth_id

pytestmark = pytest.mark.django_db
BIRTH = dt.date(1978, 8, 8)


SPOUSE_BIRTH = dt.date(1980, 1, 2)


def _same_birth_id(region: str) -> str:
    return same_birth_id(region, BIRTH)


def _spouse(region: str, name: str = "李四") -> tuple[Any, ...]:
    """The same wife in both files (the same human: each file under its own ID number)."""
    return (member(name, relation=Relation.SPOUSE, id_number=same_birth_id(region, SPOUSE_BIRTH, "F"),
                   birth=SPOUSE_BIRTH),)


@pytest.mark.parametrize(("raw", "normalised"), [
    ("广州市天河区五山路１００号　３栋", "五山路100号3栋"),
    ("广东省广州市天河区五山路100号三栋二〇一室", "五山路100号3栋201"),
    ("天河五山路十二号", "五山路12号"),
    ("五山路 100 号，3-201", "五山路100号3201"),
    ("天河区五山街道五山路100号3号楼201房", "五山路100号3栋201"),
    ("五山路100号3幢201", "五山路100号3栋201"),
    ("天河街道天河区五山路１００号３座２０１室", "五山路100号3栋201"),
])
def test_addresses_are_normalised(raw: str, normalised: str, workers: dict[str, Any], org_tree: Any) -> None:
    from bangfu.people.duplicates import place_names_for

    key = normalise_address(raw, place_names_for(org_tree["wushan"]))
    assert key == normalised
    assert normalise_address(key) == key  # stored keys can be re-derived from themselves


@pytest.mark.parametrize(("key", "block"), [
    ("五山路100号3栋201", "五山路100号"),
    ("石牌村3巷5号2栋", "石牌村3巷5号"),
    ("华景新城5栋302", "华景新城5"),
    ("华南理工大学", "华南理工大学"),
    ("", ""),
])
def test_the_block_is_road_and_house_number(key: str, block: str) -> None:
    assert address_block_of(key) == block


def test_the_same_id_index_cannot_be_stored_twice(workers: dict[str, Any], org_tree: Any) -> None:
    hardship_file = apply_family(workers["wushan"], org_tree["wushan"])
    head = hardship_file.household.head
    with pytest.raises(IntegrityError):
        Person.objects.create(org=org_tree["chigang"], name="复制", id_number=head.id_number, id_index=head.id_index,
                              sex="M", birth_date=head.birth_date)


def test_same_name_pinyin_and_birth_date_across_districts(workers: dict[str, Any], org_tree: Any) -> None:
    first = apply_family(workers["wushan"], org_tree["wushan"], head="张三丰", head_id=_same_birth_id("440106"),
                         extra=_spouse("440106"))
    second = apply_family(workers["chigang"], org_tree["chigang"], head="章三峰", head_id=_same_birth_id("440105"),
                          extra=_spouse("440105", "李思"))
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.file_a_id, candidate.file_b_id) == (first.pk, second.pk)
    assert (candidate.name_birth_match, candidate.score) == (True, 7.0)
    assert candidate.reasons == ["户主姓名拼音相同且出生日期相同", "另有 1 名家庭成员姓名拼音和出生日期相同",
                                 "综合评分 7（6 分起列为疑似重复）"]


def test_a_head_born_the_same_day_under_the_same_pinyin_alone_is_chance(workers: dict[str, Any],
                                                                      org_tree: Any) -> None:
    """In a city of 10⁵ families names and birth dates coincide: one person alike is not one family."""
    apply_family(workers["wushan"], org_tree["wushan"], head="张伟", head_id=_same_birth_id("440106"))
    apply_family(workers["chigang"], org_tree["chigang"], head="张伟", head_id=_same_birth_id("440105"))
    assert DuplicateCandidate.objects.count() == 0


def test_the_wife_filing_in_another_district_is_found_through_the_members(workers: dict[str, Any],
                                                                          org_tree: Any) -> None:
    """The husband files in one district, the wife in another: the heads differ, the members do not."""
    husband_birth = dt.date(1976, 6, 6)
    apply_family(workers["wushan"], org_tree["wushan"], head="王大明", birth=husband_birth,
                 head_id=same_birth_id("440106", husband_birth), extra=_spouse("440106", "刘芳"),
                 address="五山路100号3栋201")
    husband = member("王大明", relation=Relation.SPOUSE, id_number=same_birth_id("440105", husband_birth),
                     birth=husband_birth)
    apply_family(workers["chigang"], org_tree["chigang"], head="刘芳", birth=SPOUSE_BIRTH,
                 head_id=same_birth_id("440105", SPOUSE_BIRTH, "F"), extra=(husband,), address="赤岗路8号")
    candidate = DuplicateCandidate.objects.get()
    assert candidate.reasons[:2] == ["另有 2 名家庭成员姓名拼音和出生日期相同", "住址不在同一门牌"]
    assert candidate.score == 6.0  # two people alike (3 + 1, 3), another address (−1)


def test_the_same_flat_written_differently_across_districts(workers: dict[str, Any], org_tree: Any) -> None:
    apply_family(workers["wushan"], org_tree["wushan"], head="李雷", address="广州市天河区五山路100号3栋201房")
    apply_family(workers["chigang"], org_tree["chigang"], head="韩梅梅", address="五山路１００号三号楼201",
                 birth=dt.date(1990, 1, 1))
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.name_birth_match, candidate.address_similarity, candidate.score) == (False, 1.0, 6.0)
    assert candidate.reasons == ["住址相同（规范化后一致）", "综合评分 6（6 分起列为疑似重复）"]


def test_a_near_identical_address_needs_a_second_signal(workers: dict[str, Any], org_tree: Any) -> None:
    apply_family(workers["wushan"], org_tree["wushan"], head="欧阳明辉", address="五山路100号3栋201",
                 head_id=_same_birth_id("440106"))
    apply_family(workers["chigang"], org_tree["chigang"], head="周芳", address="五山路100号3栋202",
                 birth=dt.date(1990, 1, 1))  # the neighbours
    assert DuplicateCandidate.objects.count() == 0
    typo = apply_family(workers["chigang"], org_tree["chigang"], head="欧阳明军", address="五山路100号3栋207",
                        head_id=_same_birth_id("440105"), birth=BIRTH)  # the name mistyped, born the same day
    candidate = DuplicateCandidate.objects.get()
    assert typo.pk == candidate.file_b_id and candidate.name_birth_match is False
    assert candidate.reasons == ["1 名家庭成员出生日期相同、姓名仅一字之差", "住址高度相似（相似度 0.92）",
                                 "综合评分 6（6 分起列为疑似重复）"]
    apply_family(workers["chigang"], org_tree["chigang"], head="王五", address="五山路100号3栋20",
                 head_id=_same_birth_id("440105"), birth=BIRTH)  # a neighbour born the same day: chance
    assert DuplicateCandidate.objects.count() == 1


def test_different_people_and_addresses_are_not_candidates(workers: dict[str, Any], org_tree: Any) -> None:
    apply_family(workers["wushan"], org_tree["wushan"], head="李雷", address="五山路100号3栋201", birth=BIRTH)
    apply_family(workers["chigang"], org_tree["chigang"], head="王芳", address="赤岗路8号12栋1203",
                 birth=dt.date(1990, 1, 1))
    assert address_similarity("五山路100号3栋201", "五山路108号9栋702") < 0.9
    assert DuplicateCandidate.objects.count() == 0


def test_a_house_number_alone_is_not_a_signal(workers: dict[str, Any], org_tree: Any) -> None:
    apply_family(workers["wushan"], org_tree["wushan"], head="陈静", address="五山路1号", birth=BIRTH)
    apply_family(workers["chigang"], org_tree["chigang"], head="黄河", address="五山路1号",  # a whole compound
                 birth=dt.date(1990, 1, 1))
    assert DuplicateCandidate.objects.count() == 0


def test_another_city_is_not_compared(workers: dict[str, Any], org_tree: Any, make_user: Any) -> None:
    beijing_worker = make_user("city_officer", org_tree["beijing"])
    apply_family(workers["wushan"], org_tree["wushan"], head="张伟", head_id=_same_birth_id("440106"))
    apply_family(beijing_worker, org_tree["beijing"], head="张伟", head_id=_same_birth_id("110101"))
    assert DuplicateCandidate.objects.count() == 0


def _forget_scans() -> None:
    """As after a bulk import, which writes households without comparing them."""
    DuplicateCandidate.objects.all().delete()
    Household.objects.update(duplicate_scan_key="")


def test_the_city_scan_takes_only_households_due_and_is_idempotent(workers: dict[str, Any],
                                                                   org_tree: Any) -> None:
    a = apply_family(workers["wushan"], org_tree["wushan"], head="陈静", head_id=_same_birth_id("440106"),
                     address="五山路1号2栋101", extra=_spouse("440106"))
    b = apply_family(workers["chigang"], org_tree["chigang"], head="陈晶", head_id=_same_birth_id("440105"),
                     address="赤岗路2号", extra=_spouse("440105"))
    c = apply_family(workers["chigang"], org_tree["chigang"], head="黄河", address="五山路1号2栋101室")
    DuplicateCandidate.objects.all().delete()
    Household.objects.exclude(pk=b.household_id).update(duplicate_scan_key="")  # b was compared already
    made = scan_duplicates()
    assert {(x.file_a_id, x.file_b_id) for x in made} == {(a.pk, b.pk), (a.pk, c.pk)}
    assert scan_duplicates() == []  # nothing due any more
    assert scan_duplicates(city_code="4401", full=True) == []  # the same pairs are never stored twice
    assert scan_duplicates(city_code="1101", full=True) == []
    assert DuplicateCandidate.objects.count() == 2


def test_an_import_that_re_keys_a_household_makes_it_due(workers: dict[str, Any], org_tree: Any,
                                                          make_user: Any) -> None:
    """An import writes without comparing: a household it moves to another flat, or gives a new member, is due
    (its stored keys are out of date) and the import names its city for the scan that follows."""
    from bangfu.people.tests.test_import_support import head, member, new_id, run

    importer = make_user("street_social_worker", org_tree["tianhe"])
    first = apply_family(workers["wushan"], org_tree["wushan"], head="林一", address="五山路7号2栋301")
    number = new_id()
    assert run(importer, org_tree["tianhe"], [head(name="林二", id_number=number, address="赤岗路9号")]).applied
    assert scan_duplicates() == []  # compared once: nothing due
    second = Household.objects.get(head__name="林二")
    result = run(importer, org_tree["tianhe"], [head(name="林二", id_number=number, address="五山路7号2栋301室")])
    assert result.city_codes == {"4401"}
    assert Household.objects.get(pk=second.pk).duplicate_scan_key == ""
    assert [(x.file_a_id, x.file_b_id) for x in scan_duplicates("4401")] == [(first.pk, second.hardship_file.pk)]
    # A new member only (the address as before) makes the household due again as well.
    result = run(importer, org_tree["tianhe"], [head(name="林二", id_number=number, address="五山路7号2栋301室"),
                                                member(name="林小二")])
    assert result.counts()["members_created"] == 1 and result.city_codes == {"4401"}
    assert Household.objects.get(pk=second.pk).duplicate_scan_key == ""
    assert scan_duplicates("4401") == []  # compared again: the pair is already in the queue
    assert Household.objects.get(pk=second.pk).duplicate_scan_key != ""


def test_the_indexed_pool_finds_what_reading_the_city_finds(workers: dict[str, Any], org_tree: Any) -> None:
    """The scan of the households due reads only the files sharing a stored blocking key with them, yet pairs
    exactly as comparing them with the whole city does: the same person, a name one character apart in the
    surname or the given name, the same pinyin at the same road with a birth date mistyped, the same flat."""
    from bangfu.people.duplicates import live_files, read_rows
    from bangfu.people.duplicates.blocking import keys_of, pool_for
    from bangfu.people.duplicates.pairing import candidate_pairs

    birth = dt.date(1975, 5, 5)
    olds = [
        apply_family(workers["wushan"], org_tree["wushan"], head="欧阳明华", address="五山路1号2栋301", birth=birth),
        apply_family(workers["wushan"], org_tree["wushan"], head="陈静", address="石牌路8号1栋101", birth=birth),
        apply_family(workers["wushan"], org_tree["wushan"], head="黄河", address="龙口路9号3栋202",
                     birth=dt.date(1975, 5, 6)),
        apply_family(workers["wushan"], org_tree["wushan"], head="李雷", address="中山路5号1栋101"),
        apply_family(workers["wushan"], org_tree["wushan"], head="韩梅梅", address="黄埔路2号6栋606",
                     birth=dt.date(1960, 1, 1)),  # shares nothing with the newcomers
    ]
    news = [
        apply_family(workers["chigang"], org_tree["chigang"], head="殴阳明华", address="赤岗路1号", birth=birth),
        apply_family(workers["chigang"], org_tree["chigang"], head="陈晶", address="赤岗路2号", birth=birth),
        apply_family(workers["chigang"], org_tree["chigang"], head="黄河", address="龙口路9号5栋101",
                     birth=dt.date(1975, 6, 6)),
        apply_family(workers["chigang"], org_tree["chigang"], head="王芳", address="中山路五号一栋101室"),
    ]
    Household.objects.filter(pk__in=[f.household_id for f in news]).update(duplicate_scan_key="")
    subjects = read_rows(live_files().filter(household_id__in=[f.household_id for f in news]))
    pool = pool_for(subjects, keys_of(subjects))
    city = read_rows(live_files())
    assert candidate_pairs(subjects, pool)[0] == candidate_pairs(subjects, city)[0] != set()
    assert {row.file_id for row in pool} == {f.pk for f in [*olds[:4], *news]}  # 韩梅梅's file is not read


def test_a_resolved_pair_is_not_reopened(workers: dict[str, Any], org_tree: Any) -> None:
    apply_family(workers["wushan"], org_tree["wushan"], head="张三丰", head_id=_same_birth_id("440106"),
                 extra=_spouse("440106"))
    apply_family(workers["chigang"], org_tree["chigang"], head="张三丰", head_id=_same_birth_id("440105"),
                 extra=_spouse("440105"))
    candidate = DuplicateCandidate.objects.get()
    services.resolve_duplicate(actor=workers["city"], candidate=candidate, decision="distinct", note="两人同名同生日")
    Household.objects.update(duplicate_scan_key="")
    assert scan_duplicates() == [] and scan_duplicates(full=True) == []
    assert list(DuplicateCandidate.objects.values_list("status", flat=True)) == [DuplicateStatus.DISTINCT]


def test_each_file_keeps_at_most_ten_pairs_and_says_so(workers: dict[str, Any], org_tree: Any) -> None:
    from bangfu.people.duplicates import MAX_PAIRS_PER_FILE

    files = [apply_family(workers["wushan"], org_tree["wushan"], head="王伟", head_id=_same_birth_id("440106"),
                          extra=_spouse("440106"))
             for _ in range(MAX_PAIRS_PER_FILE + 3)]
    _forget_scans()
    made = scan_duplicates(full=True)
    per_file = {f.pk: sum(f.pk in (x.file_a_id, x.file_b_id) for x in made) for f in files}
    assert max(per_file.values()) == MAX_PAIRS_PER_FILE
    crowded = [x for x in made if x.reasons[-1].startswith("该户相似档案较多（本次共 12 个）")]
    assert crowded and all(x.reasons[0] == "户主姓名拼音相同且出生日期相同" for x in made)


def test_a_large_group_is_compared_as_a_window(workers: dict[str, Any], org_tree: Any) -> None:
    from bangfu.people.duplicates import FileRow, find_pairs

    rows = [FileRow(n, n, "4401", f"五山路1号2栋{n:04d}", "五山路1号", chr(0x4E00 + n) + "某", f"p{n}", BIRTH, "")
            for n in range(1, 201)]  # 200 families of one compound born the same day
    pairs = find_pairs(rows, rows)
    assert 0 < len(pairs) <= 200 * 10
    assert all(abs(a - b) <= 10 for a, b in pairs)  # only neighbouring addresses were compared


def test_the_scan_command_reports_new_pairs(workers: dict[str, Any], org_tree: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    apply_family(workers["wushan"], org_tree["wushan"], head="林一", address="五山路7号2栋301")
    apply_family(workers["chigang"], org_tree["chigang"], head="林二", address="五山路7号2栋301室")
    _forget_scans()
    out = StringIO()
    call_command("scan_duplicates", "--city", "4401", "--due", stdout=out)
    assert out.getvalue().strip() == "新增疑似重复记录 1 条。"
    DuplicateCandidate.objects.all().delete()
    out = StringIO()
    call_command("scan_duplicates", "--city", "4401", stdout=out)
    assert out.getvalue().strip() == "新增疑似重复记录 1 条。"


def test_the_scan_runs_after_the_filing_commits_not_inside_it(workers: dict[str, Any], org_tree: Any,
                                                             django_capture_on_commit_callbacks: Any) -> None:
    """The filing's transaction holds the audit chain's lock: the duplicate scan waits for its commit."""
    birth = dt.date(1971, 7, 7)
    apply_family(workers["wushan"], org_tree["wushan"], head="王五", head_id=same_birth_id("440106", birth),
                 address="五山路100号3栋201")
    head = services.PersonInput(name="王五", id_number=same_birth_id("440105", birth))
    data = services.HouseholdInput(  # same name and birth, and a near-identical address: a candidate
        members=(services.MemberInput(person=head, relation="self", employment_status="unemployed"),),
        address="五山路100号3栋208", file=services.FileInput(primary_cause="laid_off"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.create_household(actor=workers["chigang"], org=org_tree["chigang"], data=data)
        assert not DuplicateCandidate.objects.exists()  # nothing scanned inside the filing's transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert DuplicateCandidate.objects.get().name_birth_match


def test_an_incremental_scan_keys_a_name_one_character_apart_wherever_the_character_is() -> None:
    """The pool's one-character-apart keys are made only for names that can share one with a file under scan
    (the same first character, or all the others): a typo in the surname or in the given name is still found,
    an unrelated name of the same birth date is not keyed."""
    from bangfu.people.duplicates import FileRow, PersonKey, candidate_pairs

    def row(file_id: int, name: str, address: str) -> FileRow:
        person = PersonKey(name, f"p{file_id}", BIRTH, file_id)
        return FileRow(file_id, file_id, "4401", address, address.split("号")[0] + "号", name, f"p{file_id}", BIRTH,
                       "", (person,))

    subject = row(1, "欧阳明华", "五山路1号2栋301")
    pool = [subject, row(2, "殴阳明华", "石牌路8号1栋101"), row(3, "欧阳铭华", "龙口路9号3栋202"),
            row(4, "张三丰", "中山路5号1栋101"), row(5, "陈阳明华", "黄埔路2号")]
    pairs, _rows, _crowd = candidate_pairs([subject], pool)
    assert pairs == {(1, 2), (1, 3), (1, 5)}
