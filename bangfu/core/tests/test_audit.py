"""The audit log: one transaction with the change, a hash chain that shows tampering, append-only."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from bangfu.core import audit
from bangfu.core.models import AuditEvent
from bangfu.security.tests.helpers import make_person

pytestmark = pytest.mark.django_db


def _tamper(sql: str, params: list[Any]) -> None:
    """What an intruder with database access would do (the triggers are lifted for the act)."""
    with audit.audit_maintenance(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _three_events() -> list[AuditEvent]:
    return [audit.record(f"test.event{i}", actor_name="tester", changes={"n": i}) for i in range(3)]


def test_events_are_numbered_and_chained() -> None:
    first, second, third = _three_events()
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev_hash == "" and second.prev_hash == first.hash and third.prev_hash == second.hash
    report = audit.verify_chain()
    assert report.ok and report.checked == 3 and report.head_hash == third.hash


def test_a_changed_row_is_detected() -> None:
    events = _three_events()
    _tamper("UPDATE core_auditevent SET action = %s WHERE id = %s", ["test.harmless", events[1].id])
    problems = audit.verify_chain().problems
    assert problems == [f"changed row seq=2 (id={events[1].id}): its hash does not match its content"]


def test_a_deleted_row_is_detected() -> None:
    events = _three_events()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[1].id])
    problems = audit.verify_chain().problems
    assert any("missing rows before seq=3" in problem for problem in problems)
    assert any("broken link at seq=3" in problem for problem in problems)


def test_reordered_rows_are_detected() -> None:
    events = _three_events()
    _tamper("UPDATE core_auditevent SET seq = -1 WHERE id = %s", [events[0].id])
    _tamper("UPDATE core_auditevent SET seq = 1 WHERE id = %s", [events[1].id])
    _tamper("UPDATE core_auditevent SET seq = 2 WHERE id = %s", [events[0].id])
    assert not audit.verify_chain().ok


def test_a_truncated_tail_is_detected_with_an_anchor(tmp_path: Any) -> None:
    events = _three_events()
    anchor = tmp_path / "anchor.json"
    call_command("audit_verify", anchor=anchor, update_anchor=True)
    assert json.loads(anchor.read_text()) == {"seq": 3, "hash": events[2].hash}
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[2].id])
    assert audit.verify_chain().ok  # the chain that is left is consistent …
    with pytest.raises(CommandError, match="审计日志校验失败"):  # … but the anchor saw more
        call_command("audit_verify", anchor=anchor)


def test_audit_verify_passes_on_an_intact_log(capsys: Any) -> None:
    _three_events()
    call_command("audit_verify")
    assert "审计日志校验通过：3 条事件" in capsys.readouterr().out


def test_update_and_delete_are_refused_by_the_database() -> None:
    event = audit.record("test.event", actor_name="tester")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.other")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_the_triggers_are_in_place() -> None:
    from bangfu.core.management.commands.audit_verify import missing_triggers

    assert missing_triggers() == set()


def test_a_failed_audit_write_rolls_the_change_back(org_tree: dict[str, Any], monkeypatch: Any) -> None:
    from bangfu.people.models import Person

    def broken(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("audit table unavailable")

    with pytest.raises(DatabaseError), transaction.atomic():
        make_person(org_tree["tianhe"], name="回滚")
        monkeypatch.setattr(AuditEvent, "save", broken)
        audit.record("people.person.create", actor_name="tester")
    assert not Person.objects.filter(name="回滚").exists()


def test_personal_and_sensitive_values_are_masked_in_changes(org_tree: dict[str, Any]) -> None:
    person = make_person(org_tree["tianhe"], name="张三丰", health_note="尘肺")
    event = audit.record(
        "people.person.update", actor_name="tester", obj=person,
        changes={"id_number": {"from": person.id_number, "to": "11010519491231002X"}, "health_note": "尘肺",
                 "name": "张三丰", "occupation_edition": "2022", "note_of_caller": "kept"},
    )
    stored = AuditEvent.objects.get(pk=event.pk).changes
    assert stored["id_number"] == {"from": person.id_number[:6] + "********" + person.id_number[-4:],
                                   "to": "110105********002X"}
    assert stored["health_note"] == "******"
    assert stored["name"] == "张*丰"
    assert stored["occupation_edition"] == "2022"  # public
    assert stored["note_of_caller"] == "kept"  # not a field: the caller's own summary
    assert event.object_repr == f"人员 #{person.pk}" or event.object_repr == f"Person #{person.pk}"
    assert "张三丰" not in json.dumps(stored, ensure_ascii=False) and "张三丰" not in event.object_repr


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with its single write lock; threads need PostgreSQL here")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                with transaction.atomic():
                    audit.record("test.concurrent", actor_name=f"w{n}", changes={"i": i})
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = audit.verify_chain()
    assert report.ok, report.problems
    assert report.checked == 90 and report.head_seq == 90
