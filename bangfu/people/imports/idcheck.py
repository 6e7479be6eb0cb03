"""ID number validation at import speed, with exactly the rules and messages of `core.idnumbers.parse_id_number`.

`parse_id_number` costs ~80 µs, almost all in python-stdnum's birth-place lookup (is the six-digit region
code a county that existed in the birth year?). That answer depends only on (region code, birth year),
so it is asked once per pair through `parse_id_number` itself and remembered. Every number that fails
any check goes through `parse_id_number` too, so the error message is always the canonical one.
"""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric

from bangfu.core.idnumbers import IdNumberError, IdNumberFacts, normalize_id_number, parse_id_number


class IdChecker:
    """One per import: remembers which (region code, birth year) pairs `parse_id_number` accepted."""

    def __init__(self) -> None:
        self._places: dict[tuple[str, int], bool] = {}

    def parse(self, value: object) -> IdNumberFacts:
        number = normalize_id_number(value)
        if len(number) != 18 or not number[:17].isdigit() or number[17] != ric.calc_check_digit(number):
            return parse_id_number(value)  # raises IdNumberError with the canonical message
        try:
            birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return parse_id_number(value)
        key = (number[:6], birth.year)
        known = self._places.get(key)
        if known is None:
            try:
                facts = parse_id_number(number)
            except IdNumberError:
                self._places[key] = False
                raise
            self._places[key] = True
            return facts
        if not known:
            return parse_id_number(number)  # raises, with the canonical message
        sex = "M" if int(number[16]) % 2 == 1 else "F"
        return IdNumberFacts(number=number, birth_date=birth, sex=sex)
