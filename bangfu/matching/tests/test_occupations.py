"""The 大典 tree: canonical codes, shared levels, the ladder, and the vectorised table."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bangfu.matching.occupations import (
    best_match,
    match_one,
    normalise_code,
    occupation_name,
    shared_levels,
    similarity_table,
)

LADDER = (0.0, 0.1, 0.3, 0.6)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("4-01-02-01", "4-01-02-01"),
        (" 4-01-02-00 ", "4-01-02"),
        ("4-01-00-00", "4-01"),
        ("4-00-00-00", "4"),
        ("1-01-00-01", "1-01-00-01"),
        ("4", "4"),
    ],
)
def test_codes_are_canonicalised(text: str, canonical: str) -> None:
    assert normalise_code(text) == canonical


@pytest.mark.parametrize("text", ["", "4-1-02", "40-01", "4-01-02-01-01", "四-01", "4_01"])
def test_malformed_codes_are_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValueError, match="职业编码格式不正确"):
        normalise_code(text)


def test_shared_levels_counts_leading_equal_parts() -> None:
    assert shared_levels("4-01-02-01", "4-01-02-01") == 4
    assert shared_levels("4-01-02-01", "4-01-02-03") == 3
    assert shared_levels("4-01-02-01", "4-01-06-01") == 2
    assert shared_levels("4-01-02-01", "4-02-02-01") == 1
    assert shared_levels("4-01-02-01", "6-01-02-01") == 0


@pytest.mark.parametrize(
    ("seeker", "opening", "value", "covered"),
    [
        ("4-01-02-01", "4-01-02-01", 1.0, True),  # same 细类
        ("4-01-02", "4-01-02-04", 1.0, True),  # inside the intended 小类
        ("4-01", "4-01-06-01", 1.0, True),  # inside the intended 中类
        ("4-01-02-01", "4-01-02-04", 0.6, False),  # same 小类
        ("4-01-02-01", "4-01-02", 0.6, False),  # opening only says its 小类
        ("4-01-02-01", "4-01-06-01", 0.3, False),  # same 中类
        ("4-01-02-01", "4-02-05-01", 0.1, False),  # same 大类
        ("4-01-02-01", "6-02-01-01", 0.0, False),
    ],
)
def test_ladder(seeker: str, opening: str, value: float, covered: bool) -> None:
    match = match_one(seeker, opening, LADDER)
    assert (match.value, match.covered) == (value, covered)


def test_best_match_takes_the_closest_intended_code() -> None:
    match = best_match(("6-02-01-01", "4-01-02-03", "4-01-02-04"), "2022", "4-01-02-04", "2022", LADDER)
    assert (match.value, match.seeker_code) == (1.0, "4-01-02-04")


def test_codes_of_different_editions_are_not_compared() -> None:
    match = best_match(("4-01-02-01",), "2015", "4-01-02-01", "2022", LADDER)
    assert match.value == 0.0
    assert match.editions_differ


def test_vectorised_table_equals_the_scalar_ladder() -> None:
    codes = ["4", "4-01", "4-01-02", "4-01-02-01", "4-01-02-04", "4-01-06-01", "4-02-05-01", "6-02-01-01", "1-01-00-01"]
    seekers = [(edition, code) for edition in ("2022", "2015") for code in codes]
    openings = [("2022", code) for code in codes]
    table = similarity_table(seekers, openings, LADDER)
    for (s, (s_edition, s_code)), (o, (_, o_code)) in itertools.product(enumerate(seekers), enumerate(openings)):
        expected = best_match((s_code,), s_edition, o_code, "2022", LADDER).value
        assert table[s, o] == expected, (s_code, s_edition, o_code)
    assert table.shape == (18, 9)
    assert np.count_nonzero(table[9:]) == 0  # 2015 rows never match 2022 columns


def test_names_come_from_the_2022_table() -> None:
    assert occupation_name("4-01-02-04") == "收银员"
    assert occupation_name("4-01-02") == "销售人员"
    assert occupation_name("4") == "社会生产服务和生活服务人员"
    assert occupation_name("4-01-06-01") == "电子商务师"  # the edition's S mark is removed
    assert occupation_name("4-01-02-04", edition="2015") is None
    assert occupation_name("9-99-99-99") is None
