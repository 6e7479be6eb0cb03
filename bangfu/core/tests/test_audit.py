"""The audit log: one transaction with the change, a hash chain that shows tampering, append-only."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from bangfu.core import audit, auditkeys
from bangfu.core.models import AuditEvent
from bangfu.core.tests.helpers import race
from bangfu.security.tests.helpers import make_person

pytestmark = pytest.mark.django_db
WRITERS, EVENTS = 6, 15  # the concurrent writers, and the events each appends


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
    assert problems == [f"第 2 号事件（id={events[1].id}）被改动或伪造：MAC 与内容不符"]


def test_a_row_forged_with_the_public_formula_is_caught() -> None:
    """An intruder edits a row and recomputes its hash with the formula in the source code (SHA-256
    over the canonical JSON): without the audit key it is not the MAC, and the next link breaks too."""
    events = _three_events()
    forged = AuditEvent.objects.get(pk=events[2].pk)
    forged.action = "test.innocent"
    forged.hash = audit.legacy_digest(forged.prev_hash, forged)
    _tamper("UPDATE core_auditevent SET action = %s, hash = %s WHERE id = %s",
            [forged.action, forged.hash, forged.id])
    assert audit.verify_chain().problems == [f"第 3 号事件（id={forged.id}）被改动或伪造：MAC 与内容不符"]
    with pytest.raises(CommandError, match="审计日志校验失败"):
        call_command("audit_verify")


def test_a_row_forged_under_another_key_is_caught(monkeypatch: Any) -> None:
    """Even a well-formed MAC under a key the intruder made up does not pass: the key id is unknown."""
    events = _three_events()
    monkeypatch.setenv("BANGFU_AUDIT_KEY", auditkeys.generate_audit_key())
    auditkeys.reset_audit_key_cache()
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.key_id = auditkeys.current_audit_key_id()
    forged.hash = audit.event_digest(forged.prev_hash, forged) or ""
    monkeypatch.delenv("BANGFU_AUDIT_KEY")
    auditkeys.reset_audit_key_cache()
    _tamper("UPDATE core_auditevent SET key_id = %s, hash = %s WHERE id = %s",
            [forged.key_id, forged.hash, forged.id])
    problems = audit.verify_chain().problems
    assert f"第 2 号事件（id={forged.id}）的审计密钥 {forged.key_id} 未配置（BANGFU_AUDIT_KEY），无法校验" in problems


def test_an_edit_through_a_redefined_trigger_function_is_caught(tmp_path: Any) -> None:
    """Any SQLite client can define `bangfu_audit_maintenance()` returning 1 and then edit rows with the
    triggers in place; the edit goes through, but the chain names the row."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite trigger's function; PostgreSQL's trigger reads a server setting instead")
    events = _three_events()
    # The intruder's own function on a raw SQLite connection (here the test's, which holds the data).
    raw = connection.connection
    raw.create_function("bangfu_audit_maintenance", 0, lambda: 1)
    raw.execute("UPDATE core_auditevent SET changes = ? WHERE id = ?", ['{"n": 99}', events[0].id])
    audit.register_sqlite_functions(None, connection)  # Django's own function back in place
    assert audit.verify_chain().problems == [f"第 1 号事件（id={events[0].id}）被改动或伪造：MAC 与内容不符"]


def test_a_deleted_row_is_detected() -> None:
    events = _three_events()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[1].id])
    problems = audit.verify_chain().problems
    assert f"第 3 号事件（id={events[2].id}）之前缺少事件：应为第 2 号（有事件被删除）" in problems
    assert f"第 3 号事件（id={events[2].id}）链接断开：所记的前一条事件指纹与上一条事件不符" in problems


def test_reordered_rows_are_detected() -> None:
    events = _three_events()
    _tamper("UPDATE core_auditevent SET seq = -1 WHERE id = %s", [events[0].id])
    _tamper("UPDATE core_auditevent SET seq = 1 WHERE id = %s", [events[1].id])
    _tamper("UPDATE core_auditevent SET seq = 2 WHERE id = %s", [events[0].id])
    assert not audit.verify_chain().ok


def test_a_cut_tail_is_caught_by_the_signed_checkpoint(tmp_path: Any, capsys: Any) -> None:
    events = _three_events()
    marks = tmp_path / "checkpoints.jsonl"
    call_command("audit_checkpoint", checkpoints=marks)
    line = json.loads(marks.read_text())
    assert (line["seq"], line["mac"]) == (3, events[2].hash)
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[2].id])
    assert audit.verify_chain().ok  # the chain that is left is consistent …
    with pytest.raises(CommandError, match="审计日志校验失败"):  # … but the checkpoint saw more
        call_command("audit_verify", checkpoints=marks)
    assert "记录的第 3 号事件已不在数据库中：链尾被截断（数据库只到第 2 号）" in capsys.readouterr().err


