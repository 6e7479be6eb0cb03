"""The clocks of a 12351 ticket, in working days: contact within 1, answer a simple request within 5, a
complex one within 15 (all settings: `BANGFU_TICKET_LIMITS`). Saturdays, Sundays and the holiday calendar
legal aid already reads (`BANGFU_LEGAL_HOLIDAYS`) do not count; an urgent ticket is to be contacted the
day it arrives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from bangfu.legal.clocks import holidays

DEFAULT_LIMITS = {"contact": 1, "urgent_contact": 0, "simple": 5, "complex": 15, "warn": 1}


@dataclass(frozen=True)
class Limits:
    contact: int
    urgent_contact: int
    simple: int
    complex: int
    warn: int  # working days before a due date when the assignee's page warns


def limits() -> Limits:
    return Limits(**(DEFAULT_LIMITS | dict(getattr(settings, "BANGFU_TICKET_LIMITS", {}))))


def is_working_day(day: dt.date, calendar: frozenset[dt.date]) -> bool:
    return day.weekday() < 5 and day not in calendar


def add_working_days(start: dt.date, days: int, calendar: frozenset[dt.date] | None = None) -> dt.date:
    """The `days`-th working day after `start`; 0 is `start` itself, or the next working day after it."""
    calendar = holidays() if calendar is None else calendar
    day = start
    while not is_working_day(day, calendar):
        day += dt.timedelta(days=1)
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, calendar):
            counted += 1
    return day


def due_dates(received: dt.date, *, urgent: bool, complex_request: bool) -> tuple[dt.date, dt.date]:
    """(contact due, answer due) for a ticket received on `received`."""
    rule = limits()
    contact = add_working_days(received, rule.urgent_contact if urgent else rule.contact)
    answer = add_working_days(received, rule.complex if complex_request else rule.simple)
    return contact, answer


def warn_until(today: dt.date) -> dt.date:
    """Due dates up to this day are warned about on the assignee's page."""
    return add_working_days(today, limits().warn)
