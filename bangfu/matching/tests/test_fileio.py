"""Reading seekers and openings: headers, aliases, cell formats, row errors; writing tables."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bangfu.matching.engine import ALL_WEEK, slot_mask
from bangfu.matching.fileio import (
    CellError,
    InputError,
    Table,
    csvtext,
    load_openings,
    load_seekers,
    parse_date,
    parse_week,
    parse_yuan,
    write_tables,
)
from bangfu.matching.tests.sheets import write_csv, write_xlsx


@pytest.mark.parametrize(
    ("text", "fen"),
    [("4000", 400000), ("4,000", 400000), ("4000.5", 400050), ("4000元", 400000), ("4000 元", 400000),
     ("", None), (3500, 350000),
     # the forms core.money reads everywhere else are read in a matching workbook too (issue 12)
     ("¥4000", 400000), ("￥4,000.50", 400050), ("0.45万", 450000)],
)
def test_money_is_read_in_yuan_as_fen(text: object, fen: int | None) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["abc", "-1", "1.234"])
def test_bad_money_is_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_yuan(text)


@pytest.mark.parametrize("text", ["2024-03-05", "2024/3/5", "2024年3月5日", "2024.3.5"])
def test_dates_in_the_usual_forms(text: str) -> None:
    assert parse_date(text) == date(2024, 3, 5)


def test_week_text_becomes_a_mask() -> None:
    weekdays = sum(slot_mask(day, 9, 18) for day in range(5))
    assert parse_week("周一至周五 09-18", empty=0) == weekdays
    assert parse_week("周一至周五 9:00-18:00；周六 09-12", empty=0) == weekdays | slot_mask(5, 9, 12)
    assert parse_week("周一、周三 09-12,14-18", empty=0) == (
        slot_mask(0, 9, 12) | slot_mask(0, 14, 18) | slot_mask(2, 9, 12) | slot_mask(2, 14, 18)
    )
    assert parse_week("周末 全天", empty=0) == slot_mask(5, 0, 24) | slot_mask(6, 0, 24)
    assert parse_week("星期日 20-24", empty=0) == slot_mask(6, 20, 24)
    assert parse_week("Mon-Fri 09-18", empty=0) == weekdays
    assert parse_week("不限", empty=0) == ALL_WEEK
    assert parse_week("", empty=ALL_WEEK) == ALL_WEEK


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("周八 09-18", "无法识别的星期"),
        ("周一 18-09", "结束须晚于开始"),
        ("周五至周一 09-18", "星期范围颠倒"),
        ("上午", "时间应如"),
    ],
)
def test_bad_week_text_is_refused(text: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_week(text, empty=0)


SEEKER_HEADER = ["编号", "标签", "意向职业编码", "可接受区域", "居住区", "空闲时间", "期望月薪（元）", "就业困难人员"]


def test_seekers_from_csv_with_bom_and_district_names(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "seekers.csv",
        [
            SEEKER_HEADER,
            ["S1", "电商、客服", "4-01-06-01", "天河区、440105", "天河区", "周一至周五 09-18", "4,000", "是"],
        ],
    )
    loaded = load_seekers(path)
    assert loaded.errors == []
    [seeker] = loaded.records
    assert seeker.id == "S1"
    assert seeker.tags == {"电商", "客服"}
    assert seeker.occupation_codes == ("4-01-06-01",)
    assert seeker.districts == {"440106", "440105"}
    assert seeker.home_district == "440106"
    assert seeker.wage_floor_fen == 400000
    assert seeker.employment_difficulty is True
    assert loaded.rows == [2]


def test_english_aliases_and_gb18030_are_accepted(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "seekers.csv",
        [["ID", "Tags", "wage_floor", "free_time"], ["S1", "叉车", "3500", ""]],
        encoding="gb18030",
    )
    [seeker] = load_seekers(path).records
    assert (seeker.tags, seeker.wage_floor_fen, seeker.free_slots) == ({"叉车"}, 350000, ALL_WEEK)


def test_bad_rows_are_reported_by_row_and_column_and_good_rows_kept(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "seekers.csv",
        [
            SEEKER_HEADER,
            ["S1", "", "4-1-02", "", "", "", "abc", "也许"],
            ["S2", "", "", "", "", "", "3000", ""],
            ["", "", "", "", "", "", "", ""],
            ["S2", "", "", "", "", "", "", ""],
            ["S3", "", "", "", "朝阳门", "", "", ""],
        ],
    )
    loaded = load_seekers(path)
    assert [seeker.id for seeker in loaded.records] == ["S2"]
    assert [str(error) for error in loaded.errors] == [
        "seekers.csv 第 2 行「意向职业编码」列：职业编码格式不正确：'4-1-02'（应如 4-01-02-01）",
        "seekers.csv 第 2 行「期望月薪」列：金额“abc”格式不正确，应为数字，例如 12,345.60",
        "seekers.csv 第 2 行「就业困难人员」列：应填 是 或 否，而不是「也许」",
        "seekers.csv 第 5 行「编号」列：编号重复：S2（与第 3 行相同）",
        "seekers.csv 第 6 行「居住区」列：应为 6 位区划代码（如 440106）或区名（如 天河区），而不是「朝阳门」",
    ]


def test_openings_from_xlsx_with_dates_and_wage_checks(tmp_path: Path) -> None:
    header: list[object] = [
        "编号",
        "岗位名称",
        "职业编码",
        "区域",
        "最低月薪",
        "最高月薪",
        "班次",
        "剩余名额",
        "便利条件",
        "有效期至",
    ]
    path = write_xlsx(
        tmp_path / "openings.xlsx",
        [
            header,
            ["J1", "电商客服", "4-01-06-01", "440106", 4500, 6000, "周六 09-12", 2, "无障碍通行", date(2024, 12, 31)],
            ["J2", "收银员", "4-01-02-04", "海珠区", 5000, None, "", None, "", "2024/3/5"],
            ["J3", "坏工资", "", "440106", 6000, 5000, "", 1, "", ""],
            ["J4", "没工资", "", "440106", None, None, "", 1, "", ""],
        ],
    )
    loaded = load_openings(path)
    first, second = loaded.records
    assert (first.wage_min_fen, first.wage_max_fen, first.openings_left) == (450000, 600000, 2)
    assert first.shift_slots == slot_mask(5, 9, 12)
    assert first.accommodations == {"wheelchair"}
    assert first.valid_until == date(2024, 12, 31)
    assert (second.district, second.wage_min_fen, second.wage_max_fen) == ("440105", 500000, 500000)
    assert (second.openings_left, second.shift_slots, second.valid_until) == (1, 0, date(2024, 3, 5))
    assert [str(error) for error in loaded.errors] == [
        "openings.xlsx 第 4 行「最高月薪」列：最高月薪低于最低月薪",
        "openings.xlsx 第 5 行「最低月薪」列：请填写最低月薪或最高月薪",
    ]


def test_a_missing_required_column_stops_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "openings.csv", [["编号", "岗位名称"], ["J1", "收银员"]])
    with pytest.raises(InputError, match=re.escape("openings.csv：缺少必填列「区域」")):
        load_openings(path)


def test_an_opening_with_an_empty_district_is_refused_and_the_others_are_kept(tmp_path: Path) -> None:
    rows = [["编号", "岗位名称", "区域", "最低月薪"], ["J1", "收银员", "", "4000"], ["J2", "保洁员", "天河区", "3500"]]
    loaded = load_openings(write_csv(tmp_path / "openings.csv", rows))
    assert [opening.id for opening in loaded.records] == ["J2"]
    assert [str(error) for error in loaded.errors] == ["openings.csv 第 2 行「区域」列：不能为空"]


def test_repeated_cells_are_parsed_once_and_their_errors_reported_on_every_row(tmp_path: Path) -> None:
    rows = [["编号", "区域", "最低月薪", "班次"]]
    rows += [[f"J{n}", "天河区", "4000", "周一至周五 09-18" if n % 2 else "周八 09-18"] for n in range(4)]
    loaded = load_openings(write_csv(tmp_path / "openings.csv", rows))
    assert [opening.id for opening in loaded.records] == ["J1", "J3"]
    assert loaded.records[0].shift_slots == loaded.records[1].shift_slots == sum(slot_mask(d, 9, 18) for d in range(5))
    assert [error.row for error in loaded.errors] == [2, 4]
    assert all(error.column == "班次" for error in loaded.errors)


def test_unknown_formats_and_missing_files_stop(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="找不到文件"):
        load_seekers(tmp_path / "none.csv")
    (tmp_path / "seekers.txt").write_text("编号\nS1\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape("只支持 .csv 或 .xlsx")):
        load_seekers(tmp_path / "seekers.txt")


def test_tables_go_to_sheets_or_to_sibling_csv_files(tmp_path: Path) -> None:
    tables = [Table("推荐岗位", "by_seeker", ["甲", "乙"], [["S1", 1]]), Table("错误行", "errors", ["文件"], [["a"]])]
    written = write_tables(tmp_path / "result.csv", tables)
    assert written == [tmp_path / "result.csv", tmp_path / "result.errors.csv"]
    assert (tmp_path / "result.csv").read_bytes().startswith("\ufeff甲,乙".encode())
    write_tables(tmp_path / "result.xlsx", tables)
    workbook = load_workbook(tmp_path / "result.xlsx")
    assert workbook.sheetnames == ["推荐岗位", "错误行"]
    assert [list(row) for row in workbook["推荐岗位"].iter_rows(values_only=True)] == [["甲", "乙"], ["S1", 1]]


def test_a_long_code_excel_rounded_is_refused_not_read_back(tmp_path: Path) -> None:
    """An 18-digit number as a seeker's 编号 (a number cell, or a CSV saved by Excel): the digits are lost."""
    path = write_xlsx(tmp_path / "seekers.xlsx", [SEEKER_HEADER, [440121198008271864.0, "", "", "", "", "", "", ""]])
    csv_path = write_csv(tmp_path / "seekers.csv", [SEEKER_HEADER, ["4.40121E+17", "", "", "", "", "", "", ""]])
    for loaded in (load_seekers(path), load_seekers(csv_path)):
        assert loaded.records == []
        [error] = loaded.errors
        assert error.column == "编号"
        assert "设置该列为文本后重新填写" in error.message


def test_rows_text_escapes_as_cell_by_cell() -> None:
    """``csvtext.rows_text`` escapes each distinct value once: the same text as escaping every cell."""
    rows: list[list[object]] = [
        ["S1", "", "", "", "候选岗位 3 个（A、B）均已分配"],
        ["S,2", '说"明"', "=HYPERLINK(1)", 4, "第一行\n第二行"],
        ["S1", "", "", "", "候选岗位 3 个（A、B）均已分配"],
        ["-1", None, 2.5, "", "+x"],
    ]
    expected = [",".join(csvtext.escaped(str(value)) for value in row) for row in rows]
    assert csvtext.rows_text(rows) == expected
    assert csvtext.rows_text([]) == []

