"""Masked display of personal data: the default everywhere (pages, API, exports).

`mask_value(field_name, value)` picks the mask by the field's name; the named masks keep what staff
need to tell records apart (region of an ID number, last four digits) and hide the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

HIDDEN = "******"


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
    """6222021234567891234 → 6222 **** **** 1234; a short number shows its last four digits at most."""
    if not value:
        return ""
    digits = "".join(value.split())
    if len(digits) < 12:
        return "**** " + digits[-4:] if len(digits) > 4 else "****"
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


def mask_text(value: Any) -> str:
    """Any other sensitive text (diagnosis, disability detail): nothing of it, only that it exists."""
    return HIDDEN if value not in (None, "", [], {}) else ""


# Field-name endings → mask. The longest matching ending wins ("bank_account" before "account").
MASKS_BY_SUFFIX: dict[str, Callable[[Any], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "mobile": mask_phone,
    "bank_account": mask_bank_account,
    "card_number": mask_bank_account,
    "name": mask_name,
}


def masker_for(field_name: str) -> Callable[[Any], str]:
    for suffix in sorted(MASKS_BY_SUFFIX, key=len, reverse=True):
        if field_name == suffix or field_name.endswith("_" + suffix):
            return MASKS_BY_SUFFIX[suffix]
    return mask_text


def mask_value(field_name: str, value: Any) -> str:
    """The masked form of `value` for a field called `field_name`."""
    if value in (None, ""):
        return ""
    mask = masker_for(field_name)
    return mask(value if mask is mask_text else str(value))


def looks_masked(value: Any) -> bool:
    return isinstance(value, str) and "*" in value
