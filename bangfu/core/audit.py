"""Writing and verifying audit events. `record()` is the one function every service calls, inside
its own transaction: if the audit write fails, the change rolls back with it.

The events form a keyed chain: `hash_i = HMAC-SHA256(audit key, hash_{i-1} ‖ canonical JSON of event i)`,
numbered by a gapless `seq`; the key lives outside the database and outside backups (`auditkeys`), so a
database writer cannot compute a valid row, and each row names the id of the key that sealed it.
Appends are serialised (SQLite: the IMMEDIATE write transaction; PostgreSQL: a transaction-scoped
advisory lock) so that two writers never chain onto the same predecessor.

Every `BANGFU_AUDIT_CHECKPOINT_EVERY` events, after commit, the head (seq, MAC) is appended, signed, to
the checkpoint file outside the database (`checkpoints`): cutting the tail or rewriting from row N is
then caught without trusting the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from bangfu.core import auditkeys, checkpoints, inventory
from bangfu.core.masking import looks_masked, mask_value
from bangfu.core.models import AuditEvent
from bangfu.core.request_context import current_request

# An arbitrary constant: the key of PostgreSQL's advisory lock that serialises audit appends.
_PG_CHAIN_LOCK = 0x42414E4746550001

# Outcomes an event may carry.
SUCCESS, FAILURE, DENIED = "success", "failure", "denied"


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _canonical(event: AuditEvent) -> list[Any]:
    occurred = event.occurred_at.astimezone(dt.UTC) if event.occurred_at else None
    return [
        event.seq,
        occurred.isoformat() if occurred else None,
        event.actor_id,
        event.actor_name,
        event.org_id,
        event.org_path,
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        event.changes,
        event.ip_address,
        event.user_agent,
        event.outcome,
    ]


def legacy_digest(prev_hash: str, event: Any) -> str:
    """The unkeyed SHA-256 chain of events written before migration 0004 (kept to verify them there)."""
    body = json.dumps([prev_hash, *_canonical(event)], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def event_digest(prev_hash: str, event: Any) -> str | None:
    """HMAC-SHA256 under the event's audit key (its `key_id`, which is sealed too); None if that key
    is not configured."""
    body = json.dumps([prev_hash, event.key_id, *_canonical(event)], ensure_ascii=False, sort_keys=True,
                      default=str)
    return auditkeys.mac(event.key_id, body.encode("utf-8"))


def _mask_change(field_name: str, value: Any) -> Any:
    """Mask one changed value; `{"from": a, "to": b}` and lists are masked element by element."""
    if isinstance(value, dict):
        return {key: _mask_change(field_name, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask_change(field_name, item) for item in value]
    if value is None or isinstance(value, bool) or looks_masked(value):
        return value
    return mask_value(field_name, value)


def sanitize_changes(model: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """A safety net under the rule "changes hold masked values only": every key that is a stored field
    of `model` and not classified `public` in the data inventory has its value(s) masked. Keys that are
    not fields (summaries the caller computed, like "roles") pass as they are.
    """
    meta = getattr(model, "_meta", None)
    if meta is None:
        return changes
    model_class = meta.model  # also for a stand-in carrying a record's `_meta` and `pk`
    stored = set(inventory.model_field_names(model_class))
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key in stored and inventory.field_class(model_class, key) != "public":
            cleaned[key] = _mask_change(key, value)
        else:
            cleaned[key] = value
    return cleaned


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
    # SQLite: Django opens every transaction with BEGIN IMMEDIATE here, which already holds the
    # database's single write lock until commit.


def describe(obj: models.Model) -> str:
    """What an event names: the kind of record and its id — never its content (a name is personal)."""
    return f"{obj._meta.verbose_name} #{obj.pk}"[:200]


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    org: Any = None,
    changes: dict[str, Any] | None = None,
    outcome: str = SUCCESS,
    request: HttpRequest | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event. Call inside the transaction of the change: if this fails, the change rolls back.

    `changes` must already be masked (field names, masked values); never pass personal data in clear.
    Values of personal and sensitive fields of `obj` are masked here too, as a safety net.
    `actor_name` names an actor that is not a user (a failed sign-in's username, a command).
    """
    request = request or current_request()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if org is None and obj is not None:
        org = getattr(obj, "org", None)
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        prev_seq, prev_hash = last if last else (0, "")
        event = AuditEvent(
            seq=prev_seq + 1,
            occurred_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_name=(getattr(actor, "username", "") or actor_name or "")[:150],
            org_id=getattr(org, "pk", None),
            org_path=getattr(org, "path", "") or "",
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=describe(obj) if obj is not None else "",
            changes=sanitize_changes(obj, changes or {}),
            ip_address=client_ip(request),
            user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
            outcome=outcome,
            prev_hash=prev_hash,
            key_id=auditkeys.current_audit_key_id(),
        )
        event.hash = event_digest(prev_hash, event) or ""
        event.save(force_insert=True)
        checkpoints.maybe_checkpoint_after_commit(event.seq, event.hash)
    return event


