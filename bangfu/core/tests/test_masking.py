from __future__ import annotations

import pytest

from bangfu.core.masking import mask_bank_account, mask_id_number, mask_name, mask_phone, mask_value


def test_id_number_keeps_region_and_last_four() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_phone() -> None:
    assert mask_phone("13812341234") == "138****1234"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("6222021234567891234", "6222 **** **** 1234"),
        ("6222 0212 3456 7891 234", "6222 **** **** 1234"),
        ("12345678", "**** 5678"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_bank_account(value: str, masked: str) -> None:
    assert mask_bank_account(value) == masked


def test_name() -> None:
    assert (mask_name("张三丰"), mask_name("李四"), mask_name("王")) == ("张*丰", "李*", "王")


@pytest.mark.parametrize(
    ("field", "value", "masked"),
    [
        ("id_number", "11010519491231002X", "110105********002X"),
        ("contact_phone", "13812341234", "138****1234"),
        ("payee_bank_account", "6222021234567891234", "6222 **** **** 1234"),
        ("health_note", "尘肺病二期", "******"),
        ("disability_grade", 2, "******"),
        ("health_note", "", ""),
    ],
)
def test_mask_value_picks_the_mask_by_field_name(field: str, value: object, masked: str) -> None:
    assert mask_value(field, value) == masked
