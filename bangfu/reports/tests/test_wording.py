"""The bulletin's wording of shares: every band edge of the table in wording.py."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bangfu.reports.wording import BANDS, EXACT_PERCENT, band_for, is_percent_like, share_phrase, whole_percent

# (households, of households, phrase): each band's lower edge, a point just inside, just below its upper edge.
EDGES = [
    (0, 1000, "无"),
    (1, 1000, "不足1%"), (9, 1000, "不足1%"),
    (10, 1000, "1%"), (14, 1000, "1%"), (15, 1000, "2%"), (145, 1000, "15%"), (150, 1000, "15%"),
    (154, 1000, "15%"), (155, 1000, "16%"), (174, 1000, "17%"),
    (175, 1000, "近2成"), (199, 1000, "近2成"),
    (200, 1000, "2成"),
    (201, 1000, "逾2成"), (224, 1000, "逾2成"),
    (225, 1000, "近四分之一"), (249, 1000, "近四分之一"),
    (250, 1000, "四分之一"),
    (251, 1000, "逾四分之一"), (274, 1000, "逾四分之一"),
    (275, 1000, "近3成"), (299, 1000, "近3成"),
    (300, 1000, "3成"),
    (301, 1000, "逾3成"), (324, 1000, "逾3成"),
    (325, 1000, "3成多"), (349, 1000, "3成多"),
    (350, 1000, "近4成"), (399, 1000, "近4成"),
    (400, 1000, "4成"),
    (401, 1000, "逾4成"), (424, 1000, "逾4成"),
    (425, 1000, "4成多"), (449, 1000, "4成多"),
    (450, 1000, "近5成"), (499, 1000, "近5成"),
    (500, 1000, "半数"),
    (501, 1000, "逾5成"), (524, 1000, "逾5成"),
    (525, 1000, "5成多"), (549, 1000, "5成多"),
    (550, 1000, "近6成"), (599, 1000, "近6成"), (600, 1000, "6成"), (601, 1000, "逾6成"), (624, 1000, "逾6成"),
    (625, 1000, "6成多"), (649, 1000, "6成多"), (650, 1000, "近7成"), (699, 1000, "近7成"), (700, 1000, "7成"),
    (701, 1000, "逾7成"), (724, 1000, "逾7成"), (725, 1000, "7成多"), (749, 1000, "7成多"), (750, 1000, "近8成"),
    (799, 1000, "近8成"), (800, 1000, "8成"), (801, 1000, "逾8成"), (824, 1000, "逾8成"), (825, 1000, "8成多"),
    (849, 1000, "8成多"), (850, 1000, "近9成"), (899, 1000, "近9成"), (900, 1000, "9成"), (901, 1000, "逾9成"),
    (924, 1000, "逾9成"), (925, 1000, "9成多"), (949, 1000, "9成多"),
    (950, 1000, "95%以上"), (999, 1000, "95%以上"),
    (1000, 1000, "全部"),
]


@pytest.mark.parametrize(("part", "whole", "phrase"), EDGES)
def test_band_edges(part: int, whole: int, phrase: str) -> None:
    assert share_phrase(part, whole) == phrase


def test_every_band_is_tested_at_its_lower_edge() -> None:
    lower_edges = {Fraction(part * 100, whole) for part, whole, _ in EDGES}
    assert {band.low for band in BANDS} <= lower_edges


def test_edges_are_exact_not_rounded() -> None:
    # 39.99…% is still "a little under 40 %"; 40.0001 % is already "over".
    assert share_phrase(39_999, 100_000) == "近4成"
    assert share_phrase(400_001, 1_000_000) == "逾4成"
    assert share_phrase(1, 3) == "3成多"  # 33.33 %
    assert share_phrase(2, 3) == "近7成"  # 66.67 %

def test_the_seed_pages_phrases() -> None:
    assert [share_phrase(n, 100) for n in (38, 33, 41, 38, 15, 24)] == \
        ["近4成", "3成多", "逾4成", "近4成", "15%", "近四分之一"]


def test_whole_percent_rounds_half_up() -> None:
    assert [whole_percent(Fraction(x, 10)) for x in (145, 155, 165, 149)] == [15, 16, 17, 15]


def test_percent_like_phrases_take_de() -> None:
    assert [is_percent_like(p) for p in ("15%", "近四分之一", "95%以上", "不足1%", "近4成", "半数")] == \
        [True, True, True, True, False, False]


@given(st.integers(min_value=1, max_value=5000).flatmap(
    lambda whole: st.tuples(st.integers(min_value=0, max_value=whole), st.just(whole))))
def test_every_share_has_exactly_one_band_by_order(pair: tuple[int, int]) -> None:
    part, whole = pair
    percent = Fraction(part * 100, whole)
    band = band_for(percent)
    assert band.holds(percent)
    assert all(not earlier.holds(percent) for earlier in BANDS[:BANDS.index(band)])
    phrase = share_phrase(part, whole)
    assert phrase and (band.phrase != EXACT_PERCENT or phrase.endswith("%"))


def test_phrases_never_go_down_as_the_share_grows() -> None:
    order = [band.phrase for band in BANDS]
    seen = [order.index(band_for(Fraction(n, 10)).phrase) for n in range(0, 1001)]
    assert seen == sorted(seen)


def test_a_share_needs_a_whole() -> None:
    with pytest.raises(ValueError):
        share_phrase(1, 0)
    with pytest.raises(ValueError):
        share_phrase(5, 4)
