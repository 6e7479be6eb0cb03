"""Resident ID numbers (GB 11643-1999): validation and what can be derived from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric


class IdNumberError(ValueError):
    """Not a valid resident ID number; the message is Chinese."""


@dataclass(frozen=True)
class IdNumberFacts:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F"


def normalize_id_number(value: object) -> str:
    """Upper-case, no spaces; Excel may have made it a number, so read it back as text."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value or "").strip().replace(" ", "").upper()


def parse_id_number(value: object) -> IdNumberFacts:
    number = normalize_id_number(value)
    if not number:
        raise IdNumberError("身份证号不能为空")
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为 18 位，实际为 {len(number)} 位")
    try:
        number = ric.validate(number)
    except stdnum_errors.InvalidChecksum:
        raise IdNumberError("身份证号校验位不正确") from None
    except stdnum_errors.InvalidComponent:
        raise IdNumberError("身份证号中的出生日期或地区码无效") from None
    except stdnum_errors.ValidationError:
        raise IdNumberError("身份证号格式不正确") from None
    birth = ric.get_birth_date(number)
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumberFacts(number=number, birth_date=birth, sex=sex)
