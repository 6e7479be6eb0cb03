"""Weekly time as a 168-bit int mask.

Bit ``weekday*24 + hour`` (weekday 0 = 周一, hour 0–23) is the hour [hour, hour+1) of that weekday.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

HOURS_PER_DAY: Final = 24
DAYS_PER_WEEK: Final = 7
SLOTS_PER_WEEK: Final = HOURS_PER_DAY * DAYS_PER_WEEK
ALL_WEEK: Final = (1 << SLOTS_PER_WEEK) - 1
_WORD_BITS = 64
MASK_WORDS = -(-SLOTS_PER_WEEK // _WORD_BITS)


def slot_bit(weekday: int, hour: int) -> int:
    """The bit index of one hour of the week (weekday 0 = 周一)."""
    if not (0 <= weekday < DAYS_PER_WEEK and 0 <= hour < HOURS_PER_DAY):
        raise ValueError(f"时间槽超出范围：星期 {weekday}，{hour} 时")
    return weekday * HOURS_PER_DAY + hour


def slot_mask(weekday: int, start_hour: int, end_hour: int) -> int:
    """The hours [start_hour, end_hour) of one weekday as a mask."""
    if not 0 <= start_hour <= end_hour <= HOURS_PER_DAY:
        raise ValueError(f"时段不正确：{start_hour}–{end_hour} 时")
    mask = 0
    for hour in range(start_hour, end_hour):
        mask |= 1 << slot_bit(weekday, hour)
    return mask


def slots_to_mask(slots: Iterable[tuple[int, int]]) -> int:
    """A mask from (weekday, hour) pairs."""
    mask = 0
    for weekday, hour in slots:
        mask |= 1 << slot_bit(weekday, hour)
    return mask


def mask_to_slots(mask: int) -> list[tuple[int, int]]:
    """The (weekday, hour) pairs set in a mask, in week order."""
    return [divmod(bit, HOURS_PER_DAY) for bit in range(SLOTS_PER_WEEK) if mask >> bit & 1]


def check_mask(mask: int, field_name: str) -> None:
    if not 0 <= mask <= ALL_WEEK:
        raise ValueError(f"{field_name} 不是 168 位的每周时间掩码")


def mask_words(masks: Sequence[int]) -> npt.NDArray[np.uint64]:
    """Masks as rows of uint64 words: bit b of a mask is bit b % 64 of word b // 64."""
    width = MASK_WORDS * _WORD_BITS // 8
    raw = b"".join(mask.to_bytes(width, "little") for mask in masks)
    return np.frombuffer(raw, dtype="<u8").reshape(len(masks), MASK_WORDS).astype(np.uint64)
