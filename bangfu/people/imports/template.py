"""The downloadable import template (.xlsx): instructions, the data sheet with drop-downs, the code lists."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bangfu.people.imports.columns import (
    COLUMNS,
    DATA_SHEET,
    DATE,
    EVERY_ROW,
    HEAD_ROW,
    ID_NUMBER,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    PHONE,
    YES_NO,
    Column,
)
from bangfu.people.imports.service import DEFAULT_MAX_ROWS

VALIDATED_ROWS = 20_000  # drop-downs and text format reach this far; longer sheets still import
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

GENERAL_RULES = (
    "1. 每行填写一名家庭成员；同一户的成员填写相同的“户编号”，户主一行写在最前面。",
    "2. 带 * 的列必须填写；“主要致困原因”只在户主行填写（必填），家庭住址、致困原因等户级信息均只读取户主行。",
    "3. 有下拉箭头的列请从列表中选择；身份证号、联系电话列已设为文本格式，请勿改为数字格式。",
    "4. 日期可写 2024-03-05、2024/3/5 或 2024年3月5日。金额单位为元。",
    "5. 同一身份证号在系统中只能登记一次；已登记的人员和家庭（按户主身份证号识别）会按本表更新，"
    "同一文件重复导入不会产生重复数据。导入不删除已有成员，也不改变档案的审批状态。",
    "6. 新导入的档案状态为“申请”，随后按流程初审、入户调查、公示、审批。",
    f"7. 单次最多导入 {DEFAULT_MAX_ROWS:,} 行；有误的行不会导入，系统会给出错误报告（行号、列名、原因），"
    "更正后重新导入即可。",
    "8. 请勿修改“家庭成员”工作表的表头，也不要在表头上方插入行。",
)


def _required_label(column: Column) -> str:
    return {EVERY_ROW: "每行必填", HEAD_ROW: "户主行必填"}.get(column.required, "选填")


def _instructions(sheet: Worksheet) -> None:
    sheet.append(["困难职工家庭建档导入模板 · 填写说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for rule in GENERAL_RULES:
        sheet.append([rule])
    sheet.append([])
    sheet.append(["列名", "是否必填", "填写说明", "可选值"])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    for column in COLUMNS:
        options = "、".join(column.labels) if column.labels else ""
        sheet.append([column.header, _required_label(column), column.help, options])
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP
    sheet.append([])
    sheet.append(["示例（“家庭成员”工作表中这样填写）："])
    sheet[f"A{sheet.max_row}"].font = BOLD
    sheet.append([column.template_header for column in COLUMNS])
    for row in EXAMPLE_ROWS:
        sheet.append([row.get(column.key, "") for column in COLUMNS])
    for letter, width in (("A", 22), ("B", 12), ("C", 70), ("D", 40)):
        sheet.column_dimensions[letter].width = width


EXAMPLE_ROWS = (
    {"household_key": "1", "relation": "户主", "name": "张三", "id_number": "（18位身份证号）", "phone": "13800138000",
     "hukou_type": "城镇", "employment_status": "下岗失业", "has_major_illness": "是", "monthly_income_fen": "0",
     "unit_code": "440106001", "address": "天河区五山路1号301房", "level": "基层", "primary_cause": "患重特大疾病",
     "secondary_cause_1": "下岗失业", "secondary_cause_2": "子女上学"},
    {"household_key": "1", "relation": "配偶", "name": "李四", "id_number": "（18位身份证号）",
     "employment_status": "在岗", "monthly_income_fen": "2300"},
    {"household_key": "1", "relation": "子女", "name": "张小明", "id_number": "（18位身份证号）",
     "employment_status": "在校学生"},
)


def _lists(sheet: Worksheet) -> dict[str, str]:
    """One column per coded field; returns the range each drop-down refers to."""
    ranges: dict[str, str] = {}
    coded = [column for column in COLUMNS if column.labels]
    seen: dict[tuple[str, ...], str] = {}
    position = 0
    for column in coded:
        labels = tuple(column.labels)
        if labels in seen:
            ranges[column.key] = seen[labels]
            continue
        position += 1
        letter = get_column_letter(position)
        sheet.cell(row=1, column=position, value=column.header)
        for row, label in enumerate(labels, start=2):
            sheet.cell(row=row, column=position, value=label)
        ranges[column.key] = seen[labels] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
    return ranges


def _data_sheet(sheet: Worksheet, ranges: dict[str, str]) -> None:
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position, value=column.template_header)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if column.required != "optional" else HEADER_FILL
        if column.help:
            cell.comment = Comment(column.help, "帮扶平台")
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
        last = VALIDATED_ROWS + 1
        if column.kind in (ID_NUMBER, PHONE):
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, last + 1):
                sheet.cell(row=row, column=position).number_format = "@"
        if column.kind == DATE:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        if column.key in ranges:
            validation = DataValidation(type="list", formula1=f"={ranges[column.key]}", allow_blank=True,
                                        showErrorMessage=column.kind == YES_NO, errorTitle="取值无效",
                                        error=f"“{column.header}”请从下拉列表中选择。",
                                        promptTitle=column.header, prompt=column.help[:250] or None,
                                        showInputMessage=bool(column.help))
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"


def build_template() -> bytes:
    workbook = Workbook()
    instructions = workbook.active
    assert isinstance(instructions, Worksheet)
    instructions.title = INSTRUCTIONS_SHEET
    data = workbook.create_sheet(DATA_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)
    _instructions(instructions)
    _data_sheet(data, _lists(lists))
    lists.sheet_state = "hidden"
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
