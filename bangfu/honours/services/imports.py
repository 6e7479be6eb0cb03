"""Honours from the spreadsheets offices keep (劳模名册): title rows above the header, dates in several styles,
ID numbers that Excel turned into numbers refused with the row's message. Every valid row is applied, every
bad row listed (row number, column, Chinese reason); importing the same file again records nothing new.

A row names a person by ID number: found in the register by blind index (in the actor's scope), or
registered through `people.services.create_person` when absent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from openpyxl import load_workbook

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.core import audit
from bangfu.core.dates import DateError, parse_date
from bangfu.core.errors import ServiceError
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.core.sensitive import blind_index
from bangfu.core.spreadsheet import cell_text
from bangfu.honours.models import HonourSource, HonourTitle
from bangfu.honours.services.common import require_perm, require_unit
from bangfu.honours.services.honours import DuplicateHonour, HonourInput, grant_honour
from bangfu.people.models import Person
from bangfu.people.services.inputs import PersonInput
from bangfu.people.services.persons import create_person

HEADERS = {"name": "姓名", "id_number": "身份证号", "title": "荣誉称号", "year": "授予年度", "awarded_on": "授予日期",
           "year_or_date": "授予年度或授予日期", "certificate": "证书编号", "document": "授予文件",
           "employer": "工作单位"}
REQUIRED = ("name", "id_number", "title")
HEADER_SEARCH_ROWS = 10  # title rows (表头上方的标题、制表单位) are skipped up to this many
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
OUT_OF_REACH = "身份证号：无法在本单位为此人登记荣誉，请核对号码，或请上级工会办理"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    people_registered: int = 0
    errors: list[RowError] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "created": self.created, "unchanged": self.unchanged,
                "people_registered": self.people_registered, "errors": len(self.errors)}


def _rows(source: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as Excel shows it, cells by key) after the header row, wherever it is in the first rows."""
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ServiceError("文件：不是有效的 Excel（.xlsx）文件") from None
    sheet = book.worksheets[0]
    position: dict[str, int] | None = None
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(row)
        if position is None:
            texts = [cell_text(cell).replace(" ", "") for cell in cells]
            if all(HEADERS[key] in texts for key in REQUIRED):
                position = {key: texts.index(header) for key, header in HEADERS.items() if header in texts}
            elif number >= HEADER_SEARCH_ROWS:
                missing = "、".join(HEADERS[key] for key in REQUIRED)
                raise ServiceError(f"表头：前 {HEADER_SEARCH_ROWS} 行中没有找到含“{missing}”的表头行")
            continue
        if number > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ServiceError(f"文件：一次最多导入 {MAX_ROWS} 行")
        values = {key: cells[index] if index < len(cells) else None for key, index in position.items()}
        if all(cell_text(value) == "" for value in values.values()):
            continue
        yield number, values
    if position is None:
        raise ServiceError("表头：文件是空的")


def _year_text(text: str) -> int | None:
    text = text.removesuffix("年")
    return int(text) if text.isdecimal() and len(text) == 4 else None


def _date_cell(raw: Any, column: str, row: int, errors: list[RowError]) -> dt.date | None:
    try:
        return parse_date(raw)
    except DateError as exc:
        errors.append(RowError(row, column, str(exc)))
        return None


def _awarded(values: dict[str, Any], row: int, errors: list[RowError]) -> tuple[int, dt.date | None] | None:
    """The year awarded and, when the row gives it, the day: from 授予年度, 授予日期 or the one column many offices
    keep for either (授予年度或授予日期: `2020`, `2020年` or a date in any accepted style)."""
    raw_year, raw_date, raw_either = values.get("year"), values.get("awarded_on"), values.get("year_or_date")
    if cell_text(raw_year):
        year = _year_text(cell_text(raw_year))
        if year is None:
            errors.append(RowError(row, HEADERS["year"], f"“{cell_text(raw_year)}”不是年份，应如 2020"))
            return None
        return year, None
    for raw, column in ((raw_date, HEADERS["awarded_on"]), (raw_either, HEADERS["year_or_date"])):
        if not cell_text(raw):
            continue
        year = _year_text(cell_text(raw)) if not isinstance(raw, dt.date) else None
        if year is not None:
            return year, None
        day = _date_cell(raw, column, row, errors)
        return (day.year, day) if day is not None else None
    errors.append(RowError(row, HEADERS["year"], "授予年度和授予日期至少填写一项"))
    return None


