"""CSV text of large result tables glued from numbered pieces.

The command writes about 1.3 million rows at 100,000 × 20,000; through ``csv.writer`` one row at a
time that took about as long as scoring every pair. Here each distinct cell (an id, a title, a score, a
sentence) is escaped once and numbered in ``Pieces``; a line is a row of piece numbers (the cells, the
commas between them, the line end), and a block of lines is one ``str.join`` of the pieces those numbers
pick out of a numpy object array: no string is made per cell or per line. The text is what
``csv.writer`` would read back: cells with a comma, a quote or a line break are quoted, quotes doubled;
lines end with CRLF.

Gluing the columns with numpy's string operations instead (one new string array per column and
separator, and the reasons one part at a time), the seekers' table at 100,000 × 20,000 took 5.3 s to explain
and write in the command's child; glued from pieces, 3.3 s, and the command's CPU fell from 17.5 to 14.9 s
(8 Dec 2026, the same files byte for byte).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from bangfu.core.spreadsheet import safe_cell

from ..engine import IntArray

BLOCK_ROWS: Final = 100_000
_SPECIAL: Final = frozenset(',"\r\n')
# The pieces every table has, at these numbers (``Pieces``).
EMPTY: Final = 0
COMMA: Final = 1
QUOTE: Final = 2
LINE_END: Final = 3
_COMMON: Final = ("", ",", '"', "\r\n")


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


class Pieces:
    """The texts a table's lines are glued from, by number: ``EMPTY``, ``COMMA``, ``QUOTE`` and ``LINE_END``, then
    what ``add`` appends. ``text`` glues rows of numbers into lines."""

    def __init__(self, texts: npt.NDArray[np.object_] | None = None) -> None:
        self._texts = texts if texts is not None else _objects(_COMMON)

    def __len__(self) -> int:
        return len(self._texts)

    def add(self, texts: Sequence[str]) -> int:
        """Append texts as they are (already escaped); returns the number of the first."""
        first = len(self._texts)
        self._texts = np.concatenate([self._texts, _objects(texts)])
        return first

    def add_cells(self, values: Sequence[object]) -> int:
        """Append values as escaped cells (``str`` of each; None as empty); returns the number of the first."""
        return self.add([escaped("" if value is None else str(value)) for value in values])

    def extended(self, texts: Sequence[str]) -> Pieces:
        """These pieces and ``texts`` after them (numbered from ``len(self)``); this table is left as it is."""
        return Pieces(np.concatenate([self._texts, _objects(texts)]))

    def text(self, numbers: IntArray) -> str:
        """The pieces of ``numbers`` (rows × pieces) glued in row order: lines end with their ``LINE_END``."""
        glued: str = "".join(self._texts[numbers.ravel()].tolist())
        return glued


def _objects(texts: Sequence[str]) -> npt.NDArray[np.object_]:
    array = np.empty(len(texts), dtype=object)
    array[:] = texts
    return array


def line_numbers(cells: Sequence[IntArray]) -> IntArray:
    """Each row's line as piece numbers: the cells in order, a comma between two, the line end last. A cell is a
    column of numbers (one piece a row) or a matrix (several pieces a row, glued: a quoted list of sentences)."""
    rows = len(cells[0])
    widths = [1 if cell.ndim == 1 else cell.shape[1] for cell in cells]
    line = np.empty((rows, sum(widths) + len(cells)), dtype=np.int64)
    column = 0
    for position, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if position:
            line[:, column] = COMMA
            column += 1
        line[:, column : column + width] = cell.reshape(rows, width)
        column += width
    line[:, column] = LINE_END
    return line


def number_texts(limit: float, digits: int) -> list[str]:
    """ "0.0000" … up to ``limit``: a value rounded to ``digits`` decimals is formatted by one lookup."""
    steps = round(limit * 10**digits) + 1
    return [f"{v / 10**digits:.{digits}f}" for v in range(steps)]


def number_positions(values: np.ndarray, digits: int, count: int) -> IntArray:
    """Where each value (≥ 0), rounded to ``digits`` decimals, is among ``count`` of ``number_texts``."""
    steps = np.rint(np.clip(values, 0.0, None) * 10**digits).astype(np.int64)
    positions: IntArray = np.minimum(steps, count - 1)
    return positions


def in_blocks(rows: int) -> Iterator[slice]:
    for start in range(0, rows, BLOCK_ROWS):
        yield slice(start, min(start + BLOCK_ROWS, rows))
