"""Resident ID numbers (GB 11643-1999): validation and what can be derived from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric

from bangfu.core.normalize import normalize_id_number

__all__ = ["IdNumberError", "IdNumberFacts", "area_code_known", "excel_number_message", "looks_scientific",
           "normalize_id_number", "parse_id_number"]

# Excel keeps 15 significant digits of a number: an 18-digit code typed into a General cell loses the rest.
EXCEL_DIGITS = 15


class IdNumberError(ValueError):
    """Not a valid resident ID number; the message is Chinese."""


@dataclass(frozen=True)
class IdNumberFacts:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F"


def excel_number_message(what: str) -> str:
    """Why a long code stored as a number is refused, whatever its check digit says."""
    return (f"{what}被 Excel 存成了数字，只保留前 {EXCEL_DIGITS} 位有效数字，后几位已丢失（读回的号码可能恰是另一个人的"
            f"有效号码）：请设置该列为文本后重新填写")


@lru_cache(maxsize=8192)
def area_code_known(code: str) -> bool:
    """Whether the six-digit administrative division code exists or ever existed.

    People keep the code of the place where their number was issued, which may have been created, renamed or
    merged away years after their birth (天河区, 440106, dates from 1985): only the code's existence at some
    time can be checked, never against the birth year. python-stdnum's table (`cn/loc.dat`) carries every
    code with its years of validity, historic ones included."""
    if len(code) != 6 or not code.isdigit():
        return False
    found = {key for _part, props in numdb.get("cn/loc").info(code) for key in props}
    return "county" in found


def parse_id_number(value: object) -> IdNumberFacts:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise IdNumberError(excel_number_message("身份证号"))
    number = normalize_id_number(value)
    if not number:
        raise IdNumberError("身份证号不能为空")
    if looks_scientific(number):
        raise IdNumberError(excel_number_message("身份证号"))
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为 18 位，实际为 {len(number)} 位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("身份证号格式不正确")
    if number[17] != ric.calc_check_digit(number):
        raise IdNumberError("身份证号校验位不正确")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError("身份证号中的出生日期无效") from None
    if birth.year < 1880 or birth > dt.date.today():
        raise IdNumberError("身份证号中的出生日期无效")
    if not area_code_known(number[:6]):
        raise IdNumberError("身份证号中的地区码不存在")
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumberFacts(number=number, birth_date=birth, sex=sex)


def looks_scientific(text: str) -> bool:
    """`4.40121E+17`, `4.40121198008271E17`: a number Excel wrote in scientific form."""
    mantissa, sep, exponent = text.partition("E")
    return bool(sep) and exponent.lstrip("+").isdigit() and mantissa.replace(".", "", 1).isdigit()
