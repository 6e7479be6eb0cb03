"""From raw sheet rows to checked member rows grouped into households, with every problem as a RowError.

Nothing here reads the database: these are the checks a row passes on its own or within the file
(required cells, codes, dates, ID numbers, one head per household, no ID number twice in the file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone

from bangfu.core.dates import future_date_message
from bangfu.core.errors import ServiceError
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.core.masking import mask_id_number, mask_phone
from bangfu.core.normalize import normalize_name
from bangfu.core.sensitive import blind_index
from bangfu.core.spreadsheet import excel_shows, has_lost_digits, is_number, lost_digits_message
from bangfu.people.imports import cells
from bangfu.people.imports.cells import CellError, is_blank
from bangfu.people.imports.columns import (
    CHOICE,
    COLUMNS,
    COLUMNS_BY_KEY,
    DATE,
    EVERY_ROW,
    GRADE,
    ID_NUMBER,
    MONEY,
    PHONE,
    SECONDARY_CAUSE_KEYS,
    YES_NO,
    Column,
    column_for_header,
    header_lookup,
)
from bangfu.people.models import Relation
from bangfu.people.names import pinyin_keys

MAX_MEMBERS = 20
TEXT_LIMITS = {"household_key": 40, "name": 50, "employer_name": 100, "address": 200, "unit_code": 32,
               "contact": 150, "note": 500}
HEADER_SEARCH_ROWS = 10
MISSING_HEADERS = ("未找到表头：第一行应为导入模板的列名（至少包括“户编号”“与户主关系”“姓名”“身份证号”）。"
                   "请使用下载的模板填写。")


@dataclass(frozen=True)
class RowError:
    row: int  # the Excel row number; 0 for a problem of the whole file
    column: str  # the Chinese header, or "" for the whole row
    value: str  # what was written, masked for ID numbers and phones
    reason: str
    sheet: str = ""  # the worksheet's name when the workbook has more than one data sheet


@dataclass(frozen=True)
class SheetNote:
    """Something read but deliberately not imported (a total row, a sheet without the template's header)."""

    sheet: str
    row: int  # 0 for the whole sheet
    text: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" + (f"第 {self.row} 行" if self.row else "")
        return f"{where}：{self.text}"


@dataclass(slots=True)
class MemberRow:
    row: int
    household_key: str
    relation: str
    name: str
    name_pinyin: str
    name_initials: str
    id_number: str
    id_index: str
    sex: str
    birth_date: dt.date
    employment_status: str
    has_major_illness: bool
    disability_or_mental_illness: bool
    monthly_income_fen: int
    # Blank means "not given": an existing person keeps what the register holds.
    phone: str | None = None
    hukou_type: str | None = None
    disability_type: str | None = None
    disability_grade: int | None = None
    employer_name: str | None = None
    is_union_member: bool | None = None
    # The household's own columns, read from the head's row.
    unit_code: str = ""
    address: str | None = None
    level: str | None = None
    primary_cause: str = ""
    secondary_causes: list[str] = field(default_factory=list)
    incident_on: dt.date | None = None
    contact: str = ""
    note: str = ""
    sheet: str = ""

    @property
    def is_head(self) -> bool:
        return self.relation == Relation.SELF


@dataclass
class HouseholdRows:
    key: str
    head: MemberRow
    members: list[MemberRow]  # the head first

    @property
    def rows(self) -> list[int]:
        return [member.row for member in self.members]


@dataclass(frozen=True)
class HeaderMap:
    positions: dict[str, int]  # column key → position in the row
    row: int


def find_header(rows: Iterator[tuple[int, list[Any]]]) -> HeaderMap:
    """The first row (among the first ten) naming the template's key columns."""
    lookup = header_lookup()
    for _ in range(HEADER_SEARCH_ROWS):
        try:
            number, values = next(rows)
        except StopIteration:
            break
        positions: dict[str, int] = {}
        for position, value in enumerate(values):
            column = column_for_header(lookup, value)
            if column is not None and column.key not in positions:
                positions[column.key] = position
        if {"household_key", "relation", "name", "id_number"} <= set(positions):
            return HeaderMap(positions, number)
    raise ServiceError(MISSING_HEADERS)


def _shown(column: Column, value: Any) -> str:
    """The cell as the report shows it: masked when personal, and a number as Excel displays it (never digits
    read back from a rounded number, which were not in the file)."""
    if (column.kind == ID_NUMBER and is_number(value)) or has_lost_digits(value):
        return excel_shows(value)[:100]
    text = cells.as_text(value)[:100]
    if column.kind == ID_NUMBER:
        return mask_id_number(text)
    if column.kind == PHONE:
        return mask_phone(text)
    return text


class RowReader:
    """Turns raw rows into MemberRows; collects RowErrors. One per import (it caches ID and name work)."""

    def __init__(self, header: HeaderMap, sheet: str = "", shared: RowReader | None = None) -> None:
        """One per data sheet; `shared`, the reader of an earlier sheet, lends its errors, keys and caches."""
        self.header = header
        self.sheet = sheet
        self._pinyin: dict[str, tuple[str, str]] = shared._pinyin if shared else {}
        self.today = timezone.localdate()
        self.errors: list[RowError] = shared.errors if shared else []
        # Households are (sheet, 户编号): the same number on two sheets is two families.
        self.keys: set[tuple[str, str]] = shared.keys if shared else set()  # every key seen, refused rows included
        # households whose head's row (or a row of unknown role) failed
        self.rejected_head_keys: set[tuple[str, str]] = shared.rejected_head_keys if shared else set()
        reading = [c for c in COLUMNS if c.key != "relation" and c.key not in SECONDARY_CAUSE_KEYS]
        self._member_columns = self._mapped(c for c in reading if not c.household_level)
        self._head_columns = self._mapped(reading)
        self._unmapped_required = [c for c in COLUMNS if c.required == EVERY_ROW and c.key not in header.positions]
        self._relation = header.positions["relation"]
        self._relation_column = COLUMNS_BY_KEY["relation"]
        self._key = header.positions["household_key"]

    def _mapped(self, columns: Any) -> list[tuple[Column, int]]:
        return [(column, self.header.positions[column.key]) for column in columns
                if column.key in self.header.positions]

    def _pinyin_of(self, name: str) -> tuple[str, str]:
        keys = self._pinyin.get(name)
        if keys is None:
            keys = self._pinyin[name] = pinyin_keys(name)
        return keys

    def read(self, number: int, values: list[Any]) -> MemberRow | None:
        """A checked MemberRow, or None (with its errors recorded) when any cell is wrong.

        Hot path (one call per member row): columns are read by position, blank cells skipped early.
        The household's own columns are read on the head's row only (other rows may leave them blank).
        """
        width = len(values)
        problems: list[RowError] = []
        parsed: dict[str, Any] = {}
        relation_value = values[self._relation] if self._relation < width else None
        is_head = False
        if is_blank(relation_value):
            problems.append(RowError(number, self._relation_column.header, "", "必填项，不能为空"))
        else:
            try:
                parsed["relation"] = cells.read_choice(relation_value, self._relation_column)
                is_head = parsed["relation"] == Relation.SELF
            except CellError as exc:
                problems.append(RowError(number, self._relation_column.header,
                                         _shown(self._relation_column, relation_value), str(exc)))
        for column, position in (self._head_columns if is_head else self._member_columns):
            value = values[position] if position < width else None
            if value is None or (value.__class__ is str and not value.strip()):
                if column.required == EVERY_ROW:
                    problems.append(RowError(number, column.header, "", "必填项，不能为空"))
                continue
            try:
                parsed[column.key] = self._read_cell(column, value)
            except CellError as exc:
                problems.append(RowError(number, column.header, _shown(column, value), str(exc)))
        for column in self._unmapped_required:
            problems.append(RowError(number, column.header, "", "必填项，不能为空（表中没有这一列）"))
        if is_head:
            problems += self._head_checks(number, values, parsed)
        raw_key = values[self._key] if self._key < width else None
        key = "" if is_blank(raw_key) else cells.as_text(raw_key)
        if key:
            self.keys.add((self.sheet, key))
        if problems:
            self.errors += [replace(problem, sheet=self.sheet) for problem in problems] if self.sheet else problems
            if key and (is_head or "relation" not in parsed):
                self.rejected_head_keys.add((self.sheet, key))
            return None
        return self._member(number, parsed, is_head)

    def _read_cell(self, column: Column, value: Any) -> Any:
        kind = column.kind
        if kind == ID_NUMBER:
            try:
                return parse_id_number(value)  # a number-typed cell is refused there, whatever its check digit
            except IdNumberError as exc:
                raise CellError(str(exc)) from None
        if kind in (CHOICE, YES_NO):
            found = column.labels.get(value) if value.__class__ is str else None
            if found is not None:
                return found  # the drop-down's own label: the common case
            return cells.read_choice(value, column) if kind == CHOICE else cells.read_yes_no(value, column)
        if kind == DATE:
            date = cells.read_date(value)
            future = future_date_message(date, self.today) if column.past_event else None
            if future:
                raise CellError(future)
            return date
        if kind == MONEY:
            return cells.read_money(value)
        if kind == GRADE:
            return cells.read_grade(value, column)
        if has_lost_digits(value):  # a 户编号, phone or unit code Excel rounded: two families' keys may now be one
            raise CellError(lost_digits_message(column.header))
        if kind == PHONE:
            return cells.read_phone(value)
        if value.__class__ is str:
            text = normalize_name(value) if column.key == "name" else value.strip()
            limit = TEXT_LIMITS.get(column.key, 200)
            if len(text) > limit:
                raise CellError(f"不能超过 {limit} 个字，实际 {len(text)} 个字")
            return text
        return cells.read_text(value, column, TEXT_LIMITS.get(column.key, 200))

    def _value(self, values: list[Any], key: str) -> Any:
        position = self.header.positions.get(key)
        return values[position] if position is not None and position < len(values) else None

    def _head_checks(self, number: int, values: list[Any], parsed: dict[str, Any]) -> list[RowError]:
        """Causes on the head's row: one primary, up to three different secondaries."""
        problems: list[RowError] = []
        primary_column = COLUMNS_BY_KEY["primary_cause"]
        if is_blank(self._value(values, "primary_cause")) and "primary_cause" not in parsed:
            problems.append(RowError(number, primary_column.header, "", "户主行必填：请选择主要致困原因"))
        secondaries: list[str] = []
        for key in SECONDARY_CAUSE_KEYS:
            column = COLUMNS_BY_KEY[key]
            value = self._value(values, key)
            if is_blank(value):
                continue
            try:
                code = cells.read_choice(value, column)
            except CellError as exc:
                problems.append(RowError(number, column.header, _shown(column, value), str(exc)))
                continue
            if code == parsed.get("primary_cause"):
                problems.append(RowError(number, column.header, cells.as_text(value), "与主要致困原因重复"))
            elif code in secondaries:
                problems.append(RowError(number, column.header, cells.as_text(value), "与前面的次要致困原因重复"))
            else:
                secondaries.append(str(code))
        parsed["secondary_causes"] = secondaries
        return problems

    def _member(self, number: int, parsed: dict[str, Any], is_head: bool) -> MemberRow:
        facts = parsed["id_number"]
        full, initials = self._pinyin_of(parsed["name"])
        member = MemberRow(
            row=number, household_key=parsed["household_key"], relation=parsed["relation"], name=parsed["name"],
            name_pinyin=full, name_initials=initials, id_number=facts.number, id_index=blind_index(facts.number),
            sex=facts.sex, birth_date=facts.birth_date, employment_status=parsed["employment_status"],
            has_major_illness=parsed.get("has_major_illness", False),
            disability_or_mental_illness=parsed.get("disability_or_mental_illness", False),
            monthly_income_fen=parsed.get("monthly_income_fen", 0), phone=parsed.get("phone"),
            hukou_type=parsed.get("hukou_type"), disability_type=parsed.get("disability_type"),
            disability_grade=parsed.get("disability_grade"), employer_name=parsed.get("employer_name"),
            is_union_member=parsed.get("is_union_member"), sheet=self.sheet,
        )
        if is_head:
            member.unit_code = parsed.get("unit_code", "")
            member.address = parsed.get("address")
            member.level = parsed.get("level")
            member.primary_cause = str(parsed.get("primary_cause", ""))
            member.secondary_causes = parsed["secondary_causes"]
            member.incident_on = parsed.get("incident_on")
            member.contact = parsed.get("contact", "")
            member.note = parsed.get("note", "")
        return member


def where(member: MemberRow) -> str:
    """`第 5 行`, or `工作表“二街道”第 5 行` when the workbook has more than one data sheet."""
    return f"工作表“{member.sheet}”第 {member.row} 行" if member.sheet else f"第 {member.row} 行"


def group_households(members: Iterable[MemberRow], errors: list[RowError],
                     rejected_keys: set[tuple[str, str]]) -> list[HouseholdRows]:
    """Group rows by sheet and 户编号; refuse households without exactly one head, with too many members, or a
    repeated ID.

    `rejected_keys` are households one of whose rows was already refused while reading: if that row was the
    head's, the household has no head left and its other rows are refused with it.
    """
    by_key: dict[tuple[str, str], list[MemberRow]] = {}
    for member in members:
        by_key.setdefault((member.sheet, member.household_key), []).append(member)
    seen_ids: dict[str, MemberRow] = {}
    households: list[HouseholdRows] = []
    for (sheet, key), rows in by_key.items():
        heads = [row for row in rows if row.is_head]
        reason = ""
        if not heads:
            reason = ("本户户主行有误，未能导入：请先更正户主行" if (sheet, key) in rejected_keys
                      else "本户没有户主行：每户须有一行“与户主关系”为“户主”")
        elif len(heads) > 1:
            numbers = "、".join(str(h.row) for h in heads)
            reason = f"本户有 {len(heads)} 行“与户主关系”为“户主”（第 {numbers} 行），应只有一行"
        elif len(rows) > MAX_MEMBERS:
            reason = f"本户有 {len(rows)} 名成员，最多 {MAX_MEMBERS} 名"
        elif sum(1 for row in rows if row.relation == Relation.SPOUSE) > 1:
            reason = "本户有多名配偶，配偶最多一名"
        if reason:
            errors += [RowError(row.row, "户编号", key, reason, sheet) for row in rows]
            continue
        head = heads[0]
        if head.id_index in seen_ids:
            errors += [RowError(row.row, "身份证号" if row is head else "户编号",
                                mask_id_number(head.id_number) if row is head else key,
                                f"户主身份证号与{where(seen_ids[head.id_index])}重复，本户未导入", sheet)
                       for row in rows]
            continue
        kept = [head]
        seen_ids[head.id_index] = head
        for row in rows:
            if row is head:
                continue
            if row.id_index in seen_ids:
                errors.append(RowError(row.row, "身份证号", mask_id_number(row.id_number),
                                       f"与{where(seen_ids[row.id_index])}重复，同一人只能登记一次", sheet))
                continue
            seen_ids[row.id_index] = row
            kept.append(row)
        households.append(HouseholdRows(key=key, head=head, members=kept))
    return households
