"""Competitions: results grant honours and feed the seeker profile; workstations; the report's figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bangfu.assistance.tests.factories import make_person
from bangfu.core.errors import ServiceError
from bangfu.honours.models import Honour, HonourSource
from bangfu.honours.report import honours_report
from bangfu.honours.services import care, competitions, talks, workstations
from bangfu.honours.tests.helpers import (
    honoured,
    make_competition,
    make_fund,
    make_talk,
    make_team,
    make_workstation,
    title,
)
from bangfu.jobs.models import SeekerProfile
from bangfu.jobs.services import create_seeker_profile

pytestmark = pytest.mark.django_db


def test_a_result_grants_the_title_and_feeds_the_seeker_profile(officer: Any, org_tree: dict) -> None:
    competition = make_competition(org_tree["tianhe"])
    electrician = competition.trades.get(name="电工")
    person = make_person(org_tree["wushan"])
    entry = competitions.enter(actor=officer, competition=competition, trade=electrician, person=person)
    competitions.record_result(actor=officer, entry=entry, version=entry.version, data=competitions.ResultInput(
        rank=1, score=Decimal("96.5"), title_won=title("competition_leader"), certificate="电工高级技师证书"))
    entry.refresh_from_db()
    assert entry.honour is not None
    honour = entry.honour
    assert (honour.title.code, honour.year, honour.source) == ("competition_leader", 2020, HonourSource.COMPETITION)
    profile = SeekerProfile.objects.get(person=person)
    assert profile.tags == ["电工"] and profile.certificates == ["电工高级技师证书"]
    with pytest.raises(ServiceError) as twice:
        competitions.record_result(actor=officer, entry=entry, version=entry.version,
                                   data=competitions.ResultInput(rank=2))
    assert twice.value.status == 409


def test_an_existing_profile_keeps_its_tags(officer: Any, org_tree: dict) -> None:
    person = make_person(org_tree["wushan"])
    create_seeker_profile(actor=officer, person=person, tags=["叉车"], certificates=[])
    competition = make_competition(org_tree["tianhe"])
    welder = competition.trades.get(name="电焊工")
    entry = competitions.enter(actor=officer, competition=competition, trade=welder, person=person)
    competitions.record_result(actor=officer, entry=entry, version=entry.version,
                               data=competitions.ResultInput(rank=5))
    assert SeekerProfile.objects.get(person=person).tags == ["叉车", "焊接"]
    assert not Honour.objects.filter(person=person).exists()  # no title won: no honour


def test_competition_input_rules(officer: Any, outsider: Any, org_tree: dict) -> None:
    with pytest.raises(ServiceError, match="重复的工种"):
        competitions.create_competition(actor=officer, org=org_tree["tianhe"], data=competitions.CompetitionInput(
            name="大赛", edition=1, organiser="x", held_on=dt.date(2020, 1, 1), trades=[("电工", ""), ("电工", "")]))
    make_competition(org_tree["tianhe"])
    with pytest.raises(ServiceError) as again:
        make_competition(org_tree["tianhe"])
    assert again.value.status == 409
    with pytest.raises(ServiceError) as hidden:
        competitions.create_competition(actor=outsider, org=org_tree["tianhe"], data=competitions.CompetitionInput(
            name="大赛", edition=2, organiser="x", held_on=dt.date(2020, 1, 1), trades=[("电工", "")]))
    assert hidden.value.status == 404
    competition = make_competition(org_tree["tianhe"], edition=3)
    entry = competitions.enter(actor=officer, competition=competition, trade=competition.trades.get(name="电工"),
                               person=make_person(org_tree["wushan"]))
    with pytest.raises(ServiceError, match="名次"):
        competitions.record_result(actor=officer, entry=entry, version=entry.version,
                                   data=competitions.ResultInput(rank=0))


def test_workstation_years(officer: Any, org_tree: dict) -> None:
    station = make_workstation(org_tree["tianhe"])
    assert station.members.count() == 1  # the master
    workstations.add_ws_member(actor=officer, station=station, person=make_person(org_tree["wushan"]),
                               joined_on=dt.date(2019, 1, 1))
    workstations.record_year(actor=officer, station=station, year=2020, patents=3, apprentices=12)
    workstations.record_year(actor=officer, station=station, year=2020, patents=4, apprentices=12)
    assert list(station.years.values_list("year", "patents", "apprentices")) == [(2020, 4, 12)]
    with pytest.raises(ServiceError, match="专利数"):
        workstations.record_year(actor=officer, station=station, year=2020, patents=-1, apprentices=0)


def test_report_figures_and_scope(officer: Any, approver: Any, outsider: Any, org_tree: dict) -> None:
    tianhe, haizhu = org_tree["tianhe"], org_tree["haizhu"]
    for _index in range(3):
        honoured(org_tree["wushan"], code="national_model")
    honoured(org_tree["chigang"], code="city_model")
    team = make_team(tianhe)
    held = make_talk(team)
    talks.record_talk(actor=officer, talk=held, version=held.version, audience=300, report="好")
    make_talk(team, dt.date(2020, 12, 11), host="某车间")
    person, _h = honoured(org_tree["wushan"])
    fund = make_fund(org_tree["guangzhou"])
    service = care.propose_care(actor=officer, data=care.CareInput(person=person, kind="health_check", year=2020,
                                                                   amount_fen=50_000, fund=fund))
    care.approve_care(actor=approver, care=service, version=service.version)
    competition = make_competition(tianhe)
    entry = competitions.enter(actor=officer, competition=competition, trade=competition.trades.get(name="电工"),
                               person=make_person(org_tree["wushan"]))
    competitions.record_result(actor=officer, entry=entry, version=entry.version,
                               data=competitions.ResultInput(rank=1, title_won=title("competition_leader")))
    make_workstation(tianhe)

    report = honours_report(officer, tianhe)
    assert {row["title"]: row["holders"] for row in report.by_title} == {
        "全国劳动模范": 4, "市级劳动模范": 1, "职业技能大赛领军人才": 1}
    assert (report.talks_held, report.talks_planned, report.audience) == (1, 2, 300)
    assert [(r["kind"], r["given"], r["paid"], r["paid_fen"]) for r in report.care] == [
        ("health_check", 1, 1, 50_000)]
    assert report.winners_by_trade == [{"trade": "电工", "winners": 1}]
    assert [(r["kind"], r["level"], r["count"]) for r in report.workstations] == [("master", "provincial", 1)]
    other = honours_report(outsider, haizhu)
    assert {row["title"]: row["holders"] for row in other.by_title} == {"市级劳动模范": 1}
    assert other.talks_planned == 0 and other.care == []
