"""A street office's real roster, with every quirk at once, through the command and the upload page.

Title rows above the header, a merged 户编号 over a family's rows, ID numbers in full-width digits with a
lower-case x and inner spaces, a number-typed ID cell, names with non-breaking and full-width spaces, a phone
with dashes in full-width digits, a 合计 row, a second data sheet and a sheet of notes. Every stored field is
compared with what the workbook holds; what was not imported is named, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.normalize import normalize_id_number, normalize_name, normalize_phone
from bangfu.core.sensitive import blind_index
from bangfu.people.idgen import make_id_number
from bangfu.people.models import HardshipFile, Household, HouseholdMember, Person
from bangfu.reports.models import ImportJob

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["户编号", "与户主关系", "姓名", "身份证号", "联系电话", "就业状况", "月收入（元）", "主要致困原因",
          "家庭住址", "意外或灾害发生日期"]
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９ｘ")


def _id_ending_in_x(birth: dt.date) -> str:
    return next(n for n in (make_id_number("440106", birth, seq, "F") for seq in range(1, 300)) if n.endswith("X"))


HEAD_ID = _id_ending_in_x(dt.date(1979, 4, 5))
SPOUSE_ID = "440106198005151230"  # 天河区 (created 1985) on a number of a man born in 1980
NUMERIC_ID = "440121198008271864"  # the issue's: read back from Excel's 15 digits, a valid number of a man
THIRD_ID = make_id_number("440106", dt.date(1968, 2, 3), 12, "M")
SHEET2_HEAD_ID = make_id_number("440106", dt.date(1972, 9, 9), 13, "F")
SHEET2_CHILD_ID = make_id_number("440106", dt.date(2012, 1, 1), 14, "M")

# Rows as the workbook holds them (the ID of row 6 is a number cell, as Excel leaves it in a General column).
SHEET1: list[list[Any]] = [
    ["1", "户主", "欧阳\u00a0明", HEAD_ID.translate(FULL_WIDTH), "１３８-0013　8000", "下岗失业", 800, "下岗失业",
     "天河区五山路100号3栋201室", dt.date(2024, 3, 5)],
    [None, "配偶", "李\u3000 四", "440106 19800515 1230", "", "在岗", "1,500.50", None, None, None],
    ["2", "户主", "王五", float(NUMERIC_ID), "", "下岗失业", 0, "下岗失业", "五山路1号", None],
    ["3", "户主", "赵 六", THIRD_ID, "020-8888 8888", "无劳动能力", 0, "患重特大疾病", "五山路2号", None],
]
SHEET2: list[list[Any]] = [
    ["1", "户主", "钱七", SHEET2_HEAD_ID, "13900139000", "下岗失业", 300, "下岗失业", "石牌路8号", None],
    ["1", "子女", "钱小七", SHEET2_CHILD_ID, "", "在校学生", 0, None, None, None],
]


def office_workbook() -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "五山街道"
    first.append(["天河区五山街道困难职工家庭花名册"])
    first.merge_cells("A1:J1")
    first.append(["填报单位：五山街道总工会", None, None, "填报日期：2024年3月5日"])
    first.append(HEADER)
    for row in SHEET1:
        first.append(row)
    first.merge_cells("A4:A5")  # the family's 户编号 written once over its two rows
    first.append(["合计", None, "3 户", None, None, None, 2300.5])
    first.column_dimensions["D"].number_format = "@"
    second = book.create_sheet("石牌街道")
    second.append(HEADER)
    for row in SHEET2:
        second.append(row)
    notes = book.create_sheet("备注")
    notes.append(["本表由街道工会汇总，如有疑问请联系"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _check_stored() -> None:
    """Every stored field equals what the workbook holds, normalised the one way; nothing else was filed."""
    imported = [*[(SHEET1[0], "五山街道"), (SHEET1[1], "五山街道"), (SHEET1[3], "五山街道")],
                *[(row, "石牌街道") for row in SHEET2]]
    assert Person.objects.count() == len(imported)
    for row, _sheet in imported:
        number = normalize_id_number(row[3])
        person = Person.objects.get(id_index=blind_index(number))
        assert person.id_number == number
        assert person.name == normalize_name(row[2]) and " " not in person.name and "\u3000" not in person.name
        assert person.phone == normalize_phone(row[4] or "")
        assert person.birth_date == dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        assert person.sex == ("M" if int(number[16]) % 2 else "F")
        link = HouseholdMember.objects.get(person=person)
        assert link.get_employment_status_display() == row[5]
        income = str(row[6]).replace(",", "")
        assert link.monthly_income_fen == round(float(income) * 100)
    assert Person.objects.get(name="欧阳明").id_number == HEAD_ID
    assert Person.objects.get(name="李四").id_number == SPOUSE_ID
    families = {h.head.name: h for h in Household.objects.select_related("head")}
    assert set(families) == {"欧阳明", "赵六", "钱七"}
    assert {m.person.name for m in families["欧阳明"].members.select_related("person")} == {"欧阳明", "李四"}
    assert {m.person.name for m in families["钱七"].members.select_related("person")} == {"钱七", "钱小七"}
    ouyang = HardshipFile.objects.get(household=families["欧阳明"])
    assert (ouyang.household_size, ouyang.primary_cause, ouyang.incident_on) == (2, "laid_off", dt.date(2024, 3, 5))
    assert families["欧阳明"].address == SHEET1[0][8]
    assert not Person.objects.filter(name="王五").exists()


def test_the_command_imports_an_office_roster_and_names_what_it_skipped(org_tree: dict[str, OrgUnit],
                                                                        tmp_path: Path) -> None:
    path = tmp_path / "五山街道花名册.xlsx"
    path.write_bytes(office_workbook())
    out = io.StringIO()
    call_command("import_households", str(path), "--org", "440106", stdout=out)
    text = out.getvalue()
    assert "读取 6 行、4 户；新建 3 户" in text and "未导入 1 户" in text
    assert "已跳过 工作表“五山街道”第 8 行：合计行，已跳过" in text
    assert "已跳过 工作表“备注”：未找到导入模板的表头" in text
    assert "工作表“五山街道”第 6 行 身份证号：身份证号被 Excel 存成了数字" in text
    _check_stored()
    report = load_workbook(tmp_path / "五山街道花名册-错误报告.xlsx")
    errors = list(report["错误明细"].iter_rows(values_only=True))
    assert errors[1][:4] == ("五山街道", 6, "身份证号", "4.40121E+17")  # as Excel shows it, no digit it lost
    skipped = list(report["跳过的内容"].iter_rows(values_only=True))[1:]
    assert skipped == [("五山街道", 8, "合计行，已跳过（不作为家庭成员导入）"),
                       ("备注", "整表", "未找到导入模板的表头（户编号、与户主关系、姓名、身份证号），未导入")]
    again = io.StringIO()
    call_command("import_households", str(path), "--org", "440106", stdout=again)
    assert "新建 0 户" in again.getvalue() and Person.objects.count() == 5  # re-importing creates nothing


def test_the_upload_page_imports_the_same_roster(login: Any, make_user: Any, org_tree: dict[str, OrgUnit],
                                                 settings: Any, tmp_path: Path,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    worker: User = make_user("street_social_worker", org_tree["tianhe"])
    client = login(worker)
    upload = SimpleUploadedFile("五山街道花名册.xlsx", office_workbook(), content_type=XLSX)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people_imports:upload"), {"org": "440106", "file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert (job.counts["households_created"], job.counts["households_rejected"]) == (3, 1)
    assert (job.counts["rows_skipped"], job.counts["sheets_read"], job.counts["sheets_skipped"]) == (1, 2, 1)
    detail = client.get(response["Location"]).content.decode()
    assert 'data-testid="skipped-rows">1<' in detail and 'data-testid="skipped-sheets">1<' in detail
    _check_stored()


def _roster(header: list[str], rows: list[list[Any]], merges: tuple[str, ...] = ()) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["石牌街道困难职工家庭花名册"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_an_office_header_with_notes_and_line_breaks_apostrophed_numbers_and_merged_family_cells(
        make_user: Any, org_tree: dict[str, OrgUnit]) -> None:
    """Offices retitle the columns (`姓 名`, `身份证号码` on two lines with `（18位）`, `月收入(元)`), paste ID
    numbers exported from another system with the apostrophe that kept them text, and merge the family's cause
    and address over its rows as they merge its 户编号."""
    from bangfu.people.imports.service import import_households

    header = ["户编号", "与户主关系", "姓 名", "身份证号码\n（18位）", "联系电话(手机)", "就业状况", "月收入(元)",
              "主要致困原因", "家庭住址"]
    head_id, child_id = SHEET2_HEAD_ID, SHEET2_CHILD_ID
    rows: list[list[Any]] = [
        ["1", "户主", "钱七", f"'{head_id}", "139 0013 9000", "下岗失业", 300, "下岗失业", "石牌路8号"],
        [None, "子女", "钱小七", f"‘{child_id}", "", "在校学生", 0, None, None]]
    worker = make_user("street_social_worker", org_tree["tianhe"])
    result = import_households(actor=worker, org=org_tree["tianhe"],
                               source=_roster(header, rows, merges=("A3:A4", "H3:H4", "I3:I4")))
    assert result.errors == [] and result.counts()["households_created"] == 1
    household = Household.objects.get()
    assert household.address == "石牌路8号" and household.head.phone == "13900139000"
    assert {m.person.id_number for m in household.members.select_related("person")} == {head_id, child_id}
    assert HardshipFile.objects.get().household_size == 2


@pytest.mark.parametrize("total", [["合 计", None, None], [None, None, "合计"], ["总计：", None, "1户"],
                                   ["合计（户）", None, 1]])
def test_a_total_row_written_another_way_is_skipped(total: list[Any], make_user: Any,
                                                     org_tree: dict[str, OrgUnit]) -> None:
    from bangfu.people.imports.service import import_households

    rows = [["1", "户主", "钱七", SHEET2_HEAD_ID, "", "下岗失业", 300, "下岗失业", "石牌路8号"], total]
    worker = make_user("street_social_worker", org_tree["tianhe"])
    result = import_households(actor=worker, org=org_tree["tianhe"], source=_roster(HEADER[:9], rows))
    assert result.errors == [] and result.counts()["households_created"] == 1
    assert [note.row for note in result.notes] == [4]
