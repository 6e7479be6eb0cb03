"""zh_Hans formats: dates typed the Chinese ways parse; money shows as 12,345.60; reports speak in 万元."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import formats, translation

from bangfu.core.money import format_upper, format_wan_yuan, format_yuan


class DateForm(forms.Form):
    on = forms.DateField()


@pytest.mark.parametrize("typed", ["2024-03-05", "2024/3/5", "2024年3月5日"])
def test_django_date_fields_take_chinese_input(typed: str) -> None:
    with translation.override("zh-hans"):
        form = DateForm(data={"on": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["on"] == dt.date(2024, 3, 5)


def test_dates_are_shown_iso() -> None:
    with translation.override("zh-hans"):
        assert formats.date_format(dt.date(2024, 3, 5)) == "2024-03-05"


def test_money_is_shown_with_commas_and_two_decimals() -> None:
    with translation.override("zh-hans"):
        assert formats.number_format(12345.6, 2, force_grouping=True) == "12,345.60"
    assert format_yuan(1_234_560) == "12,345.60 元"


def test_reports_speak_in_wan_yuan_never_baiwan() -> None:
    assert format_wan_yuan(1_000_000_000) == "1,000.00 万元"  # Beijing's 1000 万元 fund
    assert format_wan_yuan(227_130_000) == "227.13 万元"
    assert "百万" not in format_wan_yuan(5_000_000_000)


def test_capital_numerals_for_receipts() -> None:
    assert format_upper(123_450) == "壹仟贰佰叁拾肆元伍角整"
    assert format_upper(100_000_001) == "壹佰万元零壹分"
    assert format_upper(0) == "零元整"
