"""Reading: the rows of a CSV or Excel file, matched to columns, parsed, and built into records."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from openpyxl import load_workbook

from bangfu.core.spreadsheet import has_lost_digits, lost_digits_message

from ..engine import DistrictTable, Opening, Seeker
from .cells import cell_text
from .columns import Column, opening_columns, seeker_columns
from .errors import CellError, InputError, RowError

T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    records: list[T] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _header_key(header: object) -> str:
    """A header without surrounding spaces, bracketed units or case: "期望月薪（元）" → "期望月薪"."""
    text = re.sub(r"[（(][^）)]*[）)]\s*$", "", cell_text(header))
    return text.strip().lower()


def _read_csv_rows(path: Path) -> list[list[object]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    raise InputError(f"{path.name}：无法识别文件编码（请另存为 UTF-8 的 CSV）")


def _read_xlsx_rows(path: Path) -> list[list[object]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken file
        raise InputError(f"{path.name}：无法打开 Excel 文件（{error}）") from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_rows(path: Path) -> list[list[object]]:
    """All rows of the first sheet (xlsx) or of the CSV, header first."""
    if not path.is_file():
        raise InputError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv_rows(path)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx_rows(path)
    raise InputError(f"{path.name}：只支持 .csv 或 .xlsx 文件")


def _column_positions(header: Sequence[object], columns: Sequence[Column], file: str) -> dict[str, int]:
    by_name = {_header_key(name): column for column in columns for name in (column.header, *column.aliases)}
    positions: dict[str, int] = {}
    for position, cell in enumerate(header):
        found = by_name.get(_header_key(cell))
        if found is None:
            continue
        if found.key in positions:
            raise InputError(f"{file}：「{found.header}」列出现了两次")
        positions[found.key] = position
    missing = [column.header for column in columns if column.required and column.key not in positions]
    if missing:
        raise InputError(f"{file}：缺少必填列「{'」「'.join(missing)}」")
    return positions


def _parsed_rows(path: Path, columns: Sequence[Column]) -> Iterator[tuple[int, dict[str, Any], list[RowError]]]:
    rows = read_rows(path)
    if not rows:
        raise InputError(f"{path.name}：文件是空的")
    positions = _column_positions(rows[0], columns, path.name)
    by_key = {column.key: column for column in columns}
    # Cells repeat (weekly hours, districts, codes, wages): each distinct cell of a column is parsed
    # once. Parsers are pure and records copy what they keep, so sharing a parsed value is safe.
    parsed: dict[str, dict[object, Any]] = {key: {} for key in positions if by_key[key].repeats}
    for number, row in enumerate(rows[1:], start=2):
        if all(cell_text(cell) == "" for cell in row):
            continue
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        for key, position in positions.items():
            column = by_key[key]
            cell = row[position] if position < len(row) else None
            cache = parsed.get(key)
            # A repeated cell is checked and parsed once (the check is a regex over every cell).
            value = _UNPARSED if cache is None else cache.get(cell, _UNPARSED)
            if value is _UNPARSED:
                value = _LOST_DIGITS if has_lost_digits(cell) else _parse_or_error(column, cell)
                if cache is not None:
                    cache[cell] = value
            if value is _LOST_DIGITS:  # a long code Excel rounded: what is left is not what was typed
                errors.append(RowError(path.name, number, column.header, lost_digits_message(column.header)))
            elif isinstance(value, CellError):
                errors.append(RowError(path.name, number, column.header, str(value)))
            else:
                values[key] = value
        yield number, values, errors


_UNPARSED = object()
_LOST_DIGITS = object()


def _parse_or_error(column: Column, cell: object) -> Any:
    try:
        return column.parse(cell)
    except CellError as error:
        return error


def _load(
    path: Path, columns: Sequence[Column], build: Callable[[dict[str, Any]], T], id_of: Callable[[T], str]
) -> Loaded[T]:
    loaded: Loaded[T] = Loaded()
    first_row_of: dict[str, int] = {}
    for number, values, errors in _parsed_rows(path, columns):
        if errors:
            loaded.errors.extend(errors)
            continue
        try:
            record = build(values)
        except CellError as error:
            loaded.errors.append(RowError(path.name, number, error.column, error.message))
            continue
        except ValueError as error:
            loaded.errors.append(RowError(path.name, number, "", str(error)))
            continue
        record_id = id_of(record)
        if record_id in first_row_of:
            message = f"编号重复：{record_id}（与第 {first_row_of[record_id]} 行相同）"
            loaded.errors.append(RowError(path.name, number, "编号", message))
            continue
        first_row_of[record_id] = number
        loaded.records.append(record)
        loaded.rows.append(number)
    return loaded


def _present(values: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty optional values so the dataclass defaults apply."""
    return {key: value for key, value in values.items() if value is not None}


def _build_seeker(values: dict[str, Any]) -> Seeker:
    return Seeker(**_present(values))


def _build_opening(values: dict[str, Any]) -> Opening:
    fields = _present(values)
    low, high = fields.pop("wage_min_fen", None), fields.pop("wage_max_fen", None)
    if low is None and high is None:
        raise CellError("请填写最低月薪或最高月薪", "最低月薪")
    low = high if low is None else low
    high = low if high is None else high
    if high < low:
        raise CellError("最高月薪低于最低月薪", "最高月薪")
    return Opening(**fields, wage_min_fen=low, wage_max_fen=high)


def load_seekers(path: Path, districts: DistrictTable | None = None) -> Loaded[Seeker]:
    table = districts or DistrictTable.default()
    return _load(path, seeker_columns(table), _build_seeker, lambda seeker: seeker.id)


def load_openings(path: Path, districts: DistrictTable | None = None) -> Loaded[Opening]:
    table = districts or DistrictTable.default()
    return _load(path, opening_columns(table), _build_opening, lambda opening: opening.id)
