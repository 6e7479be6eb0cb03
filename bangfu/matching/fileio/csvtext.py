"""CSV text of large result tables built a column at a time with numpy string operations.

The command writes about 1.3 million rows at 100,000 × 20,000; through ``csv.writer`` one row at a
time that took about as long as scoring every pair. Here each cell is escaped once per distinct value
(an id, a title, a sentence), looked up by index for every row, and the columns are glued with
``np.strings.add`` in blocks of ``BLOCK_ROWS`` rows, so memory stays bounded. The text is what
``csv.writer`` would read back: cells with a comma, a quote or a line break are quoted, quotes
doubled; lines end with CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

import numpy as np
from numpy.dtypes import StringDType

from bangfu.core.spreadsheet import safe_cell

from ..engine import IntArray

BLOCK_ROWS: Final = 100_000
_SPECIAL: Final = frozenset(',"\r\n')

# numpy's stubs do not type StringDType arrays yet.
Cells = Any


def escaped(value: str) -> str:
    """One CSV cell as ``csv.writer`` (QUOTE_MINIMAL) writes it, text that could start a formula (a title
    "=HYPERLINK(…)" in the input file) with a leading `'` as every export writes it (core.spreadsheet)."""
    value = str(safe_cell(value))
    if _SPECIAL.isdisjoint(value):
        return value
    return '"' + value.replace('"', '""') + '"'


def rows_text(rows: Iterable[Sequence[object]]) -> list[str]:
    """Each row's cells escaped (``str`` of each) and joined with commas, each distinct value escaped once: the
    plan's unassigned seekers (66,000 rows at 100,000 × 20,000) repeat the same empty cells and a few reasons
    (writing the plan's table: 0.49 → 0.40 s of CPU, 7 Dec 2026)."""
    done: dict[str, str] = {}

    def escape(value: object) -> str:
        text = str(value)
        cell = done.get(text)
        if cell is None:
            cell = done[text] = escaped(text)
        return cell

    return [",".join(map(escape, row)) for row in rows]


def cells(values: Sequence[object]) -> Cells:
    """The escaped cells of some values (``str`` of each; None as empty), as a numpy string array."""
    return np.array([escaped("" if value is None else str(value)) for value in values], dtype=StringDType())


def number_cells(limit: float, digits: int) -> Cells:
    """ "0.0000" … up to ``limit``: a value rounded to ``digits`` decimals is formatted by one lookup."""
    steps = round(limit * 10**digits) + 1
    return np.array([f"{v / 10**digits:.{digits}f}" for v in range(steps)], dtype=StringDType())


def numbers(values: np.ndarray, table: Cells, digits: int) -> Cells:
    """``values`` (≥ 0) rounded to ``digits`` decimals, as text through ``number_cells``' table."""
    steps = np.rint(np.clip(values, 0.0, None) * 10**digits).astype(np.int64)
    return table[np.minimum(steps, len(table) - 1)]


def integers(values: IntArray) -> Cells:
    """Small non-negative integers (ranks, counts) as text."""
    return cells(range(int(values.max(initial=-1)) + 1))[values]


def lines(columns: Sequence[Cells]) -> Cells:
    """Each row's cells joined with commas (no line end)."""
    line = columns[0]
    for column in columns[1:]:
        line = np.strings.add(np.strings.add(line, ","), column)
    return line


def text_of(line: Cells) -> str:
    """Lines as CSV text, each ended with CRLF."""
    if not len(line):
        return ""
    return "\r\n".join(line.tolist()) + "\r\n"


def in_blocks(rows: int) -> Iterator[slice]:
    for start in range(0, rows, BLOCK_ROWS):
        yield slice(start, min(start + BLOCK_ROWS, rows))
