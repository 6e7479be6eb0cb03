"""Cell parsers: one spreadsheet cell to one engine value, or a ``CellError`` in Chinese."""

from __future__ import annotations

import re
from datetime import date, datetime

from bangfu.core import money
from bangfu.core.spreadsheet import cell_text

from ..explain import ACCOMMODATION_LABELS
from ..occupations import DEFAULT_EDITION, normalise_code
from .errors import CellError

LIST_SPLIT = re.compile(r"[、,，;；|\n]+")
_TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"", "否", "无", "n", "no", "false", "0", "×"}
_SEX = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女"}


def parse_list(value: object) -> list[str]:
    return [item.strip() for item in LIST_SPLIT.split(cell_text(value)) if item.strip()]


def parse_required_text(value: object) -> str:
    text = cell_text(value)
    if not text:
        raise CellError("不能为空")
    return text


def parse_bool(value: object) -> bool:
    text = cell_text(value)
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise CellError(f"应填 是 或 否，而不是「{text}」")


def parse_sex(value: object) -> str | None:
    text = cell_text(value)
    if not text:
        return None
    if text.lower() not in _SEX:
        raise CellError(f"应填 男 或 女，而不是「{text}」")
    return _SEX[text.lower()]


def parse_optional_int(value: object) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d+", text):
        raise CellError(f"应为非负整数，而不是「{text}」")
    return int(text)


def parse_optional_km(value: object) -> float | None:
    text = cell_text(value).removesuffix("公里").removesuffix("km").strip()
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
    """Money in 元 as integer fen, read by `core.money.parse_yuan` ("4000", "4,000.50", "¥4000", "0.5万");
    None when empty."""
    text = cell_text(value)
    if not text:
        return None
    try:
        fen = money.parse_yuan(text)
    except money.MoneyError as exc:
        raise CellError(str(exc)) from None
    if fen < 0:
        raise CellError(f"金额应为非负数：「{text}」")
    return fen


def parse_date(value: object) -> date | None:
    """2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, or an Excel date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
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
    text = cell_text(value).removesuffix("版")
    if not text:
        return DEFAULT_EDITION
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(f"职业分类版本应为年份，如 2022，而不是「{text}」")
    return text


_ACCOMMODATION_CODES = {label: code for code, label in ACCOMMODATION_LABELS.items()}


def parse_accommodations(value: object) -> set[str]:
    """Codes (``wheelchair``) or their Chinese labels (``无障碍通行``)."""
    return {_ACCOMMODATION_CODES.get(item, item) for item in parse_list(value)}
