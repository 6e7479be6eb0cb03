"""Writing: result tables as the sheets of one .xlsx, or as CSV files that Excel opens."""

from __future__ import annotations

import csv
import os
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


def output_paths(path: Path, suffixes: Sequence[str]) -> list[Path]:
    """Where the tables of these file suffixes go, in order: the workbook itself, or ``RESULT`` then
    ``RESULT.<suffix>.csv``."""
    if path.suffix.lower() == ".xlsx":
        return [path] * len(suffixes)
    return [path] + [path.with_name(f"{path.stem}.{suffix}{path.suffix}") for suffix in suffixes[1:]]


def check_writable(path: Path) -> None:
    """Refuse, before any work, a result file that could not be written: a wrong kind, a folder that does not
    exist or cannot be written to."""
    if path.suffix.lower() not in {".csv", ".xlsx"}:
        raise InputError(f"{path.name}：结果文件只支持 .csv 或 .xlsx")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InputError(f"{path}：文件夹 {folder} 不存在")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"{path}：没有写入权限")


def write_tables(path: Path, tables: Sequence[Table]) -> list[Path]:
    """Write the tables: sheets of one .xlsx, or CSV files (UTF-8 with BOM, which Excel reads)."""
    check_writable(path)
    suffix = path.suffix.lower()
    paths = output_paths(path, [table.file_suffix for table in tables])
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
        write_csv(target, table)
    return paths


def write_csv(target: Path, table: Table) -> None:
    """One table as one CSV file (UTF-8 with BOM, which Excel reads)."""
    with target.open("w", encoding="utf-8-sig", newline="") as output:
        writer = csv.writer(output)
        writer.writerow(table.headers)
        if table.csv_text is None:
            writer.writerows(safe_row(row) for row in table.rows)
            return
        for chunk in table.csv_text:
            output.write(chunk)
