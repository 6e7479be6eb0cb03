"""Resolving the duplicate queue: merge (members and evidence move into the kept file) or not a duplicate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from bangfu.core.errors import ServiceError
from bangfu.core.files import seal_file
from bangfu.core.models import AuditEvent
from bangfu.people import queries, services
from bangfu.people.models import (
    DuplicateCandidate,
    DuplicateStatus,
    Evidence,
    FileEvent,
    FileStatus,
    HardshipFile,
    HouseholdMember,
    Relation,
)
from bangfu.people.services.households import MAX_MEMBERS
from bangfu.people.tests.helpers import apply_family, member, same_birth_id

pytestmark = pytest.mark.django_db
BIRTH = dt.date(1978, 8, 8)
SPOUSE_BIRTH = dt.date(1980, 1, 2)


def _head_id(region: str) -> str:
    return same_birth_id(region, BIRTH)


@pytest.fixture
def pair(workers: dict[str, Any], org_tree: Any) -> tuple[HardshipFile, HardshipFile, DuplicateCandidate]:
    first = apply_family(workers["wushan"], org_tree["wushan"], head="张三丰", head_id=_head_id("440106"),
                         address="五山路100号3栋201")
    second = apply_family(workers["chigang"], org_tree["chigang"], head="张三丰", head_id=_head_id("440105"),
                          address="广州市五山路100号3栋201室")  # the same head at the same flat: one family
    return first, second, DuplicateCandidate.objects.get()


def _merge(workers: dict[str, Any], candidate: DuplicateCandidate, kept: HardshipFile, note: str = "") -> None:
    services.resolve_duplicate(actor=workers["city"], candidate=candidate, decision="merge", keep_file_id=kept.pk,
                               note=note)


def test_merge_keeps_one_file_and_marks_the_other(workers: dict[str, Any], org_tree: Any, pair: Any) -> None:
    first, second, candidate = pair
    third = apply_family(workers["chigang"], org_tree["chigang"], head="张三丰", head_id=_head_id("440105"),
                         address="五山路100号3栋201")
    assert DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN).count() == 3
    _merge(workers, candidate, first, note="同一家庭在两区重复申请")
    second.refresh_from_db()
    candidate.refresh_from_db()
    assert (second.status, second.merged_into_id) == (FileStatus.MERGED, first.pk)
    assert (candidate.status, candidate.kept_id, candidate.resolved_by) == (DuplicateStatus.MERGED, first.pk,
                                                                            workers["city"])
    superseded = DuplicateCandidate.objects.get(file_a=second, file_b=third)
    assert superseded.status == DuplicateStatus.SUPERSEDED
    assert DuplicateCandidate.objects.get(file_a=first, file_b=third).status == DuplicateStatus.OPEN
    assert second.pk not in set(queries.file_list(workers["city"], queries.FileFilters()).values_list("pk", flat=True))


def _evidence(hardship_file: HardshipFile, content: bytes) -> Evidence:
    evidence = Evidence(hardship_file=hardship_file, kind="income", content_type="application/pdf")
    seal_file(evidence.upload, "scan.pdf", content)
    evidence.save()
    return evidence


def test_merge_moves_members_and_evidence_without_duplicating_people(workers: dict[str, Any],
                                                                     org_tree: Any) -> None:
    spouse, child = member("李四", relation=Relation.SPOUSE, birth=SPOUSE_BIRTH), member("张小明", relation="child")
    kept = apply_family(workers["wushan"], org_tree["wushan"], head="张三丰", head_id=_head_id("440106"),
                        extra=(spouse, child), income_fen=90_000)
    same_spouse = member("李思", relation=Relation.SPOUSE, id_number=same_birth_id("440105", SPOUSE_BIRTH))
    new_child, grandparent = member("张小红", relation="child"), member("张老汉", relation="parent")
    dropped = apply_family(workers["chigang"], org_tree["chigang"], head="章三峰", head_id=_head_id("440105"),
                           extra=(same_spouse, new_child, grandparent))
    kept_child = HouseholdMember.objects.get(household=kept.household, relation="child")
    HouseholdMember.objects.create(household=dropped.household, person=kept_child.person, relation="child")
    scans = [_evidence(dropped, b"%PDF-1.4 income"), _evidence(dropped, b"%PDF-1.4 hukou")]
    stored = {e.pk: (e.upload.name, e.upload.open("rb").read()) for e in scans}
    candidate = DuplicateCandidate.objects.get(file_a=kept, file_b=dropped)

    _merge(workers, candidate, kept, note="同一家庭")

    kept.refresh_from_db()
    members = {m.person.name: m.relation for m in kept.household.members.select_related("person")}
    assert members == {"张三丰": "self", "李四": "spouse", "张小明": "child", "张小红": "child", "张老汉": "parent"}
    left = sorted(dropped.household.members.values_list("person__name", flat=True))
    assert left == ["张小明", "李思", "章三峰"]  # already in the kept household: the same person, or the same human
    assert (kept.household_size, kept.version) == (5, 2)
    for evidence in Evidence.objects.filter(pk__in=stored):
        assert evidence.hardship_file_id == kept.pk
        assert (evidence.upload.name, evidence.upload.open("rb").read()) == stored[evidence.pk]
    counts = {"members_moved": 2, "members_already_there": 3, "evidence_moved": 2,
              "records_repointed": {"people.Evidence": 2}}
    merge = FileEvent.objects.get(file=kept, action="merge")
    assert merge.note == "同一家庭" and merge.changes == {
        "merged_from": dropped.pk, **counts, "members": merge.changes["members"], "relation_to_other": [],
        "size_after": 5}
    assert len(merge.changes["members"]) == 2
    merged = FileEvent.objects.get(file=dropped, action="merged")
    assert (merged.to_status, merged.changes) == (FileStatus.MERGED, {"merged_into": kept.pk, **counts})
    audit = AuditEvent.objects.get(action="people.duplicate.merge")
    assert (audit.object_id, audit.changes) == (str(kept.pk), {"candidate": candidate.pk, "kept": kept.pk,
                                                               "merged": dropped.pk, **counts})


def test_the_other_head_and_a_second_spouse_join_as_other(workers: dict[str, Any], org_tree: Any) -> None:
    husband = apply_family(workers["wushan"], org_tree["wushan"], head="李雷", address="五山路100号3栋201房",
                           extra=(member("韩梅", relation=Relation.SPOUSE, birth=SPOUSE_BIRTH),))
    wife = apply_family(workers["chigang"], org_tree["chigang"], head="韩梅梅", address="五山路100号3栋201",
                        birth=dt.date(1982, 2, 2),
                        extra=(member("王五", relation=Relation.SPOUSE, birth=dt.date(1970, 7, 7)),))
    candidate = DuplicateCandidate.objects.get()
    assert candidate.reasons == ["住址相同（规范化后一致）", "综合评分 6（6 分起列为疑似重复）"]
    _merge(workers, candidate, husband)
    relations = dict(husband.household.members.values_list("person__name", "relation"))
    assert relations == {"李雷": "self", "韩梅": "spouse", "韩梅梅": "other", "王五": "other"}
    event = FileEvent.objects.get(file=husband, action="merge")
    assert len(event.changes["relation_to_other"]) == 2 and wife.household.members.count() == 0


def test_a_merge_beyond_the_member_limit_changes_nothing(workers: dict[str, Any], org_tree: Any, pair: Any) -> None:
    first, second, candidate = pair
    for n in range(MAX_MEMBERS - 1):
        first.refresh_from_db()
        services.add_member(actor=workers["wushan"], hardship_file=first, expected_version=first.version,
                            member=member(f"成员{n}", relation="child", birth=dt.date(2000 + n % 20, 1, 1)))
    services.add_member(actor=workers["chigang"], hardship_file=second, expected_version=second.version,
                        member=member("新成员", relation="child", birth=dt.date(2019, 9, 9)))
    with pytest.raises(ServiceError, match=f"合并后家庭成员将达 {MAX_MEMBERS + 1} 人，超过上限 {MAX_MEMBERS} 人"):
        _merge(workers, candidate, first)
    candidate.refresh_from_db()
    second.refresh_from_db()
    assert (candidate.status, second.status, second.household.members.count()) == (DuplicateStatus.OPEN,
                                                                                   FileStatus.APPLIED, 2)


def test_a_cancelled_file_cannot_be_the_one_kept(workers: dict[str, Any], pair: Any) -> None:
    first, _second, candidate = pair
    HardshipFile.objects.filter(pk=first.pk).update(status=FileStatus.CANCELLED)
    with pytest.raises(ServiceError) as info:
        _merge(workers, candidate, first)
    assert (info.value.status, str(info.value)) == (409, "保留档案：该档案已注销或不予建档，请保留另一份档案。")


def test_the_merge_page_moves_the_family_and_explains_it(workers: dict[str, Any], org_tree: Any, pair: Any,
                                                         login: Any) -> None:
    first, second, candidate = pair
    client = login(workers["city"])
    url = reverse("people:duplicate_detail", kwargs={"pk": candidate.pk})
    assert "合并时，另一份档案的家庭成员" in client.get(url).content.decode()
    response = client.post(url, {"decision": "merge", "keep": second.pk, "note": "重复申请"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.merged_into_id) == (FileStatus.MERGED, second.pk)
    timeline = client.get(reverse("people:household_detail", kwargs={"pk": second.household_id})).content.decode()
    assert "重复档案并入本档案" in timeline


def test_not_a_duplicate_closes_the_pair(workers: dict[str, Any], pair: Any) -> None:
    _first, _second, candidate = pair
    services.resolve_duplicate(actor=workers["city"], candidate=candidate, decision="distinct", note="同名同生日")
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.DISTINCT
    with pytest.raises(ServiceError) as info:
        services.resolve_duplicate(actor=workers["city"], candidate=candidate, decision="distinct")
    assert (info.value.status, str(info.value)) == (409, "该疑似重复记录已处理。")


def test_only_a_city_officer_resolves(workers: dict[str, Any], pair: Any) -> None:
    _first, _second, candidate = pair
    with pytest.raises(ServiceError) as info:
        services.resolve_duplicate(actor=workers["district"], candidate=candidate, decision="distinct")
    assert (info.value.status, str(info.value)) == (403, "您没有处理疑似重复档案的权限。")


def test_the_kept_file_must_be_one_of_the_pair(workers: dict[str, Any], pair: Any) -> None:
    _first, _second, candidate = pair
    with pytest.raises(ServiceError, match="保留档案：应为这两份档案之一"):
        services.resolve_duplicate(actor=workers["city"], candidate=candidate, decision="merge", keep_file_id=None)


def test_the_queue_shows_pairs_whose_files_are_both_in_scope(workers: dict[str, Any], pair: Any) -> None:
    assert queries.duplicate_queue(workers["city"]).count() == 1
    assert queries.duplicate_queue(workers["district"]).count() == 0  # the Haizhu file is outside Tianhe
