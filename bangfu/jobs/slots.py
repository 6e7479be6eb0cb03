"""Weekly time slots as staff type them, in the engine's representation (a 168-bit mask).

Bit ``weekday*24 + hour`` (weekday 0 = 周一) is the hour [hour, hour+1) of that weekday; see
``bangfu.matching.engine``. The text form is the one the engine's explanations print
("周一至周五 09–18 时、周六 09–12 时"), so what a page shows can be typed back in unchanged.
"""

from __future__ import annotations

import re

from bangfu.matching.engine import ALL_WEEK, slot_mask
from bangfu.matching.explain import describe_slots

_DAY_NUMBERS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_DAY_WORDS = {
    "每天": range(7), "每日": range(7), "全周": range(7), "全天": range(7),
    "工作日": range(5), "周末": range(5, 7),
}
_SEGMENT_SEPARATORS = re.compile(r"[、；;\n]+")
_DAY = r"(?:周|星期|礼拜)([一二三四五六日天])"
_DAY_RANGE = re.compile(rf"^{_DAY}(?:\s*(?:至|到|-|–|~)\s*{_DAY})?")
_HOUR_RANGE = re.compile(r"(\d{1,2})(?:[:：]00)?\s*(?:–|-|~|至|到)\s*(\d{1,2})(?:[:：]00)?")
_ANY_TIME = ("不限", "任意", "随时")
_NO_FIXED = ("无固定班次", "无", "弹性")


class SlotsError(ValueError):
    """Text that is not a weekly schedule; the message is Chinese and quotes the bad part."""


def _days_of(segment: str) -> tuple[range | list[int], str]:
    for word, days in _DAY_WORDS.items():
        if segment.startswith(word):
            return days, segment[len(word):]
    match = _DAY_RANGE.match(segment)
    if match is None:
        raise SlotsError(f"时间段“{segment}”缺少星期，应如“周一至周五 09–18 时”")
    first = _DAY_NUMBERS[match.group(1)]
    last = _DAY_NUMBERS[match.group(2)] if match.group(2) else first
    if last < first:
        raise SlotsError(f"时间段“{segment}”的星期范围不正确")
    return range(first, last + 1), segment[match.end():]


def _hours_of(text: str, segment: str) -> list[tuple[int, int]]:
    text = text.strip().removesuffix("时").removesuffix("点").strip()
    if not text or text in ("全天",):
        return [(0, 24)]
    ranges = []
    for part in re.split(r"[,，]", text):
        match = _HOUR_RANGE.fullmatch(part.strip().removesuffix("时").removesuffix("点").strip())
        if match is None:
            raise SlotsError(f"时间段“{segment}”的钟点“{part.strip()}”格式不正确，应如 09–18")
        start, end = int(match.group(1)), int(match.group(2))
        if not 0 <= start < end <= 24:
            raise SlotsError(f"时间段“{segment}”的钟点 {start}–{end} 不正确：应在 0 到 24 之间且开始早于结束")
        ranges.append((start, end))
    return ranges


def parse_slots(text: str, *, empty: int) -> int:
    """The mask of a schedule text; ``empty`` is what a blank text means (all week, or no fixed hours)."""
    text = (text or "").strip()
    if not text:
        return empty
    if text in _ANY_TIME:
        return ALL_WEEK
    if text in _NO_FIXED:
        return 0
    mask = 0
    for segment in _SEGMENT_SEPARATORS.split(text):
        segment = segment.strip()
        if not segment:
            continue
        days, rest = _days_of(segment)
        for start, end in _hours_of(rest, segment):
            for weekday in days:
                mask |= slot_mask(weekday, start, end)
    return mask


def format_slots(mask: int, *, zero: str = "无固定班次") -> str:
    """The text of a mask; ALL_WEEK is "不限", an empty mask ``zero``."""
    if mask == ALL_WEEK:
        return "不限"
    if mask == 0:
        return zero
    return describe_slots(mask)
