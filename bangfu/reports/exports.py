"""Downloads of the bulletin (published figures only: suppressed as printed): plain text and .xlsx."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bangfu.core import audit
from bangfu.core.spreadsheet import safe_row
from bangfu.people.imports.xlsxwrite import SheetSpec, write_xlsx
from bangfu.reports.bulletin import Bulletin


def bulletin_text(bulletin: Bulletin) -> bytes:
    return bulletin.text.encode("utf-8-sig")  # with a BOM, so Notepad on an old Windows reads it as UTF-8


def bulletin_xlsx(bulletin: Bulletin) -> bytes:
    import io

    text_rows = [safe_row([line]) for line in (bulletin.title, bulletin.date_line, *bulletin.paragraphs)]
    table_rows: list[list[Any]] = []
    for name, rows in bulletin.tables.items():
        table_rows += [safe_row([name, row.name, row.cell.households if row.cell.shown else row.cell.text])
                       for row in rows]
    buffer = io.BytesIO()
    write_xlsx(buffer, [
        SheetSpec("统计简报", ["统计简报"], text_rows, widths=[120]),
        SheetSpec("统计表", ["表", "项目", "户数"], table_rows, widths=[24, 30, 10]),
    ])
    return buffer.getvalue()


def audit_bulletin_export(user: Any, org: Any, fmt: str) -> None:
    with transaction.atomic():
        audit.record("reports.bulletin.export", actor=user, org=org, changes={"format": fmt, "published": True})
