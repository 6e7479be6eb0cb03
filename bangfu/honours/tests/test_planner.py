"""The talk planner on generated instances: no speaker twice a day, nobody over their limit, nobody sent
out of reach, every talk with the speakers it asked for — and CP-SAT books at least as many as the greedy
baseline. Then the season written through the service, and a talk booked by hand."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest

from bangfu.core.errors import ServiceError
from bangfu.honours import planner, queries
from bangfu.honours.models import RequestStatus, TalkSpeaker, TalkStatus
from bangfu.honours.services import talks
from bangfu.honours.synthetic import END, START, season_instance
from bangfu.honours.tests.helpers import honoured, make_team


def check_rules(plan: planner.Plan, requests: list[planner.Request], speakers: list[planner.Speaker]) -> None:
    by_request = {r.key: r for r in requests}
    by_speaker = {s.key: s for s in speakers}
    days_of = Counter((speaker, day) for day, chosen in plan.booked.values() for speaker in chosen)
    assert max(days_of.values(), default=0) <= 1, "a speaker booked twice on one day"
    for key, count in plan.load().items():
        assert count <= by_speaker[key].capacity, "a speaker over their limit"
    for request_key, (day, chosen) in plan.booked.items():
        request = by_request[request_key]
        assert day in request.days and len(chosen) == request.needed == len(set(chosen))
        assert all(by_speaker[s].reaches(request.district) for s in chosen)
    assert set(plan.booked) | set(plan.unfilled) == set(by_request) and not set(plan.booked) & set(plan.unfilled)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_generated_instances_keep_every_rule(seed: int) -> None:
    requests, speakers = season_instance(random.Random(seed), 60, 12)
    solved = planner.plan_cpsat(requests, speakers, seconds=5)
    greedy = planner.plan_greedy(requests, speakers)
    check_rules(solved, requests, speakers)
    check_rules(greedy, requests, speakers)
    assert len(solved.booked) >= len(greedy.booked)


def test_cpsat_beats_greedy_where_greedy_is_short_sighted() -> None:
    # Greedy gives the first request (earliest deadline) the least-loaded speaker who reaches both districts;
    # the second request can only be served by that speaker.
    speakers = [planner.Speaker(0, 1, frozenset({"东港区", "莒县"})), planner.Speaker(1, 1, frozenset({"东港区"}))]
    day = (dt.date(2020, 12, 7),)
    requests = [planner.Request(0, "东港区", day), planner.Request(1, "莒县", (dt.date(2020, 12, 8),))]
    assert len(planner.plan_greedy(requests, speakers).booked) == 1
    solved = planner.plan_cpsat(requests, speakers, seconds=2)
    assert solved.booked == {0: (day[0], (1,)), 1: (dt.date(2020, 12, 8), (0,))}


def test_unfilled_requests_get_a_chinese_reason() -> None:
    speakers = [planner.Speaker(0, 1, frozenset({"东港区"})), planner.Speaker(1, 0, frozenset({"岚山区"}))]
    monday = (dt.date(2020, 12, 7),)
    requests = [planner.Request(0, "东港区", monday), planner.Request(1, "东港区", monday),
                planner.Request(2, "莒县", monday), planner.Request(3, "东港区", ()),
                planner.Request(4, "东港区", monday, needed=2), planner.Request(5, "岚山区", monday)]
    plan = planner.plan_cpsat(requests, speakers, seconds=2)
    assert len(plan.booked) == 1
    assert plan.unfilled[2] == "没有宣讲员能到达莒县"
    assert "不在本轮排期范围" in plan.unfilled[3]
    assert plan.unfilled[4] == "能到达东港区的宣讲员只有 1 人，少于所需 2 人"
    assert plan.unfilled[5] == "能到达岚山区的宣讲员本轮场次已达各自上限"
    assert "已达各自上限" in plan.unfilled[0 if 0 not in plan.booked else 1]


def test_season_days_are_working_days_inside_the_season() -> None:
    days = planner.season_days(dt.date(2020, 11, 27), dt.date(2020, 12, 8), START, END)
    assert days[0] == dt.date(2020, 12, 1) and dt.date(2020, 12, 5) not in days and days[-1] == dt.date(2020, 12, 8)


@pytest.mark.django_db
def test_plan_season_writes_talks_and_reasons(officer: Any, org_tree: dict) -> None:
    team = make_team(org_tree["guangzhou"], members=3, max_talks=2, districts=["天河区"])
    for index in range(8):
        talks.add_request(actor=officer, team=team, data=talks.RequestInput(
            host_unit=f"某企业{index}", venue_kind="enterprise", district="天河区" if index < 7 else "从化区",
            earliest=dt.date(2020, 12, 7), latest=dt.date(2020, 12, 9)))
    outcome = talks.plan_season(actor=officer, team=team, start=START, end=END, seconds=3)
    assert (outcome.scheduled, outcome.unfilled) == (6, 2)  # 3 speakers × 2 talks; 从化区 out of reach
    assert outcome.scheduled >= outcome.greedy_baseline
    members = list(queries.members_of(officer, team))
    assert [member.booked for member in members] == [2, 2, 2]  # type: ignore[attr-defined]
    unfilled = queries.requests_of(officer, team, RequestStatus.UNFILLED)
    assert sorted(r.reason for r in unfilled) == ["没有宣讲员能到达从化区", "能到达天河区的宣讲员本轮场次已达各自上限"]
    assert queries.talks(officer, team=team).count() == 6
    again = talks.plan_season(actor=officer, team=team, start=START, end=END, seconds=1)
    assert again.scheduled == 0  # nothing left within the limits; nothing booked twice


@pytest.mark.django_db
def test_book_by_hand_refuses_double_booking_and_overload(officer: Any, org_tree: dict) -> None:
    team = make_team(org_tree["guangzhou"], members=1, max_talks=2)
    member = team.members.get()
    day = dt.date(2020, 12, 10)
    data = talks.TalkInput(held_on=day, venue_kind="school", host_unit="东港实验学校", speakers=[member])
    talks.book_talk(actor=officer, team=team, data=data)
    with pytest.raises(ServiceError) as twice:
        talks.book_talk(actor=officer, team=team, data=data)
    assert twice.value.status == 409
    talks.book_talk(actor=officer, team=team, data=talks.TalkInput(held_on=day + dt.timedelta(days=1),
                                                                   venue_kind="workshop", host_unit="某车间",
                                                                   speakers=[member]))
    with pytest.raises(ServiceError, match="上限"):
        talks.book_talk(actor=officer, team=team, data=talks.TalkInput(held_on=day + dt.timedelta(days=2),
                                                                       venue_kind="school", host_unit="某学校",
                                                                       speakers=[member]))
    assert TalkSpeaker.objects.filter(member=member).count() == 2


@pytest.mark.django_db
def test_members_must_be_honoured_and_limits_are_theirs(officer: Any, org_tree: dict) -> None:
    from bangfu.assistance.tests.factories import make_person

    team = make_team(org_tree["guangzhou"])
    with pytest.raises(ServiceError, match="没有有效的荣誉称号"):
        talks.add_member(actor=officer, team=team, person=make_person(org_tree["wushan"]))
    person, _honour = honoured(org_tree["wushan"], code="craftsman")
    member = talks.add_member(actor=officer, team=team, person=person, max_talks=4, districts=["东港区", " "])
    assert member.districts == ["东港区"] and member.honour is not None
    with pytest.raises(ServiceError, match="每轮最多场次"):
        talks.set_member_limit(actor=officer, member=member, max_talks=0, districts=[], version=member.version)
    talks.set_member_limit(actor=officer, member=member, max_talks=8, districts=[], version=member.version)
    with pytest.raises(ServiceError) as stale:
        talks.set_member_limit(actor=officer, member=member, max_talks=3, districts=[], version=1)
    assert stale.value.status == 409


@pytest.mark.django_db
def test_record_a_talk_with_audience_and_photo(worker: Any, org_tree: dict) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bangfu.core.files import read_sealed
    from bangfu.honours.tests.helpers import make_talk

    talk = make_talk(make_team(org_tree["wushan"]))
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    with pytest.raises(ServiceError, match="听众人数"):
        talks.record_talk(actor=worker, talk=talk, version=talk.version, audience=0, report="")
    photo = talks.talk_photo(SimpleUploadedFile("a.png", png))
    talks.record_talk(actor=worker, talk=talk, version=talk.version, audience=320, report="劳动创造幸福",
                      photos=[photo] if photo else [])
    talk.refresh_from_db()
    assert (talk.status, talk.audience) == (TalkStatus.HELD, 320)
    stored = talk.photos.get()
    assert read_sealed(stored.image) == png
    assert stored.image.storage.open(stored.image.name).read() != png  # sealed at rest
