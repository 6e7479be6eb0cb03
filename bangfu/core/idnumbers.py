"""Resident ID numbers (GB 11643-1999): validation and what can be derived from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from stdnum import numdb
from stdnum.cn import ric

from bangfu.core.normalize import normalize_id_number
from bangfu.core.spreadsheet import has_lost_digits, is_number, lost_digits_message

__all__ = ["IdNumberError", "IdNumberFacts", "area_code_known", "normalize_id_number", "parse_id_number"]


class IdNumberError(ValueError):
    """Not a valid resident ID number; the message is Chinese."""


@dataclass(frozen=True)
class IdNumberFacts:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F"


@lru_cache(maxsize=8192)
def area_code_known(code: str) -> bool:
    """Whether the six-digit administrative division code exists or ever existed.

    People keep the code of the place where their number was issued, which may have been created, renamed or
    merged away years after their birth (天河区, 440106, dates from 1985): only the code's existence at some
    time can be checked, never against the birth year. python-stdnum's table (`cn/loc.dat`) carries every
    code with its years of validity, historic ones included."""
    if len(code) != 6 or not code.isdecimal():
        return False
    found = {key for _part, props in numdb.get("cn/loc").info(code) for key in props}
    return "county" in found


def parse_id_number(value: object) -> IdNumberFacts:
    if is_number(value) or has_lost_digits(normalize_id_number(value)):
        # Excel kept 15 digits; even all 18 in a number cell mean the column is a number column, where the next
        # number typed is altered: never accepted, whatever the check digit says.
        raise IdNumberError(lost_digits_message("身份证号"))
    number = normalize_id_number(value)
    if not number:
        raise IdNumberError("身份证号不能为空")
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为 18 位，实际为 {len(number)} 位")
    if not number[:17].isdecimal() or not (number[17].isdecimal() or number[17] == "X"):
        raise IdNumberError("身份证号格式不正确")
    if number[17] != ric.calc_check_digit(number):
        raise IdNumberError("身份证号校验位不正确")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError("身份证号中的出生日期无效") from None
    if birth.year < 1880 or birth > timezone.localdate():  # born today in Beijing is born (UTC may say tomorrow)
        raise IdNumberError("身份证号中的出生日期无效")
    if not area_code_known(number[:6]):
        raise IdNumberError("身份证号中的地区码不存在")
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumberFacts(number=number, birth_date=birth, sex=sex)

