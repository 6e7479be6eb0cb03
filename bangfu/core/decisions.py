"""Four eyes: a request is decided by a second person, exactly once.

Every app that has one person propose and another decide (cash top-ups, large disbursements, medical claims,
campaign reopenings, model-worker care, subsidy runs, project approval…) decides through these two functions,
so that the rule reads the same everywhere and a new app copies it rather than writing its own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bangfu.core.errors import ConflictError, ServiceError


def refuse_own_decision(actor: Any, *makers: int | None, message: str) -> None:
    """The person who made a request (or computed or submitted it) never decides it: 403 with `message`."""
    if getattr(actor, "pk", None) in {maker for maker in makers if maker is not None}:
        raise ServiceError(message, status=403)


def decide_once(pending: QuerySet[Any], *, already: str, **decision: Any) -> None:
    """The decision as one conditional UPDATE of the row while it is still pending (`pending` filters it by its
    pending state): a replay, or a second decider racing this one, changes nothing and is refused (409)."""
    if pending.update(**decision) != 1:
        raise ConflictError(already)
