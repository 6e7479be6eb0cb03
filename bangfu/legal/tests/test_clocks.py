"""Review within 7 days; the one-year arbitration limit; warnings 30 and 7 days ahead; holidays only when configured."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bangfu.legal import clocks, queries
from bangfu.legal.models import LegalCase
from bangfu.legal.tests.helpers import make_case

D = dt.date


def test_review_is_due_seven_calendar_days_after_intake_without_a_calendar(settings: Any) -> None:
    settings.BANGFU_LEGAL_HOLIDAYS = ""
    assert clocks.review_due(D(2024, 9, 28)) == D(2024, 10, 5)  # National Day week counts: no calendar


def test_configured_holidays_do_not_count(settings: Any) -> None:
    settings.BANGFU_LEGAL_HOLIDAYS = "2024-10-01,2024/10/2,2024年10月3日"
    assert clocks.review_due(D(2024, 9, 28)) == D(2024, 10, 8)


def test_a_bad_calendar_is_refused_loudly(settings: Any) -> None:
    settings.BANGFU_LEGAL_HOLIDAYS = "2024-13-01"
    with pytest.raises(ValueError, match="BANGFU_LEGAL_HOLIDAYS"):
        clocks.holidays()


@pytest.mark.parametrize(("knew", "limit"), [(D(2023, 3, 5), D(2024, 3, 5)), (D(2024, 2, 29), D(2025, 2, 28))])
def test_the_arbitration_limit_is_one_year(knew: dt.date, limit: dt.date) -> None:
    assert clocks.arbitration_limit(knew) == limit


@pytest.mark.parametrize(("days", "level"), [(31, None), (30, "30"), (8, "30"), (7, "7"), (0, "7"), (-1, "overdue")])
def test_warning_levels(days: int, level: str | None) -> None:
    today = D(2026, 1, 10)
    assert clocks.warning_level(today + dt.timedelta(days=days), today) == level


@pytest.mark.django_db
def test_open_cases_warn_on_the_station_and_lawyer_pages(places: dict[str, Any], client: Any,
                                                          settings: Any) -> None:
    settings.BANGFU_LEGAL_HOLIDAYS = ""
    today = timezone.localdate()
    soon = make_case(places["wushan"], employer="将到期单位", knew_on=today - dt.timedelta(days=360),
                     intake_date=today - dt.timedelta(days=2))
    later = make_case(places["wushan"], employer="不急单位", knew_on=today - dt.timedelta(days=100),
                      intake_date=today)
    rows = {row.case.pk: row for row in queries.deadline_warnings(LegalCase.objects.all(), today)}
    assert {w.kind: w.level for w in rows[soon.pk].warnings} == {"review": "7", "limit": "7"}
    assert {w.kind: w.level for w in rows[later.pk].warnings} == {"review": "7"}
    client.force_login(places["worker"])
    page = client.get(f"/legal/stations/{places['wushan'].pk}/").content.decode()
    assert soon.number in page and "劳动仲裁一年时效" in page
