"""Weekly hours from text such as "周一至周五 09-18；周六 09-12,14-18", as the engine's 168-bit mask."""

from __future__ import annotations

import re

from ..engine import ALL_WEEK, DAYS_PER_WEEK, HOURS_PER_DAY, slot_mask
from .cells import LIST_SPLIT, cell_text
from .errors import CellError

_DAY_NAMES = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_DAY_GROUPS = {"每天": range(7), "每日": range(7), "工作日": range(5), "周末": range(5, 7), "daily": range(7)}
_DAY = re.compile(r"(?:周|星期|礼拜)?([一二三四五六日天])|(mon|tue|wed|thu|fri|sat|sun)[a-z]*", re.IGNORECASE)
_DAY_RANGE_SEPARATOR = re.compile(r"\s*(?:至|到|-|–|~|～)\s*")
_HOURS = re.compile(r"(\d{1,2})(?::00)?\s*(?:时|点)?\s*(?:-|–|~|～|至|到)\s*(\d{1,2})(?::00)?\s*(?:时|点)?")
_SEGMENT = re.compile(r"\s*(?P<days>[^\d\s]+?)\s*(?P<hours>(?:全天|\d.*))\s*")


def _one_day(text: str) -> int:
    match = _DAY.fullmatch(text.strip())
    if match is None:
        raise CellError(f"无法识别的星期：「{text}」")
    return _DAY_NAMES[(match.group(1) or match.group(2)).lower()[:3]]


def _days(text: str) -> list[int]:
    if text in _DAY_GROUPS:
        return list(_DAY_GROUPS[text])
    days: list[int] = []
    for part in LIST_SPLIT.split(text):
        ends = _DAY_RANGE_SEPARATOR.split(part)
        if len(ends) == 1:
            days.append(_one_day(ends[0]))
        elif len(ends) == 2:
            first, last = _one_day(ends[0]), _one_day(ends[1])
            if last < first:
                raise CellError(f"星期范围颠倒：「{part}」")
            days.extend(range(first, last + 1))
        else:
            raise CellError(f"无法识别的星期：「{part}」")
    return days


def _hours(text: str) -> list[tuple[int, int]]:
    if text == "全天":
        return [(0, HOURS_PER_DAY)]
    ranges = []
    for part in re.split(r"[,，、]", text):
        match = _HOURS.fullmatch(part.strip())
        if match is None:
            raise CellError(f"时段应如 09-18，而不是「{part.strip()}」")
        start, end = int(match.group(1)), int(match.group(2))
        if not 0 <= start < end <= HOURS_PER_DAY:
            raise CellError(f"时段不正确：「{part.strip()}」（结束须晚于开始，最晚 24 时）")
        ranges.append((start, end))
    return ranges


def parse_week(value: object, *, empty: int) -> int:
    """Weekly hours as a 168-bit mask, from text such as "周一至周五 09-18；周六 09-12,14-18".

    Segments are separated by ；/; or new lines; each is days then hours. Days: 周一…周日 (星期…),
    ranges with 至 or -, lists with 、, or 每天 / 工作日 / 周末; English Mon–Sun. Hours: 09-18
    (end exclusive, up to 24), several with commas, or 全天. "全天"/"不限" alone is the whole week;
    an empty cell gives ``empty``.
    """
    text = cell_text(value)
    if not text:
        return empty
    if text in {"全天", "不限", "任意", "全部"}:
        return ALL_WEEK
    mask = 0
    for segment in re.split(r"[;；\n]+", text):
        if not segment.strip():
            continue
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            raise CellError(f"时间应如「周一至周五 09-18」，而不是「{segment.strip()}」")
        for weekday in _days(match.group("days")):
            if not 0 <= weekday < DAYS_PER_WEEK:
                raise CellError(f"无法识别的星期：「{segment.strip()}」")
            for start, end in _hours(match.group("hours")):
                mask |= slot_mask(weekday, start, end)
    return mask
