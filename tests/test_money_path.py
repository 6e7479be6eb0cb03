"""One money path: amounts are integer fen, turned into yuan only by bangfu.core.money — never through a
float (an export cell, a form default), so 0.1 + 0.2 never reaches a report."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from bangfu.core.money import parse_yuan, yuan_decimal, yuan_input

ROOT = Path(__file__).resolve().parent.parent / "bangfu"
# float(… x_fen …), x_fen / 100, x["y_fen"] / 100: a fen value made into a float.
FLOAT_FEN = re.compile(r"float\([^)\n]*_fen|_fen\"?'?\]?\)?\s*/\s*100\b")


def _product_sources() -> list[Path]:
    return [path for path in ROOT.rglob("*.py") if "tests" not in path.parts and "migrations" not in path.parts]


def test_no_fen_value_passes_through_a_float() -> None:
    offenders = [f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}"
                 for path in _product_sources()
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if FLOAT_FEN.search(line)]
    assert offenders == []


def test_the_scanner_sees_the_forms_it_forbids() -> None:
    for line in ('cell = u.received_fen / 100', 'f"{entry.amount_fen / 100:.2f}"', 'float(row.amount_fen)',
                 'totals["paid_fen"] / 100'):
        assert FLOAT_FEN.search(line), line


def test_yuan_for_cells_and_forms_is_exact_and_reads_back() -> None:
    assert yuan_decimal(1) == Decimal("0.01") and yuan_decimal(123_456_789) == Decimal("1234567.89")
    assert yuan_input(30) == "0.30" and parse_yuan(yuan_input(123_456_789)) == 123_456_789
