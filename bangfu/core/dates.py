"""Dates as Chinese staff type them: `2024-03-05`, `2024/3/5`, `2024年3月5日`, or an Excel serial."""

from __future__ import annotations

import datetime as dt
import re

_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class DateError(ValueError):
    """Not a date; the message is Chinese."""


def parse_date(value: object) -> dt.date:
    """Parse the forms above. Raises DateError with a Chinese message."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # Excel's serial range (to 9999-12-31)
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise DateError(f"日期“{value}”不是有效的 Excel 日期序号")
    text = str(value).strip()
    if text.isdecimal() and len(text) <= 5:
        return parse_date(int(text))
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise DateError(f"日期“{text}”不存在") from None
    raise DateError(f"日期“{text}”格式不正确，应为 2024-03-05、2024/3/5 或 2024年3月5日")


def future_date_message(value: dt.date, today: dt.date) -> str | None:
    """For a past event (an accident, a disaster): why a date after today is refused, or None when it is not."""
    if value > today:
        return f"{value:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}）：应为已发生事件的日期"
    return None
