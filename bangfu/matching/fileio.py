"""Seekers and openings from CSV or Excel files; results back to CSV or Excel.

Headers are Chinese (``编号``, ``期望月薪`` …) with English aliases (``id``, ``wage_floor`` …); a unit
in brackets after a header is ignored (``期望月薪（元）``). CSV may be UTF-8 (with or without BOM) or,
as Excel on a Chinese Windows saves it, GB18030. docs/matching.md lists every column.

Bad cells never stop a run: the row is rejected with a Chinese message naming the row (as the
spreadsheet numbers it, header = row 1) and the column, and every valid row is still read. Only a
file that cannot be read at all, or lacks a required column, raises ``InputError``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Generic, TypeVar

from openpyxl import Workbook, load_workbook

from .engine import ALL_WEEK, DAYS_PER_WEEK, HOURS_PER_DAY, DistrictTable, Opening, Seeker, slot_mask
from .explain import ACCOMMODATION_LABELS
from .occupations import DEFAULT_EDITION, normalise_code


class InputError(Exception):
    """A file that cannot be used at all (unreadable, unknown format, a required column missing)."""


class CellError(ValueError):
    """A bad cell; the message is Chinese and says what was expected.

    ``column`` names the column when the check spans several cells (e.g. the wage range).
    """

    def __init__(self, message: str, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"「{self.column}」列" if self.column else ""
        return f"{self.file} 第 {self.row} 行{where}：{self.message}"


T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    records: list[T] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --- cell parsers --------------------------------------------------------------------------------

_LIST_SPLIT = re.compile(r"[、,，;；|\n]+")
_TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"", "否", "无", "n", "no", "false", "0", "×"}
_SEX = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女"}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_list(value: object) -> list[str]:
    return [item.strip() for item in _LIST_SPLIT.split(_text(value)) if item.strip()]


def parse_required_text(value: object) -> str:
    text = _text(value)
    if not text:
        raise CellError("不能为空")
    return text


def parse_bool(value: object) -> bool:
    text = _text(value)
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise CellError(f"应填 是 或 否，而不是「{text}」")


def parse_sex(value: object) -> str | None:
    text = _text(value)
    if not text:
        return None
    if text.lower() not in _SEX:
        raise CellError(f"应填 男 或 女，而不是「{text}」")
    return _SEX[text.lower()]


def parse_optional_int(value: object) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d+", text):
        raise CellError(f"应为非负整数，而不是「{text}」")
    return int(text)


def parse_optional_km(value: object) -> float | None:
    text = _text(value).removesuffix("公里").removesuffix("km").strip()
    if not text:
        return None
    try:
        km = float(text)
    except ValueError:
        raise CellError(f"应为公里数，而不是「{text}」") from None
    if not km >= 0:
        raise CellError("不能为负数")
    return km


def parse_yuan(value: object) -> int | None:
    """Money in 元 ("4000", "4,000", "4000.50", "4000元") as integer fen; None when empty."""
    text = _text(value).replace(",", "").replace("，", "").removesuffix("元").strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellError(f"应为金额（元），而不是「{text}」") from None
    fen = amount * 100
    if amount < 0 or fen != fen.to_integral_value():
        raise CellError(f"金额应为非负数，最多两位小数：「{text}」")
    return int(fen)


def parse_date(value: object) -> date | None:
    """2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, or an Excel date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match is None:
        raise CellError(f"日期应如 2024-03-05，而不是「{text}」")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise CellError(f"不存在的日期：「{text}」") from None


def parse_codes(value: object) -> list[str]:
    codes = []
    for item in parse_list(value):
        try:
            codes.append(normalise_code(item))
        except ValueError as error:
            raise CellError(str(error)) from None
    return codes


def parse_code(value: object) -> str:
    codes = parse_codes(value)
    if len(codes) > 1:
        raise CellError("只能填一个职业编码")
    return codes[0] if codes else ""


def parse_edition(value: object) -> str:
    text = _text(value).removesuffix("版")
    if not text:
        return DEFAULT_EDITION
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(f"职业分类版本应为年份，如 2022，而不是「{text}」")
    return text


_ACCOMMODATION_CODES = {label: code for code, label in ACCOMMODATION_LABELS.items()}


