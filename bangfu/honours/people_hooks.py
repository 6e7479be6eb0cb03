"""What the register's pages show from the honours register, and how the register records titles it was
given (found by `app_modules("people_hooks")`; see `bangfu.people.extensions`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string

from bangfu.honours import queries
from bangfu.honours.models import Honour, HonourSource, HonourTitle
from bangfu.honours.services.titles import ensure_standard_titles
from bangfu.people.models import Person


def person_panel(*, user: Any, people: list[Person]) -> str:
    """The honours these people hold (public record: shown on any page the user may open about them)."""
    held = list(queries.honours_held_by(people))
    if not held:
        return ""
    return render_to_string("honours/_person_panel.html", {
        "honours": held, "show_names": len(people) > 1,
        "can_open": user.has_perm("honours.view_honour"),
    })


def record_titles(*, holdings: Mapping[int, list[str]], year: int) -> int:
    """Titles by code for people just written (the demo): unknown codes are skipped, repeats ignored."""
    ensure_standard_titles()
    titles = {title.code: title for title in HonourTitle.objects.all()}
    people = Person.objects.filter(pk__in=list(holdings)).only("pk", "name", "org_id")
    rows = [Honour(person=person, holder_name=person.name, title=titles[code], year=year, org_id=person.org_id,
                   source=HonourSource.MANUAL)
            for person in people for code in holdings[person.pk] if code in titles]
    return len(Honour.objects.bulk_create(rows, ignore_conflicts=True))