def _after_birth(awarded: tuple[int, dt.date | None], birth: dt.date, row: int, errors: list[RowError]) -> None:
    year, day = awarded
    if (day is not None and day < birth) or year < birth.year:
        shown = f"{day:%Y-%m-%d}" if day is not None else f"{year} 年"
        errors.append(RowError(row, HEADERS["year"],
                               f"授予时间 {shown} 早于获得者出生日期（身份证号所示 {birth:%Y-%m-%d}）"))


class _Lookup:
    """Titles by name and people by blind index, read once per import."""

    def __init__(self, actor: Any) -> None:
        self.titles = {title.name: title for title in HonourTitle.objects.filter(is_active=True)}
        self.actor = actor

    def person(self, index: str) -> Person | None:
        return scoped(Person.objects.select_related("org"), self.actor, "view").filter(id_index=index).first()


def import_honours(*, actor: Any, org: OrgUnit, source: IO[bytes]) -> ImportResult:
    """`org`: the unit new people are registered in. A person filed outside the actor's scope is refused."""
    require_perm(actor, "honours.add_honour", "导入荣誉")
    require_unit(actor, org, "honours.add_honour")
    if getattr(source, "size", 0) and source.size > MAX_BYTES:  # type: ignore[attr-defined]
        raise ServiceError("文件：不能超过 10 MB")
    result = ImportResult()
    lookup = _Lookup(actor)
    for row, values in _rows(source):
        result.rows += 1
        errors: list[RowError] = []
        name = cell_text(values.get("name"))
        if not name:
            errors.append(RowError(row, HEADERS["name"], "必须填写"))
        facts = None
        try:
            facts = parse_id_number(values.get("id_number"))
        except IdNumberError as exc:
            errors.append(RowError(row, HEADERS["id_number"], str(exc)))
        title = lookup.titles.get(cell_text(values.get("title")))
        if title is None:
            errors.append(RowError(row, HEADERS["title"], f"“{cell_text(values.get('title'))}”不是在用的荣誉称号"))
        awarded = _awarded(values, row, errors)
        if facts is not None and awarded is not None:
            _after_birth(awarded, facts.birth_date, row, errors)
        if errors or facts is None or title is None or awarded is None:
            result.errors.extend(errors)
            continue
        try:
            # one row, one transaction: a person registered for a row whose honour is then refused is undone
            with transaction.atomic():
                registered = _row(actor, org, lookup, values, name, facts.number, title, awarded[0])
        except DuplicateHonour:
            result.unchanged += 1  # the same row imported again: nothing new
            continue
        except ServiceError as exc:
            result.errors.append(RowError(row, "—", str(exc)))
            continue
        result.created += 1
        result.people_registered += registered
    audit.record("honours.honours_import", actor=actor, org=org, changes=result.counts())
    return result


def _row(actor: Any, org: OrgUnit, lookup: _Lookup, values: dict[str, Any], name: str, number: str,
         title: HonourTitle, year: int) -> int:
    """Grant the row's honour, registering its person when absent; the number of people registered (0 or 1)."""
    person, registered = _person(actor, org, lookup, name, number, cell_text(values.get("employer")))
    if person.name != name:
        raise ServiceError(f"身份证号对应的人员姓名为“{person.name[0]}*”，与本行姓名不一致")
    grant_honour(actor=actor, data=HonourInput(
        title=title, year=year, person=person, certificate_number=cell_text(values.get("certificate")),
        awarding_document=cell_text(values.get("document")), source=HonourSource.IMPORT))
    return int(registered)


def _person(actor: Any, org: OrgUnit, lookup: _Lookup, name: str, number: str, employer: str) -> tuple[Person, bool]:
    """The person in the actor's scope, or a new one. A number on file only outside the scope is refused in words
    that do not say so (nor where): which unit holds whom is not the importer's to learn."""
    person = lookup.person(blind_index(number))
    if person is not None:
        return person, False
    try:
        return create_person(actor=actor, org=org, data=PersonInput(name=name, id_number=number,
                                                                  employer_name=employer[:100])), True
    except ServiceError as exc:
        if exc.status == 409:
            raise ServiceError(OUT_OF_REACH) from None
        raise
