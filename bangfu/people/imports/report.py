"""The error report an officer downloads after an import: every refused row, with column and reason."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from bangfu.core.spreadsheet import safe_row
from bangfu.people.imports.rows import RowError, SheetNote

SUMMARY_LABELS = (
    ("rows_read", "读取的成员行数"), ("rows_rejected", "未导入的行数"), ("households_read", "读取的户数"),
    ("households_created", "新建档案（户）"), ("households_updated", "更新档案（户）"),
    ("households_unchanged", "无变化（户）"), ("households_rejected", "未导入（户）"),
    ("people_created", "新登记人员"), ("people_updated", "更新人员信息"), ("rows_skipped", "跳过的合计行"),
    ("sheets_skipped", "未导入的工作表"),
)


def build_error_report(errors: Sequence[RowError], counts: dict[str, Any], *, title: str,
                       notes: Sequence[SheetNote] = ()) -> bytes:
    """The summary, every refused row (with its sheet when the workbook had several), and what was skipped."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("导入结果")
    summary.append(safe_row([title]))
    if counts.get("dry_run"):
        summary.append(["试导入：仅检查，未写入任何数据。"])
    elif counts.get("atomic") and not counts.get("applied"):
        summary.append(["整体导入：因存在错误行，全部未导入。请更正后重新导入。"])
    for key, label in SUMMARY_LABELS:
        summary.append([label, counts.get(key, 0)])
    details = workbook.create_sheet("错误明细")
    details.column_dimensions["A"].width = 8
    details.column_dimensions["B"].width = 16
    details.column_dimensions["C"].width = 24
    details.column_dimensions["D"].width = 70
    several = any(error.sheet for error in errors)
    headers = ("工作表",) * several + ("行号", "列名", "填写内容", "原因")
    details.append([_styled(details, text) for text in headers])
    for error in errors:
        where = [error.sheet] if several else []
        details.append(safe_row([*where, error.row or "全表", error.column or "整行", error.value, error.reason]))
    if notes:
        skipped = workbook.create_sheet("跳过的内容")
        skipped.append([_styled(skipped, text) for text in ("工作表", "行号", "说明")])
        for note in notes:
            skipped.append(safe_row([note.sheet, note.row or "整表", note.text]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _styled(sheet: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="FCE4D6")
    cell.alignment = Alignment(vertical="center")
    return cell