def test_a_rewrite_from_row_n_is_caught_even_by_a_key_holder(tmp_path: Any, capsys: Any) -> None:
    """Someone holding the audit key rewrites events 2..4 into a consistent chain: every MAC is right,
    but the checkpoint taken at event 3 before the rewrite no longer matches."""
    for i in range(4):
        audit.record("test.event", actor_name="tester", changes={"n": i})
    marks = tmp_path / "checkpoints.jsonl"
    call_command("audit_checkpoint", checkpoints=marks)
    prev = AuditEvent.objects.get(seq=1).hash
    for event in AuditEvent.objects.filter(seq__gte=2).order_by("seq"):
        event.changes = {"n": "rewritten"}
        event.prev_hash = prev
        event.hash = audit.event_digest(prev, event) or ""
        _tamper("UPDATE core_auditevent SET changes = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [json.dumps(event.changes), event.prev_hash, event.hash, event.id])
        prev = event.hash
    assert audit.verify_chain().ok  # with the key the rewritten chain is self-consistent …
    with pytest.raises(CommandError):
        call_command("audit_verify", checkpoints=marks)  # … the signed checkpoint outside the database is not
    assert "与" in (err := capsys.readouterr().err) and "自第 4 号或更早的事件被改写" in err


def test_a_changed_checkpoint_line_fails_its_signature(tmp_path: Any) -> None:
    events = _three_events()
    marks = tmp_path / "checkpoints.jsonl"
    call_command("audit_checkpoint", checkpoints=marks)
    line = json.loads(marks.read_text())
    line["seq"] = 2  # pretend the head was earlier, to hide a cut tail
    marks.write_text(json.dumps(line) + "\n")
    problems = audit.verify_chain(checkpoint_file=marks).problems
    assert problems == ["检查点文件第 1 行签名无效（第 2 号检查点被改动）"]
    assert events


def test_checkpoints_are_written_every_n_events_after_commit(settings: Any, tmp_path: Any,
                                                             django_capture_on_commit_callbacks: Any) -> None:
    settings.BANGFU_AUDIT_CHECKPOINT_EVERY = 2
    with django_capture_on_commit_callbacks(execute=True):
        events = [audit.record("test.event", actor_name="tester") for _ in range(5)]
    lines = [json.loads(text) for text in Path(settings.BANGFU_AUDIT_CHECKPOINTS).read_text().splitlines()]
    assert [(line["seq"], line["mac"]) for line in lines] == [(2, events[1].hash), (4, events[3].hash)]
    assert audit.verify_chain(checkpoint_file=settings.BANGFU_AUDIT_CHECKPOINTS).ok


def test_a_checkpoint_that_cannot_be_written_does_not_fail_the_committed_change(
        settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any, caplog: Any) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    settings.BANGFU_AUDIT_CHECKPOINT_EVERY = 1
    settings.BANGFU_AUDIT_CHECKPOINTS = str(blocked / "checkpoints.jsonl")  # its parent is a file
    with django_capture_on_commit_callbacks(execute=True):
        event = audit.record("test.event", actor_name="tester")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert "审计检查点未能写入（第 1 号事件）" in caplog.text


def test_audit_checkpoint_refuses_a_chain_that_does_not_verify(tmp_path: Any) -> None:
    events = _three_events()
    _tamper("UPDATE core_auditevent SET action = %s WHERE id = %s", ["test.harmless", events[0].id])
    marks = tmp_path / "checkpoints.jsonl"
    with pytest.raises(CommandError, match="拒绝写检查点"):
        call_command("audit_checkpoint", checkpoints=marks)
    assert not marks.exists()


def test_old_events_verify_after_the_audit_key_is_rotated(monkeypatch: Any) -> None:
    old_key, new_key = auditkeys.generate_audit_key(), auditkeys.generate_audit_key()
    monkeypatch.setenv("BANGFU_AUDIT_KEY", old_key)
    auditkeys.reset_audit_key_cache()
    try:
        old = _three_events()
        monkeypatch.setenv("BANGFU_AUDIT_KEY", f"{new_key},{old_key}")  # new first, old kept for verifying
        auditkeys.reset_audit_key_cache()
        call_command("reencrypt")
        new = AuditEvent.objects.get(action="keys.reencrypt")
        assert new.key_id == auditkeys.current_audit_key_id() != old[0].key_id
        assert new.changes["audit_key_id"] == new.key_id
        assert audit.verify_chain().ok
        monkeypatch.setenv("BANGFU_AUDIT_KEY", new_key)  # the old key dropped: its rows cannot be verified
        auditkeys.reset_audit_key_cache()
        assert audit.verify_chain().problems[0] == (
            f"第 1 号事件（id={old[0].id}）的审计密钥 {old[0].key_id} 未配置（BANGFU_AUDIT_KEY），无法校验")
    finally:
        monkeypatch.delenv("BANGFU_AUDIT_KEY", raising=False)
        auditkeys.reset_audit_key_cache()


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
    from bangfu.core.audit_triggers import missing_triggers

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
    """WRITERS threads append EVENTS events each, all at once (bangfu.core.tests.helpers.race: each statement
    waits for a lock, as on a SQLite file and PostgreSQL; nothing retries an append). Appends are serialised
    (SQLite: the IMMEDIATE write transaction; PostgreSQL: the advisory lock), so every event is written and
    chained onto its own predecessor on either database."""

    def write(call: int) -> str:
        with transaction.atomic():
            audit.record("test.concurrent", actor_name=f"w{call // EVENTS}", changes={"i": call % EVENTS})
        return "recorded"

    outcomes = race(write, threads=WRITERS, calls=EVENTS)
    assert outcomes == Counter(recorded=WRITERS * EVENTS), (connection.vendor, outcomes)  # no error, no lock
    report = audit.verify_chain()
    assert report.ok, report.problems
    assert report.checked == 90 and report.head_seq == 90
    # Each append is there once, numbered 1 … 90 without a gap or a repeat.
    written = list(AuditEvent.objects.filter(action="test.concurrent").values_list("seq", "actor_name", "changes"))
    assert sorted(seq for seq, _name, _changes in written) == list(range(1, WRITERS * EVENTS + 1))
    assert sorted((name, changes["i"]) for _seq, name, changes in written) == sorted(
        (f"w{writer}", i) for writer in range(WRITERS) for i in range(EVENTS))


def _legacy_events(count: int) -> list[AuditEvent]:
    """Events as written before migration 0004: chained with the unkeyed SHA-256 formula, no key id."""
    events = _three_events()[:count]
    prev = ""
    for event in events:
        event.key_id, event.prev_hash = "", prev
        event.hash = audit.legacy_digest(prev, event)
        _tamper("UPDATE core_auditevent SET key_id = '', prev_hash = %s, hash = %s WHERE id = %s",
                [event.prev_hash, event.hash, event.id])
        prev = event.hash
    return events


def _migration_0004() -> Any:
    import importlib

    return importlib.import_module("bangfu.core.migrations.0004_audit_keyed_chain")


class _Editor:
    connection = connection


def test_migration_0004_rekeys_a_verified_legacy_chain() -> None:
    from django.apps import apps

    events = _legacy_events(3)
    assert not audit.verify_chain().ok  # the legacy rows are not MACs
    _migration_0004().verify_then_rekey(apps, _Editor())
    assert audit.verify_chain().ok
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {auditkeys.current_audit_key_id()}
    assert len(events) == 3


def test_migration_0004_refuses_to_rekey_a_tampered_legacy_chain() -> None:
    from django.apps import apps

    events = _legacy_events(3)
    _tamper("UPDATE core_auditevent SET action = %s WHERE id = %s", ["test.harmless", events[1].id])
    with pytest.raises(RuntimeError, match=f"第 2 号事件（id={events[1].id}）处校验失败"):
        _migration_0004().verify_then_rekey(apps, _Editor())


def test_migrate_recreates_triggers_a_table_rebuild_dropped() -> None:
    from bangfu.core.audit_triggers import missing_triggers

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
        else:
            cursor.execute("DROP TRIGGER core_auditevent_no_update_delete ON core_auditevent")
    assert missing_triggers()
    call_command("migrate", verbosity=0)
    assert missing_triggers() == set()
    event = audit.record("test.event", actor_name="tester")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.other")


@pytest.mark.django_db(transaction=True)
def test_flush_sets_the_old_checkpoints_aside(settings: Any) -> None:
    audit.record("test.event", actor_name="tester")
    call_command("audit_checkpoint")
    marks = Path(settings.BANGFU_AUDIT_CHECKPOINTS)
    assert marks.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not marks.exists() and len(list(marks.parent.glob(marks.name + ".flushed-*"))) == 1
    audit.record("test.event", actor_name="tester")
    call_command("audit_verify")  # a new chain, not mistaken for a cut one
