"""Reading one cell of the import sheet into a typed value, or a Chinese reason why it cannot be read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bangfu.core.dates import DateError, parse_date
from bangfu.core.money import MoneyError, parse_yuan
from bangfu.core.normalize import normalize_phone
from bangfu.people.imports.columns import Column


class CellError(ValueError):
    """A cell that cannot be read; the message is the Chinese reason shown in the error report."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """Text as the officer sees it: a whole number without `.0`, surrounding spaces dropped."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_text(value: Any, column: Column, max_length: int) -> str:
    text = as_text(value)
    if len(text) > max_length:
        raise CellError(f"不能超过 {max_length} 个字，实际 {len(text)} 个字")
    return text


def read_choice(value: Any, column: Column) -> Any:
    text = as_text(value)
    for table in (column.labels, column.aliases):
        if text in table:
            return table[text]
        if text.lower() in table:
            return table[text.lower()]
    if text in {str(code) for code in column.labels.values()}:
        return next(code for code in column.labels.values() if str(code) == text)
    offered = "、".join(column.labels)
    raise CellError(f"“{text}”不是可选项，应为：{offered}")


def read_yes_no(value: Any, column: Column) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = as_text(value).lower()
    if text in column.labels:
        return bool(column.labels[text])
    if text in column.aliases:
        return bool(column.aliases[text])
    raise CellError(f"“{as_text(value)}”应填写“是”或“否”")


def read_date(value: Any) -> dt.date:
    if isinstance(value, str) and "T" in value and value[:4].isdecimal():
        value = value.split("T", 1)[0]  # an ISO date-time cell (t="d")
    try:
        return parse_date(value)
    except DateError as exc:
        raise CellError(str(exc)) from None


def read_money(value: Any) -> int:
    if isinstance(value, float):
        rounded = round(value, 2)
        if abs(value - rounded) < 1e-6:  # binary floating point: 1234.56 may arrive as 1234.5600000000001
            value = f"{rounded:.2f}"
    try:
        fen = parse_yuan(value)
    except MoneyError as exc:
        raise CellError(str(exc)) from None
    if fen < 0:
        raise CellError("不能为负数")
    if fen > 100_000_000_00:
        raise CellError("金额过大（超过 1 亿元），请核对单位是否为元")
    return fen


def read_grade(value: Any, column: Column) -> int:
    text = as_text(value).removesuffix("级")
    if text.isdecimal() and 1 <= int(text) <= 4:
        return int(text)
    if f"{text}级" in column.labels:
        return int(column.labels[f"{text}级"])  # type: ignore[call-overload]
    raise CellError(f"“{as_text(value)}”应为一级至四级")


def read_phone(value: Any) -> str:
    text = normalize_phone(as_text(value))
    if not (text.isdecimal() and 7 <= len(text) <= 15):
        raise CellError("应为 7 至 15 位数字")
    return text
