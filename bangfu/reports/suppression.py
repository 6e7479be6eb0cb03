"""Small cells in anything published: fewer than 5 households is shown as "<5", never as the number.

Primary suppression: a count of 1–4 is shown as "<5" (0 stays 0: an empty cell names nobody).
Complementary suppression: in a table whose cells add up to a published total (tiers, districts,
statuses), a single hidden cell could be worked out as total − the others; so when exactly one cell of
such a table is hidden, the next smallest non-zero cell is hidden too, shown as "—".
Causes are not such a table (a household counts under each of its causes), so only primary
suppression applies to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "—"


@dataclass(frozen=True)
class Published:
    """A cell as published: the count when it may be shown, else None, with the text to print."""

    households: int | None
    text: str

    @property
    def shown(self) -> bool:
        return self.households is not None


def is_small(households: int) -> bool:
    return 0 < households < THRESHOLD


def publish_count(households: int) -> Published:
    if is_small(households):
        return Published(None, SMALL)
    return Published(households, str(households))


def publish_partition(counts: Sequence[int]) -> list[Published]:
    """Cells of a table that adds up to a published total, with complementary suppression."""
    cells = [publish_count(n) for n in counts]
    hidden = [i for i, cell in enumerate(cells) if not cell.shown]
    if len(hidden) == 1:
        candidates = sorted((n, i) for i, n in enumerate(counts) if i not in hidden and n > 0)
        if candidates:
            _n, index = candidates[0]
            cells[index] = Published(None, HIDDEN)
    return cells
