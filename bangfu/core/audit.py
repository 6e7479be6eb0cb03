"""Writing and verifying audit events. `record()` is the one function every service calls, inside
its own transaction: if the audit write fails, the change rolls back with it.

The events form a hash chain: `hash_i = SHA-256(hash_{i-1} ‖ canonical JSON of event i)`, numbered by
a gapless `seq`. Appends are serialised (SQLite: the IMMEDIATE write transaction; PostgreSQL: a
transaction-scoped advisory lock) so that two writers never chain onto the same predecessor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from bangfu.core import inventory
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


def event_digest(prev_hash: str, event: AuditEvent) -> str:
    body = json.dumps([prev_hash, *_canonical(event)], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


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
        )
        event.hash = event_digest(prev_hash, event)
        event.save(force_insert=True)
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
    *, anchor: tuple[int, str] | None = None, batch: int = 2000, max_problems: int = 50, using: str = "default"
) -> ChainReport:
    """Walk the events in insertion order (id) and check seq, links and digests.

    - changed row: its digest no longer matches;
    - deleted row: a gap in `seq`, or the next row's `prev_hash` points at nothing;
    - reordered rows (ids or seqs swapped): `seq` not increasing along `id`, or broken links;
    - truncated tail: `anchor` (seq, hash) recorded earlier, outside the database, is no longer there.
    """
    report = ChainReport()
    prev_hash, expected_seq = "", 1
    anchor_seen = anchor is None or anchor[0] == 0
    for event in _events_in_order(batch, using):
        report.checked += 1
        where = f"seq={event.seq} (id={event.id})"
        if event.seq != expected_seq:
            kind = "missing rows before" if event.seq > expected_seq else "out of order or duplicated at"
            report.problems.append(f"{kind} {where}: expected seq={expected_seq}")
        if event.prev_hash != prev_hash:
            report.problems.append(f"broken link at {where}: prev_hash does not match the previous event")
        if event_digest(event.prev_hash, event) != event.hash:
            report.problems.append(f"changed row {where}: its hash does not match its content")
        if anchor is not None and event.seq == anchor[0]:
            anchor_seen = True
            if event.hash != anchor[1]:
                report.problems.append(f"anchored event {where} has a different hash than when it was anchored")
        prev_hash, expected_seq = event.hash, event.seq + 1
        report.head_seq, report.head_hash = event.seq, event.hash
        if len(report.problems) >= max_problems:
            report.problems.append("… stopped after too many problems")
            return report
    if not anchor_seen:
        assert anchor is not None
        report.problems.append(f"anchored event seq={anchor[0]} is gone: events were deleted from the end")
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
