"""The clocks of a case: review within 7 days of intake, the one-year limit for labour arbitration.

Days are calendar days. Chinese public holidays are ignored unless a calendar is configured:
`BANGFU_LEGAL_HOLIDAYS` (settings or environment) lists the dates (`2024-10-01,2024-10-02,…`) that do
not count towards the review period. The arbitration limit (劳动争议调解仲裁法 第二十七条) is one year
from the day the worker knew or should have known of the infringement; holidays do not move it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from bangfu.core.dates import DateError, parse_date

REVIEW_DAYS = 7
WARNING_DAYS = (30, 7)  # warnings on the lawyer's and the station's pages, this many days ahead


@lru_cache(maxsize=4)
def _parse_calendar(text: str) -> frozenset[dt.date]:
    days = set()
    for part in text.replace("，", ",").replace("\n", ",").split(","):
        if part.strip():
            try:
                days.add(parse_date(part.strip()))
            except DateError as exc:
                raise ValueError(f"BANGFU_LEGAL_HOLIDAYS：{exc}") from None
    return frozenset(days)


def holidays() -> frozenset[dt.date]:
    """The configured holiday calendar; empty (every day counts) when none is configured."""
    text = getattr(settings, "BANGFU_LEGAL_HOLIDAYS", None) or os.environ.get("BANGFU_LEGAL_HOLIDAYS", "")
    return _parse_calendar(text)


def review_due(intake: dt.date, calendar: frozenset[dt.date] | None = None) -> dt.date:
    """The 7th counted day after intake; a configured holiday is not counted."""
    calendar = holidays() if calendar is None else calendar
    day, counted = intake, 0
    while counted < REVIEW_DAYS:
        day += dt.timedelta(days=1)
        if day not in calendar:
            counted += 1
    return day


def arbitration_limit(knew_on: dt.date) -> dt.date:
    """One year after the worker knew of the infringement (29 February → 28 February)."""
    try:
        return knew_on.replace(year=knew_on.year + 1)
    except ValueError:
        return knew_on.replace(year=knew_on.year + 1, day=28)


@dataclass(frozen=True)
class Warning:
    kind: str  # "review" or "limit"
    due_on: dt.date
    days_left: int
    level: str  # "overdue", "7", "30"


def warning_level(due_on: dt.date, today: dt.date) -> str | None:
    days_left = (due_on - today).days
    if days_left < 0:
        return "overdue"
    for ahead in sorted(WARNING_DAYS):
        if days_left <= ahead:
            return str(ahead)
    return None
