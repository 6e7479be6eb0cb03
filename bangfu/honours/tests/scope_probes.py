"""Scope probes for the honours pages and API (see tests/scope_matrix.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.assistance.tests.factories import make_person
from bangfu.core.files import seal_file
from bangfu.honours.models import TalkPhoto
from bangfu.honours.services import care, competitions
from bangfu.honours.tests.helpers import (
    honoured,
    make_competition,
    make_fund,
    make_talk,
    make_team,
    make_workstation,
    setup_user,
)
from tests.scope_matrix import Probe

HOLDER = "探针劳模"
TEAM = "探针宣讲团"
HOST = "探针实验学校"
CONTEST = "探针技能大赛"
STATION = "探针大师工作站"
Made = tuple[dict[str, Any], str]


def _honour(org: OrgUnit, user: Any) -> Made:
    _person, honour = honoured(org, HOLDER)
    return {"pk": honour.pk}, HOLDER


def _listed_honour(org: OrgUnit, user: Any) -> Made:
    honoured(org, HOLDER)
    return {}, HOLDER


def _person(org: OrgUnit, user: Any) -> Made:
    person, _honour = honoured(org, HOLDER)
    return {"pk": person.pk}, HOLDER


def _person_api(org: OrgUnit, user: Any) -> Made:
    person, _honour = honoured(org, HOLDER)
    return {"person_id": person.pk}, HOLDER


def _care(org: OrgUnit) -> Any:
    person, _honour = honoured(org, HOLDER)
    return care.propose_care(actor=setup_user(), data=care.CareInput(
        person=person, kind="health_check", year=2020, amount_fen=50_000, fund=make_fund(org)))


def _care_page(org: OrgUnit, user: Any) -> Made:
    return {"pk": _care(org).pk}, HOLDER


def _care_api(org: OrgUnit, user: Any) -> Made:
    return {"care_id": _care(org).pk}, "health_check"


def _listed_care(org: OrgUnit, user: Any) -> Made:
    _care(org)
    return {}, HOLDER


def _team(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_team(org, TEAM).pk}, TEAM


def _team_api(org: OrgUnit, user: Any) -> Made:
    return {"team_id": make_team(org, TEAM).pk}, TEAM


def _talk(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_talk(make_team(org, TEAM), host=HOST).pk}, HOST


def _talk_api(org: OrgUnit, user: Any) -> Made:
    return {"talk_id": make_talk(make_team(org, TEAM), host=HOST).pk}, HOST


def _listed_talk(org: OrgUnit, user: Any) -> Made:
    make_talk(make_team(org, TEAM), day=timezone.localdate(), host=HOST)
    return {}, HOST


def _photo(org: OrgUnit, user: Any) -> Made:
    talk = make_talk(make_team(org, TEAM), host=HOST)
    photo = TalkPhoto(talk=talk)
    seal_file(photo.image, "p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    photo.save()
    return {"pk": photo.pk}, ""


def _competition(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_competition(org, CONTEST).pk}, CONTEST


def _competition_api(org: OrgUnit, user: Any) -> Made:
    competition = make_competition(org, CONTEST)
    competitions.enter(actor=setup_user(), competition=competition, trade=competition.trades.get(name="电工"),
                       person=make_person(org))
    return {"competition_id": competition.pk}, "电工"


def _listed_competition(org: OrgUnit, user: Any) -> Made:
    make_competition(org, CONTEST)
    return {}, CONTEST


def _entry(org: OrgUnit, user: Any) -> Made:
    competition = make_competition(org, CONTEST)
    entry = competitions.enter(actor=setup_user(), competition=competition,
                               trade=competition.trades.get(name="电工"), person=make_person(org))
    return {"pk": entry.pk}, ""


def _entry_api(org: OrgUnit, user: Any) -> Made:
    made, marker = _entry(org, user)
    return {"entry_id": made["pk"]}, marker


def _listed_workstation(org: OrgUnit, user: Any) -> Made:
    make_workstation(org, STATION)
    return {}, STATION


def _report(org: OrgUnit, user: Any) -> Made:
    honoured(org, HOLDER, code="competition_leader")  # a title no other record holds: its row is the marker
    return {}, "职业技能大赛领军人才"


ROLE = "district_officer"
POST_ONLY = {405}
PROBES = [
    Probe("honours:register", role=ROLE, make=_listed_honour, kind="list", query="?q=探针"),
    Probe("honours:person", role=ROLE, make=_person),
    Probe("honours:honour_revoke", role=ROLE, make=_honour, expected_in_scope=POST_ONLY),
    Probe("honours:care_list", role=ROLE, make=_listed_care, kind="list"),
    Probe("honours:care_detail", role=ROLE, make=_care_page),
    Probe("honours:talk_calendar", role=ROLE, make=_listed_talk, kind="list"),
    Probe("honours:talk_detail", role=ROLE, make=_talk),
    Probe("honours:talk_photo", role=ROLE, make=_photo),
    Probe("honours:team_detail", role=ROLE, make=_team),
    Probe("honours:competition_list", role=ROLE, make=_listed_competition, kind="list"),
    Probe("honours:competition_detail", role=ROLE, make=_competition),
    Probe("honours:entry_result", role=ROLE, make=_entry, expected_in_scope=POST_ONLY),
    Probe("honours:workstation_list", role=ROLE, make=_listed_workstation, kind="list"),
    Probe("honours:report", role=ROLE, make=_report, kind="list", marker_is_reference=True),
    Probe("api:list_honours", role=ROLE, make=_listed_honour, kind="list", query="?q=探针"),
    Probe("api:grant_honour_api", role=ROLE, make=_listed_honour, kind="list", query="?q=探针"),
    Probe("api:person_honours", role=ROLE, make=_person_api),
    Probe("api:get_care", role=ROLE, make=_care_api),
    Probe("api:get_team", role=ROLE, make=_team_api),
    Probe("api:competition_entries", role=ROLE, make=_competition_api),
    Probe("api:honours_report_api", role=ROLE, make=_report, kind="list", marker_is_reference=True),
]
_WRITE = "POST only; the record is read in scope first (404 outside), tested in honours/tests/test_api.py"
EXEMPT = {
    "honours:register_export": "the register's own scoped query as Excel (test_pages.py checks its rows)",
    "honours:register_import": "an upload form; rows naming people outside scope are refused (test_pages.py)",
    "honours:title_list": "reference data (titles), no personal records",
    "api:propose_care_api": _WRITE,
    "api:decide_care_api": _WRITE,
    "api:plan_team": _WRITE,
    "api:record_talk_api": _WRITE,
    "api:record_result_api": _WRITE,
}
