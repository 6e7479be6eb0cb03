"""Writing audit events: the one function every service calls, inside its own transaction."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from bangfu.core.models import AuditEvent
from bangfu.core.request_context import current_request


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _event_digest(prev_hash: str, event: AuditEvent) -> str:
    body = json.dumps(
        [
            prev_hash,
            event.occurred_at.isoformat(),
            event.actor_id,
            event.org_id,
            event.action,
            event.object_type,
            event.object_id,
            event.changes,
            event.outcome,
        ],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    org: Any = None,
    changes: dict[str, Any] | None = None,
    outcome: str = "success",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. Call inside the transaction of the change: if this fails, the change rolls back.

    `changes` must already be masked (field names, masked values); never pass personal data in clear.
    """
    request = request or current_request()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if org is None and obj is not None:
        org = getattr(obj, "org", None)
    with transaction.atomic():
        last = AuditEvent.objects.select_for_update().order_by("-id").only("hash").first()
        prev_hash = last.hash if last else ""
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_name=getattr(actor, "username", "") or "",
            org_id=getattr(org, "pk", None),
            org_path=getattr(org, "path", "") or "",
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            changes=changes or {},
            ip_address=_client_ip(request),
            user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
            outcome=outcome,
            prev_hash=prev_hash,
        )
        event.hash = _event_digest(prev_hash, event)
        event.save()
    return event
