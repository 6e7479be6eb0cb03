"""Small cells in anything published: fewer than N households is shown as "<N", never as the number.

N is the system parameter 小数抑制阈值 (default 5, set on the 参数设置 page); a caller that publishes
many cells reads it once (`threshold()`) and passes it down, so one page sees one value.
Primary suppression: a count of 1…N−1 is shown as "<N" (0 stays 0: an empty cell names nobody).
Complementary suppression: in a table whose cells add up to a published total (tiers, districts,
statuses), a single hidden cell could be worked out as total − the others; so when exactly one cell of
such a table is hidden, the next smallest non-zero cell is hidden too, shown as "—".
Causes are not such a table (a household counts under each of its causes), so only primary
suppression applies to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bangfu.sysadmin.parameters import SMALL_CELL, parameter_value

HIDDEN = "—"


def threshold() -> int:
    """The small-cell threshold in force (households)."""
    return parameter_value(SMALL_CELL)


def small_text(limit: int | None = None) -> str:
    """How a suppressed small cell is printed: "<5" under the default threshold."""
    return f"<{threshold() if limit is None else limit}"


@dataclass(frozen=True)
class Published:
    """A cell as published: the count when it may be shown, else None, with the text to print."""

    households: int | None
    text: str

    @property
    def shown(self) -> bool:
        return self.households is not None


def is_small(households: int, limit: int | None = None) -> bool:
    return 0 < households < (threshold() if limit is None else limit)


def publish_count(households: int, limit: int | None = None) -> Published:
    limit = threshold() if limit is None else limit
    if is_small(households, limit):
        return Published(None, small_text(limit))
    return Published(households, str(households))


def publish_partition(counts: Sequence[int], limit: int | None = None) -> list[Published]:
    """Cells of a table that adds up to a published total, with complementary suppression."""
    limit = threshold() if limit is None else limit
    cells = [publish_count(n, limit) for n in counts]
    hidden = [i for i, cell in enumerate(cells) if not cell.shown]
    if len(hidden) == 1:
        candidates = sorted((n, i) for i, n in enumerate(counts) if i not in hidden and n > 0)
        if candidates:
            _n, index = candidates[0]
            cells[index] = Published(None, HIDDEN)
    return cells
