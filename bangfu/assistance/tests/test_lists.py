"""Beneficiary lists: dedup across groups and campaigns, quotas, maker ≠ approver, freeze, versions and diff."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bangfu.assistance.models import Beneficiary, ListStatus, Quota
from bangfu.assistance.services import lists, visits
from bangfu.assistance.tests.factories import make_campaign, make_fact, make_file, make_person
from bangfu.core.errors import ConflictError, ServiceError

pytestmark = pytest.mark.django_db


def entry_of(blist: Any, person: Any) -> Beneficiary:
    return Beneficiary.objects.select_related("campaign_group__target_group").get(blist=blist, person=person)


def approved(blist: Any, maker: Any, approver: Any) -> Any:
    lists.submit_list(actor=maker, blist=blist)
    return lists.approve_list(actor=approver, blist=blist)


def test_one_person_one_entry_under_the_highest_priority_group(bj: Any, campaign: Any, district: Any) -> None:
    person = make_person(bj["dongcheng"], "张三丰", honours=["national_model"], work_injury_disabled=True)
    make_file(person)
    blist = lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    entry = entry_of(blist, person)
    assert blist.entries.count() == 1
    assert entry.campaign_group.priority == 1
    assert entry.other_groups == ["工伤职业病致残职工和因公牺牲职工家属", "全国或省部级劳动模范、先进工作者"]
    assert entry.reasons == [
        "建档困难职工：困难档案状态为 正式建档/临时档案/返困",
        "工伤职业病致残职工和因公牺牲职工家属：因工伤致残：是",
        "全国或省部级劳动模范、先进工作者：荣誉称号为 全国劳动模范/省部级劳动模范/全国先进工作者/省部级先进工作者",
    ]
    assert entry.amount_fen == 100_000 and entry.included


def test_the_deceased_are_not_listed_but_their_families_are(bj: Any, campaign: Any, district: Any) -> None:
    from bangfu.assistance.tests.factories import make_household

    fallen = make_person(bj["dongcheng"], "烈士", died_on_duty=True, work_injury_disabled=True)
    widow = make_person(bj["dongcheng"], "遗孀")
    make_household(widow, members=[(fallen, {"relation": "spouse"})])
    blist = lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    assert list(blist.entries.values_list("person__name", flat=True)) == ["遗孀"]


def test_a_unit_list_covers_the_unit_and_below_only(bj: Any, campaign: Any, district: Any) -> None:
    inside = make_person(bj["street"], honours=["national_model"])
    make_person(bj["xicheng"], honours=["national_model"])
    blist = lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    assert list(blist.entries.values_list("person_id", flat=True)) == [inside.pk]
    assert entry_of(blist, inside).org == bj["street"]


def test_nobody_twice_in_one_campaign_across_units(bj: Any, campaign: Any, district: Any, worker: Any,
                                                    approver: Any) -> None:
    person = make_person(bj["street"], "李四", honours=["national_model"])
    street_list = lists.build_list(actor=worker, program=campaign, unit=bj["street"])
    assert entry_of(street_list, person).included
    district_list = lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    entry = entry_of(district_list, person)
    assert not entry.included and entry.exclusion_reason == "已列入本活动东华门街道总工会的名单"


def test_nobody_twice_for_the_same_festival_across_campaigns(bj: Any, campaign: Any, district: Any,
                                                              officer: Any, approver: Any) -> None:
    person = make_person(bj["dongcheng"], "王五", honours=["national_model"])
    other = make_campaign(bj["beijing"], name="2021年春节劳模慰问", start=dt.date(2021, 1, 15),
                          end=dt.date(2021, 2, 20), budget_fen=0, actor=officer)
    other_list = approved(lists.build_list(actor=officer, program=other, unit=bj["beijing"]), officer, approver)
    assert entry_of(other_list, person).included
    blist = lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    entry = entry_of(blist, person)
    assert not entry.included
    assert entry.exclusion_reason == "已列入同期活动“2021年春节劳模慰问”（北京市总工会）的名单"


def test_a_campaign_of_another_period_does_not_exclude(bj: Any, campaign: Any, district: Any, officer: Any,
                                                       approver: Any) -> None:
    person = make_person(bj["dongcheng"], honours=["national_model"])
    autumn = make_campaign(bj["beijing"], name="2020年中秋慰问", start=dt.date(2020, 9, 1), end=dt.date(2020, 10, 8),
                           budget_fen=0, actor=officer)
    approved(lists.build_list(actor=officer, program=autumn, unit=bj["beijing"]), officer, approver)
    assert entry_of(lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"]), person).included


def test_quota_keeps_the_first_and_says_why_the_rest_are_left_out(bj: Any, campaign: Any, district: Any) -> None:
    people = [make_person(bj["dongcheng"], f"劳模{i}", honours=["national_model"]) for i in range(3)]
    both = make_person(bj["dongcheng"], "双料", honours=["national_model"], work_injury_disabled=True)
    group4 = campaign.groups.get(priority=4)
    Quota.objects.create(program=campaign, campaign_group=group4, org=bj["dongcheng"], max_people=2)
    blist = lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    assert entry_of(blist, both).campaign_group.priority == 3  # group 3 outranks group 4: not counted in 4
    included = set(blist.entries.filter(campaign_group=group4, included=True).values_list("person_id", flat=True))
    assert included == {people[0].pk, people[1].pk}
    left = entry_of(blist, people[2])
    assert not left.included and left.amount_fen == 0
    assert left.exclusion_reason == "超出“全国或省部级劳动模范、先进工作者”名额（2 人）"


def test_submit_refuses_a_list_over_quota(bj: Any, campaign: Any, district: Any) -> None:
    make_person(bj["dongcheng"], honours=["national_model"])
    extra = make_person(bj["dongcheng"], "加塞")
    group4 = campaign.groups.get(priority=4)
    Quota.objects.create(program=campaign, campaign_group=group4, org=bj["dongcheng"], max_people=1)
    blist = lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    lists.add_entry(actor=district, blist=blist, person=extra, campaign_group=group4, amount_fen=60_000,
                    reason="因病致困，群众推荐")
    with pytest.raises(ServiceError, match="“全国或省部级劳动模范、先进工作者”列入 2 人，超过名额 1 人"):
        lists.submit_list(actor=district, blist=blist)


def test_maker_and_submitter_cannot_approve(bj: Any, campaign: Any, district: Any, worker: Any,
                                            approver: Any) -> None:
    make_person(bj["street"], honours=["national_model"])
    blist = lists.build_list(actor=worker, program=campaign, unit=bj["street"])
    lists.submit_list(actor=district, blist=blist)
    for maker in (worker, district):
        with pytest.raises(ServiceError, match="名单的编制人或提交人不能审批自己的名单") as caught:
            lists.approve_list(actor=maker, blist=blist)
        assert caught.value.status == 403
    blist = lists.approve_list(actor=approver, blist=blist)
    assert blist.status == ListStatus.APPROVED and blist.approved_by == approver


def test_a_frozen_list_cannot_be_edited_or_rebuilt(bj: Any, campaign: Any, district: Any, approver: Any) -> None:
    person = make_person(bj["dongcheng"], honours=["national_model"])
    blist = approved(lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"]), district, approver)
    with pytest.raises(ConflictError, match="名单已提交或已审批冻结，不能修改"):
        lists.change_entry(actor=district, entry=entry_of(blist, person), amount_fen=1)
    with pytest.raises(ServiceError, match="已审批冻结；如需调整，请先生成新版本"):
        lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    assert entry_of(blist, person).amount_fen == 60_000


def test_a_new_version_shows_added_removed_and_changed(bj: Any, campaign: Any, district: Any,
                                                       approver: Any) -> None:
    unit = bj["dongcheng"]
    kept = make_person(unit, "甲", honours=["national_model"])
    dropped = make_person(unit, "乙", honours=["national_model"])
    raised = make_person(unit, "丙", honours=["national_model"])
    newcomer = make_person(unit, "丁")
    first = approved(lists.build_list(actor=district, program=campaign, unit=unit), district, approver)
    second = lists.revise_list(actor=district, blist=first)
    assert (second.revision, second.previous, second.status) == (2, first, ListStatus.DRAFT)
    lists.change_entry(actor=district, entry=entry_of(second, dropped), included=False, note="已调离本市")
    lists.change_entry(actor=district, entry=entry_of(second, raised), amount_fen=80_000)
    make_fact(newcomer, "seconded", "outside_city", valid_from=dt.date(2020, 1, 1))
    lists.add_entry(actor=district, blist=second, person=newcomer, campaign_group=campaign.groups.get(priority=8),
                    amount_fen=50_000, reason="新派驻挂职")
    diff = lists.list_diff(second)
    assert [(c.name, c.new_fen) for c in diff.added] == [("丁", 50_000)]
    assert [(c.name, c.old_fen) for c in diff.removed] == [("乙", 60_000)]
    assert [(c.name, c.old_fen, c.new_fen) for c in diff.changed] == [("丙", 60_000, 80_000)]
    assert diff.summary() == "新增 1 人，移除 1 人，调整金额 1 人"
    approved(second, district, approver)
    first.refresh_from_db()
    assert first.status == ListStatus.SUPERSEDED
    assert entry_of(first, kept).included and entry_of(first, dropped).included  # the old version is untouched


def test_a_visited_person_cannot_be_removed_in_a_new_version(bj: Any, campaign: Any, district: Any,
                                                             approver: Any) -> None:
    person = make_person(bj["dongcheng"], honours=["national_model"])
    first = approved(lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"]), district, approver)
    visits.record_visit(actor=district, beneficiary=entry_of(first, person), visited_at=timezone.now(),
                        place="家中", key="v1", fubao_count=1)
    second = lists.revise_list(actor=district, blist=first)
    with pytest.raises(ConflictError, match="已走访的人员不能从名单中移除"):
        lists.change_entry(actor=district, entry=entry_of(second, person), included=False)


def test_only_one_open_version_at_a_time(bj: Any, campaign: Any, district: Any, approver: Any) -> None:
    make_person(bj["dongcheng"], honours=["national_model"])
    first = approved(lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"]), district, approver)
    lists.revise_list(actor=district, blist=first)
    with pytest.raises(ConflictError, match="已有一个正在编辑或待审批的新版本"):
        lists.revise_list(actor=district, blist=first)


def test_rebuilding_a_draft_keeps_people_added_by_hand(bj: Any, campaign: Any, district: Any) -> None:
    by_hand = make_person(bj["dongcheng"], "手工")
    blist = lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    lists.add_entry(actor=district, blist=blist, person=by_hand, campaign_group=campaign.groups.get(priority=2),
                    amount_fen=80_000, reason="突发火灾")
    make_person(bj["dongcheng"], "新劳模", honours=["national_model"])
    rebuilt = lists.build_list(actor=district, program=campaign, unit=bj["dongcheng"])
    assert rebuilt.pk == blist.pk
    assert sorted(rebuilt.entries.values_list("person__name", flat=True)) == sorted(["手工", "新劳模"])
    assert entry_of(rebuilt, by_hand).reasons == ["人工添加（生活临时困难职工）：突发火灾"]


def test_reject_sends_back_with_a_note(bj: Any, campaign: Any, district: Any, approver: Any) -> None:
    make_person(bj["dongcheng"], honours=["national_model"])
    blist = lists.submit_list(actor=district, blist=lists.build_list(actor=district, program=campaign,
                                                                    unit=bj["dongcheng"]))
    with pytest.raises(ServiceError, match="退回时请填写原因"):
        lists.reject_list(actor=approver, blist=blist, note=" ")
    blist = lists.reject_list(actor=approver, blist=blist, note="请核实第 3 人的困难情况")
    assert blist.status == ListStatus.DRAFT and blist.rejection_note == "请核实第 3 人的困难情况"
