"""Wording helpers: money, time slots, lists."""

from __future__ import annotations

from bangfu.matching import explain
from bangfu.matching.engine import ALL_WEEK, mask_to_slots, slot_mask, slots_to_mask


def test_money_is_shown_in_yuan_with_separators() -> None:
    assert explain.format_yuan(400000) == "4,000 元"
    assert explain.format_yuan(400050) == "4,000.50 元"
    assert explain.format_yuan(12345678) == "123,456.78 元"
    assert explain.format_yuan_range(450000, 600000) == "4,500–6,000 元"
    assert explain.format_yuan_range(500000, 500000) == "5,000 元"


def test_slots_are_described_by_day_and_hour_range() -> None:
    assert explain.describe_slots(slot_mask(5, 9, 12)) == "周六 09–12 时"
    weekdays = sum(slot_mask(day, 9, 18) for day in range(5))
    assert explain.describe_slots(weekdays | slot_mask(5, 9, 12)) == "周一至周五 09–18 时、周六 09–12 时"
    split = slot_mask(0, 9, 12) | slot_mask(0, 14, 18)
    assert explain.describe_slots(split) == "周一 09–12,14–18 时"
    assert explain.describe_slots(ALL_WEEK) == "周一至周日 00–24 时"
    assert explain.describe_slots(0) == ""


def test_slot_masks_round_trip() -> None:
    slots = [(0, 9), (0, 10), (6, 23)]
    assert mask_to_slots(slots_to_mask(slots)) == slots
    assert slot_mask(6, 23, 24) == 1 << 167


def test_lists_are_cut_after_five_items() -> None:
    assert explain.join_list(["甲", "乙"]) == "甲、乙"
    assert explain.join_list([str(n) for n in range(7)]) == "0、1、2、3、4等 7 项"


def test_inner_search_words_are_not_repeated_in_reasons() -> None:
    assert explain.outermost_terms(["收银", "银员", "收银员", "超市"]) == ["收银员", "超市"]
