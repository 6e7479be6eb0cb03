"""An ID number's birth date is checked against the date in Beijing, not the machine's (UTC) date: a child born
this morning in Beijing, filed before 08:00 Beijing time, is not born "in the future"."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.core import idnumbers
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.security.tests.helpers import fake_id_number


def test_born_today_in_beijing_is_accepted_and_tomorrow_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    beijing_today = dt.date(2026, 12, 8)  # 2026-12-08 07:30 in Beijing is still 2026-12-07 in UTC
    monkeypatch.setattr(idnumbers.timezone, "localdate", lambda *args, **kwargs: beijing_today)
    assert parse_id_number(fake_id_number(1, birth="20261208")).birth_date == beijing_today
    with pytest.raises(IdNumberError, match="出生日期无效"):
        parse_id_number(fake_id_number(2, birth="20261209"))
