"""Money and date form fields shared by every app."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms

from bangfu.core.forms import ChineseDateField, YuanField


class AmountForm(forms.Form):
    amount = YuanField()
    optional = YuanField(required=False)
    summed = YuanField(required=False, empty_fen=0)
    positive = YuanField(required=False, allow_zero=False)
    on = ChineseDateField(required=False)


def clean(**data: str) -> forms.Form:
    form = AmountForm(data={"amount": "1", **data})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("typed", "fen"), [("4500", 450_000), ("4,500.50", 450_050), ("0.45万", 450_000), ("¥12.3", 1230)]
)
def test_yuan_is_cleaned_to_fen(typed: str, fen: int) -> None:
    assert clean(amount=typed).cleaned_data["amount"] == fen


def test_empty_optional_amounts() -> None:
    data = clean().cleaned_data
    assert data["optional"] is None
    assert data["summed"] == 0


def test_refused_amounts_say_why_in_chinese() -> None:
    assert clean(amount="-5").errors["amount"] == ["金额不能为负数。"]
    assert clean(positive="0").errors["positive"] == ["请输入大于零的金额。"]
    assert "两位小数" in clean(amount="1.234").errors["amount"][0]


def test_amount_is_shown_without_separators_for_editing() -> None:
    assert YuanField().prepare_value(123_456) == "1234.56"


@pytest.mark.parametrize("typed", ["2024-03-05", "2024/3/5", "2024年3月5日"])
def test_dates_as_staff_type_them(typed: str) -> None:
    assert clean(on=typed).cleaned_data["on"] == dt.date(2024, 3, 5)


def test_a_date_that_does_not_exist() -> None:
    assert clean(on="2024-02-30").errors["on"] == ["日期“2024-02-30”不存在"]