def parse_accommodations(value: object) -> set[str]:
    """Codes (``wheelchair``) or their Chinese labels (``无障碍通行``)."""
    return {_ACCOMMODATION_CODES.get(item, item) for item in parse_list(value)}


# Weekly time ---------------------------------------------------------------------------------------

_DAY_NAMES = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_DAY_GROUPS = {"每天": range(7), "每日": range(7), "工作日": range(5), "周末": range(5, 7), "daily": range(7)}
_DAY = re.compile(r"(?:周|星期|礼拜)?([一二三四五六日天])|(mon|tue|wed|thu|fri|sat|sun)[a-z]*", re.IGNORECASE)
_DAY_RANGE_SEPARATOR = re.compile(r"\s*(?:至|到|-|–|~|～)\s*")
_HOURS = re.compile(r"(\d{1,2})(?::00)?\s*(?:时|点)?\s*(?:-|–|~|～|至|到)\s*(\d{1,2})(?::00)?\s*(?:时|点)?")
_SEGMENT = re.compile(r"\s*(?P<days>[^\d\s]+?)\s*(?P<hours>(?:全天|\d.*))\s*")


def _one_day(text: str) -> int:
    match = _DAY.fullmatch(text.strip())
    if match is None:
        raise CellError(f"无法识别的星期：「{text}」")
    return _DAY_NAMES[(match.group(1) or match.group(2)).lower()[:3]]


def _days(text: str) -> list[int]:
    if text in _DAY_GROUPS:
        return list(_DAY_GROUPS[text])
    days: list[int] = []
    for part in _LIST_SPLIT.split(text):
        ends = _DAY_RANGE_SEPARATOR.split(part)
        if len(ends) == 1:
            days.append(_one_day(ends[0]))
        elif len(ends) == 2:
            first, last = _one_day(ends[0]), _one_day(ends[1])
            if last < first:
                raise CellError(f"星期范围颠倒：「{part}」")
            days.extend(range(first, last + 1))
        else:
            raise CellError(f"无法识别的星期：「{part}」")
    return days


def _hours(text: str) -> list[tuple[int, int]]:
    if text == "全天":
        return [(0, HOURS_PER_DAY)]
    ranges = []
    for part in re.split(r"[,，、]", text):
        match = _HOURS.fullmatch(part.strip())
        if match is None:
            raise CellError(f"时段应如 09-18，而不是「{part.strip()}」")
        start, end = int(match.group(1)), int(match.group(2))
        if not 0 <= start < end <= HOURS_PER_DAY:
            raise CellError(f"时段不正确：「{part.strip()}」（结束须晚于开始，最晚 24 时）")
        ranges.append((start, end))
    return ranges


def parse_week(value: object, *, empty: int) -> int:
    """Weekly hours as a 168-bit mask, from text such as "周一至周五 09-18；周六 09-12,14-18".

    Segments are separated by ；/; or new lines; each is days then hours. Days: 周一…周日 (星期…),
    ranges with 至 or -, lists with 、, or 每天 / 工作日 / 周末; English Mon–Sun. Hours: 09-18
    (end exclusive, up to 24), several with commas, or 全天. "全天"/"不限" alone is the whole week;
    an empty cell gives ``empty``.
    """
    text = _text(value)
    if not text:
        return empty
    if text in {"全天", "不限", "任意", "全部"}:
        return ALL_WEEK
    mask = 0
    for segment in re.split(r"[;；\n]+", text):
        if not segment.strip():
            continue
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            raise CellError(f"时间应如「周一至周五 09-18」，而不是「{segment.strip()}」")
        for weekday in _days(match.group("days")):
            if not 0 <= weekday < DAYS_PER_WEEK:
                raise CellError(f"无法识别的星期：「{segment.strip()}」")
            for start, end in _hours(match.group("hours")):
                mask |= slot_mask(weekday, start, end)
    return mask


# --- columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One input column: its field, Chinese header, English aliases, and how to read a cell."""

    key: str
    header: str
    aliases: tuple[str, ...]
    parse: Callable[[object], Any]
    required: bool = False


