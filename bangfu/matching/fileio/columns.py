"""The input columns of the seekers' and the openings' files: headers, aliases, cell parsers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..engine import ALL_WEEK, DistrictTable
from .cells import (
    cell_text,
    parse_accommodations,
    parse_bool,
    parse_code,
    parse_codes,
    parse_date,
    parse_edition,
    parse_list,
    parse_optional_int,
    parse_optional_km,
    parse_required_text,
    parse_sex,
    parse_yuan,
)
from .errors import CellError
from .week import parse_week


@dataclass(frozen=True)
class Column:
    """One input column: its field, Chinese header, English aliases, and how to read a cell."""

    key: str
    header: str
    aliases: tuple[str, ...]
    parse: Callable[[object], Any]
    required: bool = False
    repeats: bool = True  # cells repeat across rows: parse each distinct one once (not ids, not free text)


def _district_parser(table: DistrictTable) -> Callable[[object], str | None]:
    def parse_district(value: object) -> str | None:
        text = cell_text(value)
        if not text:
            return None
        if re.fullmatch(r"\d{6}", text):
            return text
        code = table.code_for_name(text)
        if code is None:
            raise CellError(f"应为 6 位区划代码（如 440106）或区名（如 天河区），而不是「{text}」")
        return code

    return parse_district


def _required_district_parser(table: DistrictTable) -> Callable[[object], str]:
    one = _district_parser(table)

    def parse_required_district(value: object) -> str:
        code = one(value)
        if code is None:
            raise CellError("不能为空")
        return code

    return parse_required_district


def _districts_parser(table: DistrictTable) -> Callable[[object], frozenset[str]]:
    one = _district_parser(table)

    def parse_districts(value: object) -> frozenset[str]:
        return frozenset(code for code in (one(item) for item in parse_list(value)) if code)

    return parse_districts


def seeker_columns(table: DistrictTable) -> tuple[Column, ...]:
    return (
        Column("id", "编号", ("id", "seeker_id"), parse_required_text, required=True, repeats=False),
        # Sets, not lists: each distinct cell is parsed once and its set shared, so records clean it once.
        Column("tags", "标签", ("tags", "skills"), lambda v: frozenset(parse_list(v))),
        Column("occupation_codes", "意向职业编码", ("occupation_codes", "occupations"), parse_codes),
        Column("occupation_edition", "职业分类版本", ("edition", "occupation_edition"), parse_edition),
        Column("districts", "可接受区域", ("districts",), _districts_parser(table)),
        Column("home_district", "居住区", ("home_district", "home"), _district_parser(table)),
        Column("commute_limit_km", "通勤上限公里", ("commute_limit_km", "commute_km"), parse_optional_km),
        Column("free_slots", "空闲时间", ("free_slots", "free_time"), lambda v: parse_week(v, empty=ALL_WEEK)),
        Column("wage_floor_fen", "期望月薪", ("wage_floor", "wage_floor_yuan"), parse_yuan),
        Column("needs", "所需便利", ("needs",), lambda v: frozenset(parse_accommodations(v))),
        Column("text", "自我描述", ("text", "description"), cell_text, repeats=False),
        Column("employment_difficulty", "就业困难人员", ("employment_difficulty",), parse_bool),
        Column("disability", "残疾", ("disability",), parse_bool),
        Column("caring_duties", "照护责任", ("caring_duties",), parse_bool),
        Column("sex", "性别", ("sex",), parse_sex),
        Column("age", "年龄", ("age",), parse_optional_int),
    )


def opening_columns(table: DistrictTable) -> tuple[Column, ...]:
    return (
        Column("id", "编号", ("id", "opening_id"), parse_required_text, required=True, repeats=False),
        Column("title", "岗位名称", ("title",), cell_text),
        Column("occupation_code", "职业编码", ("occupation_code",), parse_code),
        Column("edition", "职业分类版本", ("edition", "occupation_edition"), parse_edition),
        Column("tags", "标签", ("tags",), lambda v: frozenset(parse_list(v))),
        Column("text", "岗位描述", ("text", "description"), cell_text, repeats=False),
        Column("district", "区域", ("district",), _required_district_parser(table), required=True),
        Column("wage_min_fen", "最低月薪", ("wage_min", "wage_min_yuan"), parse_yuan),
        Column("wage_max_fen", "最高月薪", ("wage_max", "wage_max_yuan"), parse_yuan),
        Column("shift_slots", "班次", ("shift_slots", "shifts"), lambda v: parse_week(v, empty=0)),
        Column("openings_left", "剩余名额", ("openings_left", "places"), parse_optional_int),
        Column("accommodations", "便利条件", ("accommodations",), lambda v: frozenset(parse_accommodations(v))),
        Column("valid_until", "有效期至", ("valid_until",), parse_date),
    )
