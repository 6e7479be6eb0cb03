"""Spreadsheets for the public notice and the reconciliation; every cell goes through core's `safe_cell`
(formula-looking text is neutralised), numbers stay numbers."""

from __future__ import annotations

from bangfu.core.spreadsheet import XLSX, workbook_bytes

__all__ = ["XLSX", "workbook_bytes"]
