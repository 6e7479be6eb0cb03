"""Extension points of the register that the apps above it fill, through a `people_hooks` module each (found by
`core.appmodules.app_modules`). The register may not import them (they sit above it); they may add to it:

- `person_panel(*, user, people) -> str`: an HTML panel shown on the pages of these people (the household
  page, a seeker's profile), or "" when there is nothing to show — the honours the people hold;
- `record_titles(*, holdings, year) -> int`: record titles (by code) held by people the register has just
  written (the demo's model workers), returning how many were recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from bangfu.core.appmodules import app_modules
from bangfu.people.models import Person


def person_panels(*, user: Any, people: Iterable[Person]) -> list[SafeString]:
    """The panels the apps above add to a page about these people (already rendered, escaped by their templates)."""
    people = list(people)
    panels = []
    for _app, hooks in app_modules("people_hooks"):
        render = getattr(hooks, "person_panel", None)
        html = render(user=user, people=people) if render is not None and people else ""
        if html:
            panels.append(mark_safe(html))  # noqa: S308 - rendered by the app's own (auto-escaping) template
    return panels


def record_titles(*, holdings: Mapping[int, list[str]], year: int) -> int:
    """Titles held by people (person pk → title codes), recorded by whichever app keeps the honours register."""
    recorded = 0
    for _app, hooks in app_modules("people_hooks"):
        record = getattr(hooks, "record_titles", None)
        if record is not None:
            recorded += record(holdings=holdings, year=year)
    return recorded
