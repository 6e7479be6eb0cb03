"""Dates as offices type them: what is not a date is a DateError with a Chinese message, never a crash."""

from __future__ import annotations

import pytest

from bangfu.core.dates import DateError, parse_date


@pytest.mark.parametrize("text", ["²", "²⁰²⁴", "①"])
def test_digits_that_python_counts_but_int_refuses_are_a_date_error(text: str) -> None:
    """An outside tester's "²" in a date field was a 500 on every form: `isdigit()` is true, `int()` refuses."""
    with pytest.raises(DateError):
        parse_date(text)
