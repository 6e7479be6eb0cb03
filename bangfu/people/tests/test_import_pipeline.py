"""Large imports write batch n on a second thread while batch n + 1 is planned: same result as one by one,
and a clash with another writer falls back to planning again (nothing lost, nothing doubled)."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.bulkinsert import KeyAllocator
from bangfu.people.imports import service
from bangfu.people.models import FileEvent, HardshipFile, HouseholdMember, Person
from bangfu.people.tests.test_import_support import head, member, run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_batches(settings: Any, monkeypatch: Any) -> None:
    settings.BANGFU_IMPORT_PIPELINE_MIN = 1
    monkeypatch.setattr(service, "BATCH_HOUSEHOLDS", 2)


@pytest.fixture
def worker(make_user: Any, org_tree: dict[str, OrgUnit]) -> User:
    return make_user("street_social_worker", org_tree["tianhe"])


def _rows(count: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n in range(1, count + 1):
        rows += [head(str(n)), member(str(n))]
    return rows


def test_pipelined_import_writes_every_household(small_batches: None, worker: User,
                                                 org_tree: dict[str, OrgUnit]) -> None:
    assert service._may_pipeline(7) == (not service.in_memory_sqlite())
    result = run(worker, org_tree["tianhe"], [*_rows(7), head("8", id_number="bad")])
    assert result.counts()["households_created"] == 7 and result.counts()["households_rejected"] == 1
    assert HardshipFile.objects.count() == 7 == FileEvent.objects.filter(action="apply").count()
    assert Person.objects.count() == 14 == HouseholdMember.objects.count()
    heads = HouseholdMember.objects.filter(relation="self").select_related("household")
    assert all(m.household.head_id == m.person_id for m in heads)
    assert all(f.household.hardship_file == f for f in HardshipFile.objects.select_related("household"))


def test_a_clash_with_another_writer_is_planned_again(small_batches: None, worker: User, monkeypatch: Any,
                                                      org_tree: dict[str, OrgUnit]) -> None:
    taken = Person.objects.create(org=org_tree["tianhe"], name="他人录入", id_number="110105199001010023",
                                  id_index="y" * 64, sex="M", birth_date="1990-01-01")
    original = KeyAllocator.take
    clashed: list[bool] = []

    def take(self: KeyAllocator, model: Any, count: int) -> list[int]:
        keys = original(self, model, count)
        if model is Person and keys and not clashed:
            clashed.append(True)
            return [taken.pk, *keys[1:]]  # as if someone had inserted that person meanwhile
        return keys

    monkeypatch.setattr(KeyAllocator, "take", take)
    result = run(worker, org_tree["tianhe"], _rows(5))
    assert clashed and result.errors == []
    assert result.counts()["households_created"] == 5
    assert Person.objects.count() == 11 and HardshipFile.objects.count() == 5
    assert Person.objects.get(pk=taken.pk).name == "他人录入"


@pytest.mark.parametrize("stop", [RuntimeError("存储故障"), KeyboardInterrupt()], ids=["error", "ctrl-c"])
@pytest.mark.parametrize("pipelined", [True, False])
def test_an_import_stopped_by_an_unexpected_error_audits_what_it_wrote(small_batches: None, worker: User,
                                                                        org_tree: dict[str, OrgUnit], settings: Any,
                                                                        monkeypatch: Any, pipelined: bool,
                                                                        stop: BaseException) -> None:
    """The import's audit event used to be written only at its end: an error in the third batch left the first
    two batches' households committed and in no audit event."""
    from bangfu.core.models import AuditEvent
    from bangfu.people.imports.plan import Planner

    if not pipelined:
        settings.BANGFU_IMPORT_PIPELINE_MIN = 10**9
    original = Planner.plan_batch
    planned: list[int] = []

    def plan_batch(self: Planner, batch: Any) -> Any:
        planned.append(len(batch))
        if len(planned) == 3:
            raise stop  # as a lost connection, a full disk or Ctrl-C on the command would
        return original(self, batch)

    monkeypatch.setattr(Planner, "plan_batch", plan_batch)
    with pytest.raises(type(stop)):
        run(worker, org_tree["tianhe"], _rows(7))
    written = HardshipFile.objects.count()
    assert written == 4  # two batches of two households, each whole
    event = AuditEvent.objects.filter(action="people.households.import").get()
    assert event.outcome == "failure" and event.changes["stopped"] is True
    assert event.changes["households_created"] == written
