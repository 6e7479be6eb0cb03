"""Import: the workbook itself — the streaming reader, its safety checks, caps, the template, fast inserts."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.bulkinsert import BulkInserter, KeyAllocator
from bangfu.core.errors import ServiceError
from bangfu.core.sensitive import blind_index
from bangfu.people.imports.columns import COLUMNS, DATA_SHEET, ID_NUMBER, INSTRUCTIONS_SHEET, LISTS_SHEET, PHONE
from bangfu.people.imports.service import import_households
from bangfu.people.imports.template import build_template
from bangfu.people.imports.xlsx import CORRUPT, UNSAFE, XlsxBook
from bangfu.people.imports.xlsxwrite import SheetSpec, write_xlsx
from bangfu.people.models import Person
from bangfu.people.tests.test_import_support import HEADERS, KEYS, head, member, new_id, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_user: Any, org_tree: dict[str, OrgUnit]) -> User:
    return make_user("street_social_worker", org_tree["tianhe"])


def _rows_of(source: Any) -> list[tuple[int, list[Any]]]:
    with XlsxBook(source) as book:
        return list(book.rows(book.sheets[0]))


def test_inline_and_shared_strings_read_the_same() -> None:
    rows = [["张三丰", 110105199001010023, 3.5, True, None, "a&<b>"]]
    inline = workbook(rows, headers=["h1", "h2", "h3", "h4", "h5", "h6"], raw=True)  # openpyxl: inline strings
    shared = io.BytesIO()
    write_xlsx(shared, [SheetSpec("s", ["h1", "h2", "h3", "h4", "h5", "h6"], rows)])  # shared strings, like Excel
    expected_first = [1, ["h1", "h2", "h3", "h4", "h5", "h6"]]
    for source in (inline, shared):
        read = _rows_of(source)
        assert [read[0][0], read[0][1]] == expected_first
        number, values = read[1]
        assert number == 2
        assert values[0] == "张三丰" and values[2] == 3.5 and values[3] is True and values[5] == "a&<b>"
    assert _rows_of(shared)[1][1][1] == 110105199001010023  # integers stay exact


def _zip_with(parts: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    template = zipfile.ZipFile(workbook([head()]))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in template.namelist():
            out.writestr(name, parts.get(name, template.read(name)))
    buffer.seek(0)
    return buffer


def test_a_dtd_is_refused_before_anything_is_parsed(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    with pytest.raises(ServiceError) as caught:
        import_households(actor=worker, org=org_tree["tianhe"], source=_zip_with({"xl/worksheets/sheet1.xml": laughs}))
    assert str(caught.value) == UNSAFE


def test_an_external_entity_in_the_workbook_part_is_refused() -> None:
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&e;</workbook>')
    with pytest.raises(ServiceError) as caught:
        XlsxBook(_zip_with({"xl/workbook.xml": xxe}))
    assert str(caught.value) == UNSAFE


def test_a_zip_bomb_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><worksheet>' + b" " * 50_000_000 + b"</worksheet>"
    with pytest.raises(ServiceError, match="压缩比异常"):
        XlsxBook(_zip_with({"xl/worksheets/sheet1.xml": bomb}))


def test_not_a_workbook_is_refused() -> None:
    with pytest.raises(ServiceError) as caught:
        XlsxBook(io.BytesIO("姓名,身份证号\n张三,110105\n".encode()))
    assert str(caught.value) == CORRUPT


def test_the_row_cap_stops_the_import_with_a_chinese_message(worker: User, org_tree: dict[str, OrgUnit],
                                                             settings: Any) -> None:
    settings.BANGFU_IMPORT_MAX_ROWS = 2
    with pytest.raises(ServiceError, match="文件行数超过上限：单次最多导入 2 行成员数据"):
        import_households(actor=worker, org=org_tree["tianhe"], source=workbook([head(), member(), member()]))
    assert Person.objects.count() == 0


def test_the_template_reads_back_and_carries_its_drop_downs() -> None:
    content = build_template()
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [INSTRUCTIONS_SHEET, DATA_SHEET, LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    data = book[DATA_SHEET]
    assert [cell.value for cell in data[1]] == HEADERS
    validated = {str(v.sqref).split(":")[0] for v in data.data_validations.dataValidation}
    coded = [i for i, c in enumerate(COLUMNS, start=1) if c.labels]
    from openpyxl.utils import get_column_letter

    assert validated == {f"{get_column_letter(i)}2" for i in coded}
    for i, column in enumerate(COLUMNS, start=1):
        if column.kind in (ID_NUMBER, PHONE):
            assert data.cell(row=2, column=i).number_format == "@"
    instructions = [row[0] for row in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True) if row[0]]
    assert "身份证号" in instructions and "主要致困原因" in instructions
    with XlsxBook(io.BytesIO(content)) as reader:
        sheet = next(s for s in reader.sheets if s.name == DATA_SHEET)
        assert next(values for _n, values in reader.rows(sheet)) == HEADERS


def test_a_filled_in_template_imports(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    book = load_workbook(io.BytesIO(build_template()))
    data = book[DATA_SHEET]
    row = head()
    for position, key in enumerate(KEYS, start=1):
        data.cell(row=2, column=position, value=row.get(key))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = import_households(actor=worker, org=org_tree["tianhe"], source=buffer)
    assert result.errors == [] and result.counts()["households_created"] == 1


def test_fast_inserts_read_back_as_the_orm_wrote_them(org_tree: dict[str, OrgUnit], worker: User) -> None:
    number = new_id()
    existing = Person.objects.create(org=org_tree["tianhe"], name="王五", id_number=new_id(), id_index="x" * 64,
                                     sex="M", birth_date=dt.date(1980, 1, 1))
    ids = KeyAllocator().take(Person, 1)
    assert ids == [existing.pk + 1]
    BulkInserter(Person).prepare([{
        "org_id": org_tree["tianhe"].pk, "created_by_id": worker.pk, "name": "李四", "id_number": number,
        "id_index": blind_index(number), "sex": "F", "birth_date": dt.date(1980, 3, 4), "phone": "13800138000",
        "job_tags": ["电工"], "disability_grade": None,
    }], ids).execute()
    person = Person.objects.get(pk=ids[0])
    assert (person.id_number, person.phone, person.job_tags, person.birth_date) == \
        (number, "13800138000", ["电工"], dt.date(1980, 3, 4))
    assert (person.is_union_member, person.occupation_edition, person.version, person.health_note) == \
        (True, "2022", 1, "")
    assert person.created_at is not None and person.created_at == person.updated_at
    raw = Person.objects.filter(pk=ids[0]).values_list("id_index", flat=True).get()
    assert raw == blind_index(number)
