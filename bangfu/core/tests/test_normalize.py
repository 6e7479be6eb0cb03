"""One normalisation of ID numbers, phones and names: every variant gives the same stored value and index."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bangfu.core.idnumbers import IdNumberError, area_code_known, parse_id_number
from bangfu.core.normalize import normalize_id_number, normalize_name, normalize_phone, search_text
from bangfu.core.sensitive import id_number_index
from bangfu.core.spreadsheet import excel_shows, has_lost_digits
from bangfu.people.idgen import make_id_number

FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789Xx"}
SPACES = ["", " ", "\u3000", "\u00a0", "\t", "\u200b"]


@st.composite
def typed_variants(draw: st.DrawFn) -> tuple[str, str]:
    """(a valid number, the same number as someone may type it: width, case and spaces varied per character,
    sometimes after the apostrophe an office puts in front to keep Excel from making it a number)."""
    birth = draw(st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)))
    number = make_id_number(draw(st.sampled_from(["440106", "110105", "440121", "320102"])), birth,
                            draw(st.integers(0, 499)), draw(st.sampled_from(["M", "F"])))
    typed = draw(st.sampled_from(["", "'", "‘", "`"])) + draw(st.sampled_from(SPACES))
    for char in number:
        char = char.lower() if char == "X" and draw(st.booleans()) else char
        typed += char.translate(FULL_WIDTH) if draw(st.booleans()) else char
        typed += draw(st.sampled_from(SPACES))
    return number, typed


@settings(max_examples=300, deadline=None)
@given(typed_variants())
def test_every_variant_of_an_id_number_gives_the_same_stored_value_and_index(pair: tuple[str, str]) -> None:
    number, typed = pair
    assert normalize_id_number(typed) == number
    assert parse_id_number(typed).number == number
    assert id_number_index(typed) == id_number_index(number)
    assert normalize_id_number(normalize_id_number(typed)) == normalize_id_number(typed)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789０１２３４５６７８９ -－()（）\u3000\u00a0", max_size=30))
def test_phone_normalisation_is_half_width_digits_only_and_idempotent(typed: str) -> None:
    phone = normalize_phone(typed)
    assert all(ch in "0123456789" for ch in phone)
    assert normalize_phone(phone) == phone


@pytest.mark.parametrize(("typed", "stored"), [
    ("１３８-1234　5678", "13812345678"), ("(020) 8888-8888", "02088888888"), ("138—1234—5678", "13812345678"),
])
def test_phone_variants(typed: str, stored: str) -> None:
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(("typed", "stored"), [
    ("欧阳\u00a0明", "欧阳明"), ("欧阳\u3000明", "欧阳明"), (" 欧 阳 明 ", "欧阳明"), ("欧阳\u200b明", "欧阳明"),
    ("买买提 • 艾力", "买买提·艾力"), ("买买提・艾力", "买买提·艾力"), ("Ａｎｎａ  Smith", "Anna Smith"),
])
def test_name_variants(typed: str, stored: str) -> None:
    assert normalize_name(typed) == stored
    assert normalize_name(stored) == stored


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="欧阳明张三丰 \u3000\u00a0・·ＡａB", max_size=12))
def test_name_normalisation_is_idempotent(typed: str) -> None:
    assert normalize_name(normalize_name(typed)) == normalize_name(typed)


@pytest.mark.parametrize(("number", "place"), [
    ("440106198005151230", "天河区 (440106): created 1985, holder born 1980"),
    ("440118197001010010", "增城区 (440118): created 2014 from 增城市"),
    ("440183197001010013", "增城市 (440183): 1993–2014, now gone"),
    ("110103196502020015", "崇文区 (110103): merged into 东城区 in 2010"),
    ("110115195001010016", "大兴区 (110115): created 2001"),
])
def test_genuine_numbers_with_codes_created_renamed_or_merged_after_birth_are_accepted(number: str,
                                                                                      place: str) -> None:
    fixed = number[:17] + parse_check(number)
    assert parse_id_number(fixed).number == fixed, place


def parse_check(number: str) -> str:
    from stdnum.cn import ric

    return ric.calc_check_digit(number)


def test_the_issues_number_is_accepted() -> None:
    facts = parse_id_number("440106198005151230")
    assert (facts.birth_date, facts.sex) == (dt.date(1980, 5, 15), "M")


@pytest.mark.parametrize("code", ["449999", "000000", "440199", "12345"])
def test_a_code_that_never_existed_is_refused(code: str) -> None:
    assert not area_code_known(code)


def test_a_number_with_an_unknown_code_is_refused() -> None:
    body = "44019919800515123"
    with pytest.raises(IdNumberError, match="地区码不存在"):
        parse_id_number(body + parse_check(body + "0"))


@pytest.mark.parametrize("value", [440121198008271864, 440121198008271864.0, "4.40121E+17", "4.40121198008271e17"])
def test_numbers_excel_stored_are_refused_whatever_their_check_digit(value: object) -> None:
    assert has_lost_digits(value)
    with pytest.raises(IdNumberError, match="设置该列为文本后重新填写"):
        parse_id_number(value)


@pytest.mark.parametrize(("value", "shown"), [
    (440121198008271864.0, "4.40121E+17"), (6222021234567890123, "6.22202E+18"), (13812345678, "13812345678"),
    (100000000000000000.0, "1E+17"), ("4.40121E+17", "4.40121E+17"),
])
def test_a_long_number_is_shown_as_excel_shows_it(value: object, shown: str) -> None:
    assert excel_shows(value) == shown


@pytest.mark.parametrize("value", [13812345678, 999999999999999, "13812345678", "1.5E+3", "E+17", 3.5])
def test_short_numbers_are_not_taken_for_lost_digits(value: object) -> None:
    assert not has_lost_digits(value)


@pytest.mark.parametrize(("typed", "searched"), [
    ("\u200b", ""), ("\u200c\u200d\u2060\ufeff", ""), (" \u3000\u00a0\u200b\t", ""), (None, ""),
    ("张\u200b三", "张三"), ("\ufeff张三\u3000", "张三"), ("广州（天河）\u200b", "广州（天河）"),
    ("Ａnna Smith", "Ａnna Smith"), ("z\u200bs", "zs"),
])
def test_a_search_text_loses_what_cannot_be_seen_and_nothing_else(typed: object, searched: str) -> None:
    """Invisible only is the empty box; full-width brackets and letters stay as typed (labels are stored so)."""
    assert search_text(typed) == searched
    assert search_text(searched) == searched
