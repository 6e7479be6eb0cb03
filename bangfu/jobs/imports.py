"""Excel import of employers and openings: every valid row applied, every bad row listed with its
row number, column and a Chinese reason. Re-importing the same file changes nothing new: employers
are matched by 统一社会信用代码, openings by (employer, title, district)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from openpyxl import Workbook, load_workbook
from stdnum.cn import uscc as uscc_module

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.dates import DateError, parse_date
from bangfu.core.errors import ServiceError
from bangfu.core.money import MoneyError, parse_yuan
from bangfu.core.spreadsheet import cell_text, has_lost_digits, lost_digits_message
from bangfu.jobs.models import Accommodation, Employer, Opening, validate_occupation_code
from bangfu.jobs.queries import district_choices, employers
from bangfu.jobs.services import OPENINGS, bump_version, clean_list
from bangfu.jobs.services.common import require_org
from bangfu.jobs.slots import SlotsError, parse_slots
from bangfu.matching.explain import ACCOMMODATION_LABELS
from bangfu.matching.occupations import normalise_code

MAX_ROWS = 20_000


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    note: str = ""


EMPLOYER_COLUMNS = (
    Column("name", "单位名称", True),
    Column("uscc", "统一社会信用代码", True, "18 位，含校验位"),
    Column("contact_name", "联系人"),
    Column("contact_phone", "联系电话"),
    Column("district", "所在区县", note="区县名称或 6 位区划代码，如 从化区 或 440117"),
    Column("address", "地址"),
)
OPENING_COLUMNS = (
    Column("employer", "用人单位信用代码", True, "须为已登记的用人单位"),
    Column("title", "岗位名称", True),
    Column("occupation_code", "职业编码", note="职业分类大典（2022 年版）编码，如 4-01-02-01"),
    Column("tags", "标签", note="用顿号或空格分隔"),
    Column("description", "岗位描述"),
    Column("district", "所在区县", True, "区县名称或 6 位区划代码"),
    Column("street_code", "所在街道代码", note="9 位街道区划代码，可空"),
    Column("wage_min", "最低月薪（元）", True),
    Column("wage_max", "最高月薪（元）", note="空则等于最低月薪"),
    Column("shifts", "班次", note="如 周一至周五 09–18 时、周六 09–12 时；空则无固定班次"),
    Column("positions", "招聘人数", True, "不小于 1 的整数"),
    Column("requirements", "任职要求"),
    Column("accommodations", "便利条件", note="如 无障碍通行、弹性工时、可居家办公"),
    Column("valid_until", "有效期至", note="如 2026-12-31、2026/12/31 或 2026年12月31日"),
)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({error.row for error in self.errors})

    def counts(self) -> dict[str, int]:
        """What the audit event records: counts, never cell values."""
        return {"rows": self.rows, "created": self.created, "updated": self.updated, "rejected": self.rejected_rows}


class _RowProblems(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("row has errors")
        self.errors = errors


def template_workbook(columns: tuple[Column, ...], title: str) -> bytes:
    """An empty sheet with the headers, and a 说明 sheet explaining each column."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append([column.header for column in columns])
    notes = workbook.create_sheet("说明")
    notes.append(["列", "必填", "说明"])
    for column in columns:
        notes.append([column.header, "是" if column.required else "否", column.note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_rows(source: IO[bytes], columns: tuple[Column, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row number, {column key: cell value}) for each non-empty row of the first sheet."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception:
        raise ServiceError("无法读取该文件：请上传 Excel（.xlsx）文件", status=422) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = [cell_text(cell) for cell in next(rows, ())]
    missing = [column.header for column in columns if column.required and column.header not in headers]
    if missing:
        raise ServiceError(f"第 1 行缺少必填列：{'、'.join(missing)}", status=422)
    position = {column.key: headers.index(column.header) for column in columns if column.header in headers}
    for number, cells in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise ServiceError(f"一次最多导入 {MAX_ROWS} 行", status=422)
        if all(cell_text(cell) == "" for cell in cells):
            continue
        yield number, {key: cells[index] if index < len(cells) else None for key, index in position.items()}


class _Row:
    """Parses one row's cells, collecting a (row, column, message) error for each bad cell."""

    def __init__(self, number: int, cells: dict[str, Any], columns: tuple[Column, ...]) -> None:
        self.number, self.cells = number, cells
        self.headers = {column.key: column for column in columns}
        self.errors: list[RowError] = []

    def fail(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.headers[key].header, message))

    def get(self, key: str, parse: Callable[[Any], Any] = str, default: Any = "", *, raw: bool = False) -> Any:
        """The parsed cell (``raw``: the cell as Excel stored it, e.g. a date); ``default`` if blank or bad."""
        if has_lost_digits(self.cells.get(key)):  # a credit code or phone Excel rounded: never read back as typed
            self.fail(key, lost_digits_message(self.headers[key].header))
            return default
        text = cell_text(self.cells.get(key))
        if not text:
            if self.headers[key].required:
                self.fail(key, "必填，不能为空")
            return default
        try:
            return parse(self.cells.get(key) if raw else text)
        except (ValueError, ValidationError, ServiceError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            self.fail(key, message)
            return default

    def finish(self) -> None:
        if self.errors:
            raise _RowProblems(self.errors)


def _district_parser(org: OrgUnit) -> Callable[[str], str]:
    choices = district_choices(org)
    by_code = dict(choices)
    by_name = {name: code for code, name in choices}

    def parse(text: str) -> str:
        if text in by_code:
            return text
        name = text.split("市")[-1] if "市" in text and not text.endswith("市") else text
        if name in by_name:
            return by_name[name]
        raise ValueError(f"区县“{text}”不在本单位所在地区（应填区县名称或 6 位区划代码）")

    return parse


def _at_most(limit: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"最多 {limit} 个字符（现有 {len(text)} 个）")
        return text

    return parse


def _uscc(text: str) -> str:
    code = str(uscc_module.compact(text))
    if not uscc_module.is_valid(code):
        raise ValueError(f"统一社会信用代码“{text}”无效（应为 18 位且校验位正确）")
    return code


def _accommodations(text: str) -> list[str]:
    codes = {label: code for code, label in ACCOMMODATION_LABELS.items()}
    known = {choice.value for choice in Accommodation}
    result = []
    for item in clean_list(text):
        code = codes.get(item, item)
        if code not in known:
            raise ValueError(f"便利条件“{item}”无法识别，可选：{'、'.join(ACCOMMODATION_LABELS.values())}")
        result.append(code)
    return result


def _positions(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise ValueError("招聘人数应为不小于 1 的整数")
    return int(text)


def _occupation(text: str) -> str:
    validate_occupation_code(text)
    return normalise_code(text)


def _date(value: Any) -> Any:
    try:
        return parse_date(value)
    except DateError as exc:
        raise ValueError(str(exc)) from None


def _yuan(text: str) -> int:
    try:
        return parse_yuan(text)
    except MoneyError as exc:
        raise ValueError(str(exc)) from None


def _slots(text: str) -> int:
    try:
        return parse_slots(text, empty=0)
    except SlotsError as exc:
        raise ValueError(str(exc)) from None


@transaction.atomic
def import_employers(*, actor: Any, org: OrgUnit, source: IO[bytes]) -> ImportResult:
    """Create or update employers of ``org`` from a sheet; rows with errors are reported, the rest kept."""
    require_org(actor, org, "add", Employer)
    result = ImportResult()
    district = _district_parser(org)
    mine = {employer.uscc: employer for employer in employers(actor, action="change")}
    for number, cells in read_rows(source, EMPLOYER_COLUMNS):
        result.rows += 1
        row = _Row(number, cells, EMPLOYER_COLUMNS)
        values = {
            "name": row.get("name", _at_most(100)), "uscc": row.get("uscc", _uscc),
            "contact_name": row.get("contact_name", _at_most(50)),
            "contact_phone": row.get("contact_phone", _at_most(20)), "district_code": row.get("district", district),
            "address": row.get("address", _at_most(200)),
        }
        existing = mine.get(values["uscc"])
        if existing is None and values["uscc"] and Employer.objects.filter(uscc=values["uscc"]).exists():
            row.fail("uscc", "该统一社会信用代码已由其他单位登记，不能重复登记")
        try:
            row.finish()
        except _RowProblems as problems:
            result.errors += problems.errors
            continue
        if existing is None:
            mine[values["uscc"]] = Employer.objects.create(org=org, created_by=actor, **values)
            result.created += 1
        elif _update_changed(existing, values):
            result.updated += 1
    audit.record("jobs.employers_imported", actor=actor, org=org, changes=result.counts())
    return result


@transaction.atomic
def import_openings(*, actor: Any, org: OrgUnit, source: IO[bytes]) -> ImportResult:
    """Create or update openings of ``org``; the employer column names a registered employer in scope."""
    require_org(actor, org, "add", Opening)
    result = ImportResult()
    district = _district_parser(org)
    known_employers = {employer.uscc: employer for employer in employers(actor)}
    existing = {
        (o.employer_id, o.title, o.district_code): o
        for o in Opening.objects.filter(org=org, employer__in=known_employers.values())
    }
    new: list[Opening] = []
    for number, cells in read_rows(source, OPENING_COLUMNS):
        result.rows += 1
        row = _Row(number, cells, OPENING_COLUMNS)
        employer_code = row.get("employer", _uscc)
        employer = known_employers.get(employer_code)
        if employer_code and employer is None:
            row.fail("employer", f"用人单位“{employer_code}”未登记或不在您的数据范围内")
        values = {
            "title": row.get("title", _at_most(100)), "occupation_code": row.get("occupation_code", _occupation),
            "tags": row.get("tags", clean_list, []), "description": row.get("description"),
            "district_code": row.get("district", district), "street_code": row.get("street_code", _at_most(12)),
            "wage_min_fen": row.get("wage_min", _yuan, 0), "shift_slots": row.get("shifts", _slots, 0),
            "positions": row.get("positions", _positions, 1), "requirements": row.get("requirements"),
            "accommodations": row.get("accommodations", _accommodations, []),
            "valid_until": row.get("valid_until", _date, None, raw=True),
        }
        values["wage_max_fen"] = row.get("wage_max", _yuan, values["wage_min_fen"])
        if values["wage_max_fen"] < values["wage_min_fen"]:
            row.fail("wage_max", "最高月薪不能低于最低月薪")
        try:
            row.finish()
        except _RowProblems as problems:
            result.errors += problems.errors
            continue
        assert employer is not None
        match = existing.get((employer.pk, values["title"], values["district_code"]))
        if match is not None and values["positions"] < match.positions_filled:
            result.errors.append(RowError(number, "招聘人数", f"不能少于已录用人数（{match.positions_filled}）"))
            continue
        if match is None:
            opening = Opening(org=org, created_by=actor, employer=employer, **values)
            new.append(opening)
            existing[(employer.pk, values["title"], values["district_code"])] = opening
        elif match.pk and _update_changed(match, values):  # no pk: added by an earlier row of this file
            result.updated += 1
    Opening.objects.bulk_create(new, batch_size=1000)
    result.created = len(new)
    if result.created or result.updated:
        bump_version(OPENINGS)
    audit.record("jobs.openings_imported", actor=actor, org=org, changes=result.counts())
    return result


def _update_changed(record: Employer | Opening, values: dict[str, Any]) -> bool:
    """Write the values that differ from the record's, bumping its version; False when none differ."""
    changed = {name: value for name, value in values.items() if getattr(record, name) != value}
    if not changed:
        return False
    type(record).objects.filter(pk=record.pk).update(version=F("version") + 1, **changed)
    return True