def _district_parser(table: DistrictTable) -> Callable[[object], str | None]:
    def parse_district(value: object) -> str | None:
        text = _text(value)
        if not text:
            return None
        if re.fullmatch(r"\d{6}", text):
            return text
        code = table.code_for_name(text)
        if code is None:
            raise CellError(f"应为 6 位区划代码（如 440106）或区名（如 天河区），而不是「{text}」")
        return code

    return parse_district


def _districts_parser(table: DistrictTable) -> Callable[[object], list[str]]:
    one = _district_parser(table)

    def parse_districts(value: object) -> list[str]:
        return [code for code in (one(item) for item in parse_list(value)) if code]

    return parse_districts


def seeker_columns(table: DistrictTable) -> tuple[Column, ...]:
    return (
        Column("id", "编号", ("id", "seeker_id"), parse_required_text, required=True),
        Column("tags", "标签", ("tags", "skills"), parse_list),
        Column("occupation_codes", "意向职业编码", ("occupation_codes", "occupations"), parse_codes),
        Column("occupation_edition", "职业分类版本", ("edition", "occupation_edition"), parse_edition),
        Column("districts", "可接受区域", ("districts",), _districts_parser(table)),
        Column("home_district", "居住区", ("home_district", "home"), _district_parser(table)),
        Column("commute_limit_km", "通勤上限公里", ("commute_limit_km", "commute_km"), parse_optional_km),
        Column("free_slots", "空闲时间", ("free_slots", "free_time"), lambda v: parse_week(v, empty=ALL_WEEK)),
        Column("wage_floor_fen", "期望月薪", ("wage_floor", "wage_floor_yuan"), parse_yuan),
        Column("needs", "所需便利", ("needs",), parse_accommodations),
        Column("text", "自我描述", ("text", "description"), _text),
        Column("employment_difficulty", "就业困难人员", ("employment_difficulty",), parse_bool),
        Column("disability", "残疾", ("disability",), parse_bool),
        Column("caring_duties", "照护责任", ("caring_duties",), parse_bool),
        Column("sex", "性别", ("sex",), parse_sex),
        Column("age", "年龄", ("age",), parse_optional_int),
    )


def opening_columns(table: DistrictTable) -> tuple[Column, ...]:
    return (
        Column("id", "编号", ("id", "opening_id"), parse_required_text, required=True),
        Column("title", "岗位名称", ("title",), _text),
        Column("occupation_code", "职业编码", ("occupation_code",), parse_code),
        Column("edition", "职业分类版本", ("edition", "occupation_edition"), parse_edition),
        Column("tags", "标签", ("tags",), parse_list),
        Column("text", "岗位描述", ("text", "description"), _text),
        Column("district", "区域", ("district",), _district_parser(table), required=True),
        Column("wage_min_fen", "最低月薪", ("wage_min", "wage_min_yuan"), parse_yuan),
        Column("wage_max_fen", "最高月薪", ("wage_max", "wage_max_yuan"), parse_yuan),
        Column("shift_slots", "班次", ("shift_slots", "shifts"), lambda v: parse_week(v, empty=0)),
        Column("openings_left", "剩余名额", ("openings_left", "places"), parse_optional_int),
        Column("accommodations", "便利条件", ("accommodations",), parse_accommodations),
        Column("valid_until", "有效期至", ("valid_until",), parse_date),
    )


# --- reading -------------------------------------------------------------------------------------


def _header_key(header: object) -> str:
    """A header without surrounding spaces, bracketed units or case: "期望月薪（元）" → "期望月薪"."""
    text = re.sub(r"[（(][^）)]*[）)]\s*$", "", _text(header))
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
    for number, row in enumerate(rows[1:], start=2):
        if all(_text(cell) == "" for cell in row):
            continue
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        for key, position in positions.items():
            column = by_key[key]
            cell = row[position] if position < len(row) else None
            try:
                values[key] = column.parse(cell)
            except CellError as error:
                errors.append(RowError(path.name, number, column.header, str(error)))
        yield number, values, errors


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


# --- writing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One output table: a sheet of a workbook, or a CSV file."""

    title: str
    file_suffix: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]


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
                sheet.append(list(row))
        workbook.save(path)
        return sorted(set(paths))
    for table, target in zip(tables, paths, strict=True):
        with target.open("w", encoding="utf-8-sig", newline="") as output:
            writer = csv.writer(output)
            writer.writerow(table.headers)
            writer.writerows(table.rows)
    return paths
