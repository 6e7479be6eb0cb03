"""Synthetic resident ID numbers with valid check digits (GB 11643-1999), for demo, tests and benchmarks.

Never for real people: the demo's families are made up (Faker zh_CN names, these numbers). The number's
first six digits name a county that existed in the birth year (python-stdnum checks it), so someone born
in 1970 in today's Tianhe district carries an older Guangzhou code.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric


def _body(region_code: str, birth_date: dt.date, sequence: int, sex: str) -> str:
    order = (sequence % 500) * 2 + (1 if sex == "M" else 0)  # odd for men, even for women
    return f"{region_code}{birth_date:%Y%m%d}{order:03d}"


def _with_check_digit(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def _county_valid(region_code: str, year: int) -> bool:
    try:
        ric.get_birth_place(_with_check_digit(_body(region_code, dt.date(year, 6, 1), 1, "M")))
    except (stdnum_errors.ValidationError, KeyError):  # KeyError: a prefecture-level code, not a county
        return False
    return True


@lru_cache(maxsize=65_536)  # a province's counties × birth years
def region_code_for_year(preferred: str, year: int) -> str:
    """`preferred` if that county existed in `year`, else another county of the same city, then province."""
    if _county_valid(preferred, year):
        return preferred
    for county in range(2, 100):  # 01 is 市辖区, a placeholder rather than a county
        code = f"{preferred[:4]}{county:02d}"
        if _county_valid(code, year):
            return code
    for city in range(1, 100):
        for county in range(2, 100):
            code = f"{preferred[:2]}{city:02d}{county:02d}"
            if _county_valid(code, year):
                return code
    raise ValueError(f"no county code under {preferred[:2]} existed in {year}")


def make_id_number(region_code: str, birth_date: dt.date, sequence: int, sex: str) -> str:
    """A valid number for someone born on `birth_date` near `region_code` (a 6-digit county code)."""
    if len(region_code) != 6 or not region_code.isdecimal():
        raise ValueError("region_code must be a 6-digit county code")
    code = region_code_for_year(region_code, birth_date.year)
    return _with_check_digit(_body(code, birth_date, sequence, sex))
