"""Carrying the old `people.Person.honours` list (title codes) and the target-group rules that read it over to the
honours register. Plain functions over rows, so that the migrations that use them are tested without the old
column (which migration people 0007 drops)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bangfu.honours.titles_seed import LEGACY_CODES

OLD_FIELD = "person.honours"
NEW_FIELD = "honour.title"


def legacy_holdings(people: Iterable[Any]) -> list[tuple[Any, str]]:
    """(person, title code) for every known code in a person's old list; unknown values are dropped (the old
    choices never held others, and a title cannot be guessed from a stray string)."""
    return [(person, code) for person in people for code in dict.fromkeys(person.honours or [])
            if code in LEGACY_CODES]


def rewrite_rule(node: Any) -> Any:
    """A stored rule with every `person.honours contains […]` condition made `honour.title in […]` (the same
    people: a person held one of these codes ⇔ they hold one of these titles, not revoked)."""
    if isinstance(node, dict) and node.get("field") == OLD_FIELD:
        return {"field": NEW_FIELD, "op": "in", "value": list(node.get("value") or [])}
    if isinstance(node, dict):
        return {key: [rewrite_rule(child) for child in value] if key in ("all", "any") else value
                for key, value in node.items()}
    return node
