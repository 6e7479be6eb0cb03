"""Writing: result tables as the sheets of one .xlsx, or as CSV files that Excel opens."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from bangfu.core.spreadsheet import safe_row

from .errors import InputError


@dataclass(frozen=True)
class Table:
    """One output table: a sheet of a workbook, or a CSV file."""

    title: str
    file_suffix: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]  # a generator streams: rows are written as they come
    # The rows already as CSV text (lines ending CRLF), in chunks: a large table formatted with numpy
    # (``csvtext``). A CSV file takes it instead of ``rows``; a workbook always takes ``rows``.
    csv_text: Iterable[str] | None = None


def output_paths(path: Path, tables: Sequence[Table]) -> list[Path]:
    """Where each table goes: the workbook itself, or ``RESULT`` then ``RESULT.<suffix>.csv``."""
    if path.suffix.lower() == ".xlsx":
        return [path] * len(tables)
    return [path] + [path.with_name(f"{path.stem}.{table.file_suffix}{path.suffix}") for table in tables[1:]]


def write_tables(path: Path, tables: Sequence[Table]) -> list[Path]:
    """Write the tables: sheets of one .xlsx, or CSV files (UTF-8 with BOM, which Excel reads)."""
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise InputError(f"{path.name}：结果文件只支持 .csv 或 .xlsx")
    paths = output_paths(path, tables)
    if suffix == ".xlsx":
        workbook = Workbook()
        workbook.remove(workbook.active)  # type: ignore[arg-type]
        for table in tables:
            sheet = workbook.create_sheet(table.title)
            sheet.append(list(table.headers))
            for row in table.rows:
                sheet.append(safe_row(row))  # text never becomes a formula
        workbook.save(path)
        return sorted(set(paths))
    for table, target in zip(tables, paths, strict=True):
        with target.open("w", encoding="utf-8-sig", newline="") as output:
            writer = csv.writer(output)
            writer.writerow(table.headers)
            if table.csv_text is None:
                writer.writerows(safe_row(row) for row in table.rows)
                continue
            for chunk in table.csv_text:
                output.write(chunk)
    return paths
