"""Masked display of personal data: the default everywhere (pages, API, exports)."""

from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    """110105199001010023 → 110105********0023 (region kept, birth date and sequence hidden)."""
    if not value:
        return ""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """13812341234 → 138****1234."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_bank_account(value: str | None) -> str:
    """6222021234567891234 → 6222 **** **** 1234."""
    if not value:
        return ""
    digits = value.replace(" ", "")
    return f"{digits[:4]} **** **** {digits[-4:]}"


def mask_name(value: str | None) -> str:
    """张三丰 → 张*丰, 李四 → 李*; for public notices (公示)."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]
