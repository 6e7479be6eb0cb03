"""The lifecycle table: every allowed step, every refused one, maker ≠ approver, stores, versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bangfu.core.errors import ConflictError, ServiceError
from bangfu.people import queries
from bangfu.people.lifecycle import ACTIONS, TRANSITIONS, allowed_transitions, transition_for
from bangfu.people.models import FileEvent, FileStatus, HardshipFile
from bangfu.people.services import one_year_after, transition_hardship_file
from bangfu.people.tests.helpers import (
    apply_family,
    approve_fully,
    investigation,
    notice_has_run,
    step,
)

pytestmark = pytest.mark.django_db
S = FileStatus


@pytest.fixture
def people(org_tree: Any, make_user: Any) -> dict[str, Any]:
    return {
        "worker": make_user("street_social_worker", org_tree["wushan"]),
        "worker2": make_user("street_social_worker", org_tree["wushan"]),
        "district": make_user("district_officer", org_tree["tianhe"]),
        "city": make_user("city_officer", org_tree["guangzhou"]),
        "city2": make_user("city_officer", org_tree["guangzhou"]),
        "auditor": make_user("auditor", org_tree["root"]),
    }


def _file_in(status: str, maker: Any, org: Any) -> HardshipFile:
    hardship_file = apply_family(maker, org)
    HardshipFile.objects.filter(pk=hardship_file.pk).update(status=status)
    hardship_file.refresh_from_db()
    return hardship_file


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda row: f"{row.action}:{row.source}")
def test_every_allowed_step(row: Any, people: dict[str, Any], org_tree: Any) -> None:
    hardship_file = _file_in(row.source, people["worker"], org_tree["wushan"])
    actor = people["city"]  # holds every permission and did not enter the file
    extra: dict[str, Any] = {"reason": "核实后办理"} if row.needs_reason else {}
    if row.needs_date:
        extra["effective_on"] = timezone.localdate()
    if row.action == "investigate":
        extra["investigation"] = investigation()
    if row.source == S.PUBLICISED:
        notice_has_run(hardship_file)
    result = step(actor, hardship_file, row.action, **extra)
    assert result.status == row.target
    assert result.version == hardship_file.version + 1
    event = FileEvent.objects.filter(file=hardship_file).latest("id")
    assert (event.action, event.from_status, event.to_status, event.actor_id) == (
        row.action, row.source, row.target, actor.pk)


REFUSED = [(action, status) for action in sorted(ACTIONS) for status in S.values
           if transition_for(status, action) is None]


@pytest.mark.parametrize(("action", "status"), REFUSED, ids=lambda value: str(value))
def test_every_refused_step(action: str, status: str, people: dict[str, Any], org_tree: Any) -> None:
    hardship_file = _file_in(status, people["worker"], org_tree["wushan"])
    with pytest.raises(ServiceError) as info:
        step(people["city"], hardship_file, action, reason="原因", effective_on=timezone.localdate())
    assert info.value.status == 409
    assert str(info.value).startswith("档案当前状态为“") and "不能执行“" in str(info.value)
    hardship_file.refresh_from_db()
    assert hardship_file.status == status


def test_street_worker_files_and_district_approves(people: dict[str, Any], org_tree: Any) -> None:
    hardship_file = apply_family(people["worker"], org_tree["wushan"])
    result = approve_fully(people["worker"], people["district"], hardship_file)
    today = timezone.localdate()
    assert (result.status, result.approved_on, result.filed_on) == (S.FORMAL, today, today)
    assert result.recheck_due == one_year_after(today)
    assert result.approved_by == people["district"]
    assert list(FileEvent.objects.filter(file=hardship_file).values_list("action", flat=True)) == [
        "apply", "review", "investigate", "publicise", "approve"]


def test_whoever_entered_a_file_cannot_approve_it(people: dict[str, Any], org_tree: Any) -> None:
    hardship_file = apply_family(people["city"], org_tree["wushan"])
    hardship_file = step(people["city2"], hardship_file, "review")
    hardship_file = step(people["city"], hardship_file, "investigate", investigation=investigation())
    hardship_file = step(people["city"], hardship_file, "publicise")
    notice_has_run(hardship_file)
    assert "approve" not in {row.action for row in allowed_transitions(people["city"], hardship_file)}
    with pytest.raises(ServiceError) as info:
        step(people["city"], hardship_file, "approve")
    assert info.value.status == 403
    assert str(info.value) == "该档案由您录入，不能由您本人“审批建档”：请由其他有审批权限的人员办理。"
    assert step(people["city2"], hardship_file, "approve").status == S.FORMAL


@pytest.mark.parametrize(("role", "status", "action"), [
    ("worker", S.PUBLICISED, "approve"),
    ("worker", S.FORMAL, "relieve"),
    ("worker", S.FORMAL, "cancel"),
    ("district", S.APPLIED, "review"),
    ("district", S.STREET_REVIEWED, "investigate"),
    ("auditor", S.APPLIED, "review"),
])
def test_steps_need_their_permission(role: str, status: str, action: str, people: dict[str, Any],
                                     org_tree: Any) -> None:
    hardship_file = _file_in(status, people["worker2"], org_tree["wushan"])
    with pytest.raises(ServiceError) as info:
        step(people[role], hardship_file, action, reason="原因", effective_on=timezone.localdate())
    assert info.value.status == 403
    assert str(info.value).startswith("您没有对该档案执行“")


def test_relief_needs_a_reason_and_a_date(people: dict[str, Any], org_tree: Any) -> None:
    hardship_file = _file_in(S.FORMAL, people["worker"], org_tree["wushan"])
    with pytest.raises(ServiceError, match="原因：办理“脱困”必须填写原因。"):
        step(people["district"], hardship_file, "relieve", effective_on=timezone.localdate())
    with pytest.raises(ServiceError, match="日期：办理“脱困”必须填写日期。"):
        step(people["district"], hardship_file, "relieve", reason="再就业")
    with pytest.raises(ServiceError, match="日期：不能晚于今天。"):
        step(people["district"], hardship_file, "relieve", reason="再就业",
             effective_on=timezone.localdate() + dt.timedelta(days=1))


def test_relieved_and_cancelled_files_go_to_their_own_stores(people: dict[str, Any], org_tree: Any) -> None:
    relieved = _file_in(S.FORMAL, people["worker"], org_tree["wushan"])
    cancelled = _file_in(S.FORMAL, people["worker"], org_tree["wushan"])
    day = timezone.localdate()
    relieved = step(people["district"], relieved, "relieve", reason="再就业，收入稳定", effective_on=day)
    assert (relieved.relieved_on, relieved.relief_reason, relieved.recheck_due) == (day, "再就业，收入稳定", None)
    step(people["district"], cancelled, "cancel", reason="迁出本市", effective_on=day)

    def store(name: str) -> set[int]:
        return set(queries.file_list(people["city"], queries.FileFilters(store=name)).values_list("pk", flat=True))

    assert store("relieved") == {relieved.pk}
    assert store("cancelled") == {cancelled.pk}
    assert relieved.pk not in store("register") and cancelled.pk not in store("register")
    reopened = step(people["district"], relieved, "reopen", reason="再次失业")
    assert (reopened.status, reopened.relieved_on) == (S.RETURNED, None)
    assert reopened.recheck_due == one_year_after(day)
    assert reopened.pk in store("register") and reopened.pk not in store("relieved")


def test_yearly_recheck_moves_the_due_date_and_reassesses(people: dict[str, Any], org_tree: Any) -> None:
    hardship_file = approve_fully(people["worker"], people["district"], apply_family(people["worker"],
                                                                                    org_tree["wushan"]))
    HardshipFile.objects.filter(pk=hardship_file.pk).update(recheck_due=dt.date(2020, 1, 1), tier="")
    result = step(people["worker"], hardship_file, "recheck")
    assert result.status == S.FORMAL
    assert (result.last_rechecked_on, result.recheck_due) == (timezone.localdate(),
                                                              one_year_after(timezone.localdate()))
    assert result.tier == "relative"


def test_a_stale_version_is_refused_with_409(people: dict[str, Any], org_tree: Any) -> None:
    hardship_file = apply_family(people["worker"], org_tree["wushan"])
    version = hardship_file.version
    step(people["worker2"], hardship_file, "review")
    with pytest.raises(ConflictError) as info:
        transition_hardship_file(actor=people["worker"], hardship_file=hardship_file, action="investigate",
                                 expected_version=version, investigation=investigation())
    assert info.value.status == 409


def test_a_file_outside_scope_is_not_found(people: dict[str, Any], org_tree: Any, make_user: Any) -> None:
    hardship_file = apply_family(people["worker"], org_tree["wushan"])
    stranger = make_user("district_officer", org_tree["haizhu"])
    with pytest.raises(ServiceError) as info:
        step(stranger, hardship_file, "reject", reason="x")
    assert info.value.status == 404


def test_unknown_action(people: dict[str, Any], org_tree: Any) -> None:
    hardship_file = apply_family(people["worker"], org_tree["wushan"])
    with pytest.raises(ServiceError, match="未知的操作“fly”"):
        step(people["city"], hardship_file, "fly")


def test_one_year_after_a_leap_day() -> None:
    assert one_year_after(dt.date(2020, 2, 29)) == dt.date(2021, 2, 28)
    assert one_year_after(dt.date(2020, 12, 18)) == dt.date(2021, 12, 18)