# --- Verification ------------------------------------------------------------------------------------


@dataclass
class ChainReport:
    """What `verify_chain()` found: `problems` is empty when every row is where and what it was."""

    checked: int = 0
    head_seq: int = 0
    head_hash: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _events_in_order(batch: int, using: str) -> Iterator[AuditEvent]:
    return AuditEvent.objects.using(using).order_by("id").iterator(chunk_size=batch)


def verify_chain(
    *, checkpoint_file: Any = None, batch: int = 2000, max_problems: int = 50, using: str = "default"
) -> ChainReport:
    """Walk the events in insertion order (id) and check seq, links and MACs; messages in Chinese.

    - changed or forged row: its MAC does not match (nobody without the audit key can make one that does);
    - deleted row: a gap in `seq`, or the next row's `prev_hash` points at nothing;
    - reordered rows (ids or seqs swapped): `seq` not increasing along `id`, or broken links;
    - cut tail, or rows rewritten from N on: a signed checkpoint in `checkpoint_file` (outside the
      database) names a head that is gone or has a different MAC.
    """
    report = ChainReport()
    prev_hash, expected_seq = "", 1
    marks = checkpoints.read_checkpoints(checkpoint_file) if checkpoint_file is not None else None
    expected_marks = {mark.seq: mark for mark in marks.valid} if marks is not None else {}
    if marks is not None:
        report.problems += marks.problems
    for event in _events_in_order(batch, using):
        report.checked += 1
        where = f"第 {event.seq} 号事件（id={event.id}）"
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                report.problems.append(f"{where}之前缺少事件：应为第 {expected_seq} 号（有事件被删除）")
            else:
                report.problems.append(f"{where}顺序错乱或重复：应为第 {expected_seq} 号")
        if event.prev_hash != prev_hash:
            report.problems.append(f"{where}链接断开：所记的前一条事件指纹与上一条事件不符")
        digest = event_digest(event.prev_hash, event)
        if digest is None:
            report.problems.append(f"{where}的审计密钥 {event.key_id or '（空）'} 未配置（BANGFU_AUDIT_KEY），无法校验")
        elif not hmac.compare_digest(digest, event.hash):
            report.problems.append(f"{where}被改动或伪造：MAC 与内容不符")
        mark = expected_marks.pop(event.seq, None)
        if mark is not None and not hmac.compare_digest(mark.mac, event.hash):
            report.problems.append(
                f"{where}与 {mark.at} 的签名检查点不符：自第 {event.seq} 号或更早的事件被改写"
            )
        prev_hash, expected_seq = event.hash, event.seq + 1
        report.head_seq, report.head_hash = event.seq, event.hash
        if len(report.problems) >= max_problems:
            report.problems.append("……问题过多，已停止校验")
            return report
    for mark in sorted(expected_marks.values(), key=lambda mark: mark.seq):
        report.problems.append(
            f"签名检查点（{mark.at}）记录的第 {mark.seq} 号事件已不在数据库中："
            f"链尾被截断（数据库只到第 {report.head_seq} 号）"
        )
    return report


# --- Append-only enforcement: database triggers (migration 0003) with one escape hatch for `flush`. ----

_maintenance = threading.local()


def maintenance_enabled() -> int:
    """1 inside `audit_maintenance()` (SQLite calls this from the trigger as bangfu_audit_maintenance())."""
    return 1 if getattr(_maintenance, "depth", 0) > 0 else 0


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: the SQLite trigger asks this function whether it may let a
    DELETE through. A client without it (the sqlite3 shell) fails with "no such function": refused.
    """
    if connection.vendor == "sqlite":
        connection.connection.create_function("bangfu_audit_maintenance", 0, maintenance_enabled)


@contextmanager
def audit_maintenance(using: str = "default") -> Iterator[None]:
    """Lift the append-only triggers for this connection — only for `manage.py flush`, which wipes the
    whole database (tests between cases, a fresh install). Never used by the application.
    """
    from django.db import connections

    conn = connections[using]
    _maintenance.depth = getattr(_maintenance, "depth", 0) + 1
    try:
        if conn.vendor == "postgresql":
            with conn.cursor() as cursor:
                cursor.execute("SELECT set_config('bangfu.audit_maintenance', 'on', false)")
        yield
    finally:
        _maintenance.depth -= 1
        if conn.vendor == "postgresql" and conn.connection is not None:
            with conn.cursor() as cursor:
                cursor.execute("SELECT set_config('bangfu.audit_maintenance', 'off', false)")
