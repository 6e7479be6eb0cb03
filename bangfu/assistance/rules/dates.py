"""Calendar arithmetic the rules need: whole months and years back from a reference date."""

from __future__ import annotations

import calendar
import datetime as dt


def months_before(day: dt.date, months: int) -> dt.date:
    """2021-03-31 minus 1 month → 2021-02-28 (the day is clamped to the shorter month)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_before(day: dt.date, years: int) -> dt.date:
    return months_before(day, years * 12)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
