"""The audit log's search boxes and what cannot be seen: a field of nothing but zero-width or no-break spaces (the
acting person, the action, the kind of record, the unit, the object id) is an empty field — the auditor's page and
the export list every event, as for an empty form; a zero-width space inside the words finds them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from bangfu.core.tests.searchbox import assert_invisible_is_empty, page_ids, zero_width_inside

pytestmark = pytest.mark.django_db
FIELDS = ["actor", "action", "object_type", "unit", "object_id"]


@pytest.mark.parametrize("field", FIELDS)
def test_an_invisible_only_field_is_an_empty_field(client: Client, auditor: Any, events: Any, field: str) -> None:
    assert_invisible_is_empty(lambda q: page_ids(client, "/security/audit/", q, field=field), at_least=4)


def test_an_invisible_only_field_exports_every_event(client: Client, auditor: Any, events: Any) -> None:
    """Each export is itself recorded, so the second (invisible) search exports one event more than the first."""
    def exported(q: str) -> set[Any]:
        response = client.get("/security/audit/export/", {"actor": q, "unit": q})
        assert response.status_code == 200
        return {row[0] for row in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(
            min_row=2, values_only=True)}

    empty = exported("")
    assert {event.seq for event in events.values()} <= empty
    invisible = exported("\u200b\u3000")
    assert empty < invisible and len(invisible - empty) == 1


@pytest.mark.parametrize(("field", "text", "event"), [("actor", "李明", "reveal"), ("action", "查看明文", "reveal"),
                                                      ("object_type", "人员", "reveal"), ("unit", "海珠", "export")])
def test_a_zero_width_space_inside_the_words_finds_them(client: Client, auditor: Any, events: Any, field: str,
                                                        text: str, event: str) -> None:
    expected = [events[event].pk]
    if field == "actor":
        expected = [events["login"].pk, events["reveal"].pk]
    for q in (zero_width_inside(text), f"\u200b{text}\ufeff"):
        assert page_ids(client, "/security/audit/", q, field=field) == expected, repr(q)
