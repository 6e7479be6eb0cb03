"""How the bulletin words a share, the way the Workers' Daily does ("近4成", "3成多", "逾4成", "15%", "近四分之一").

The rules are this one table. A share p is households with the feature ÷ households in file, in percent,
compared exactly (fractions, no rounding before the comparison). Each band is `[low, high)` — `low`
included, `high` excluded — except the single points (`low == high`), which hold only for exactly that
value. Bands are tried in order; the first that holds decides.

"成" is a tenth. Within each tenth above 2成: just under the next round tenth (the upper half) is 近
("nearly"), exactly on it is the round number, a little over (first quarter) is 逾 ("over"), the second
quarter is …多 ("…-odd"). Around 25 % the quarter words are used instead. Small shares (under 17.5 %) are
stated as a percentage, rounded half up to a whole percent (the seed's "15%"); so are shares of 95 % or
more, as "95%以上".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

EXACT_PERCENT = "{percent}%"  # replaced by the share, rounded half up to a whole percent


@dataclass(frozen=True)
class Band:
    low: Fraction  # percent
    high: Fraction  # percent; equal to `low` for a single point
    phrase: str
    meaning: str

    def holds(self, percent: Fraction) -> bool:
        if self.low == self.high:
            return percent == self.low
        return self.low <= percent < self.high


def _f(text: str) -> Fraction:
    return Fraction(text)


BANDS: tuple[Band, ...] = (
    Band(_f("0"), _f("0"), "无", "none"),
    Band(_f("0"), _f("1"), "不足1%", "under one percent"),
    Band(_f("1"), _f("17.5"), EXACT_PERCENT, "stated as a whole percent (e.g. 15%)"),
    Band(_f("17.5"), _f("20"), "近2成", "a little under 20 %"),
    Band(_f("20"), _f("20"), "2成", "exactly 20 %"),
    Band(_f("20"), _f("22.5"), "逾2成", "a little over 20 %"),
    Band(_f("22.5"), _f("25"), "近四分之一", "a little under a quarter"),
    Band(_f("25"), _f("25"), "四分之一", "exactly a quarter"),
    Band(_f("25"), _f("27.5"), "逾四分之一", "a little over a quarter"),
    Band(_f("27.5"), _f("30"), "近3成", "a little under 30 %"),
    Band(_f("30"), _f("30"), "3成", "exactly 30 %"),
    Band(_f("30"), _f("32.5"), "逾3成", "a little over 30 %"),
    Band(_f("32.5"), _f("35"), "3成多", "30-odd percent"),
    Band(_f("35"), _f("40"), "近4成", "a little under 40 %"),
    Band(_f("40"), _f("40"), "4成", "exactly 40 %"),
    Band(_f("40"), _f("42.5"), "逾4成", "a little over 40 %"),
    Band(_f("42.5"), _f("45"), "4成多", "40-odd percent"),
    Band(_f("45"), _f("50"), "近5成", "a little under half"),
    Band(_f("50"), _f("50"), "半数", "exactly half"),
    Band(_f("50"), _f("52.5"), "逾5成", "a little over half"),
    Band(_f("52.5"), _f("55"), "5成多", "50-odd percent"),
    Band(_f("55"), _f("60"), "近6成", "a little under 60 %"),
    Band(_f("60"), _f("60"), "6成", "exactly 60 %"),
    Band(_f("60"), _f("62.5"), "逾6成", "a little over 60 %"),
    Band(_f("62.5"), _f("65"), "6成多", "60-odd percent"),
    Band(_f("65"), _f("70"), "近7成", "a little under 70 %"),
    Band(_f("70"), _f("70"), "7成", "exactly 70 %"),
    Band(_f("70"), _f("72.5"), "逾7成", "a little over 70 %"),
    Band(_f("72.5"), _f("75"), "7成多", "70-odd percent"),
    Band(_f("75"), _f("80"), "近8成", "a little under 80 %"),
    Band(_f("80"), _f("80"), "8成", "exactly 80 %"),
    Band(_f("80"), _f("82.5"), "逾8成", "a little over 80 %"),
    Band(_f("82.5"), _f("85"), "8成多", "80-odd percent"),
    Band(_f("85"), _f("90"), "近9成", "a little under 90 %"),
    Band(_f("90"), _f("90"), "9成", "exactly 90 %"),
    Band(_f("90"), _f("92.5"), "逾9成", "a little over 90 %"),
    Band(_f("92.5"), _f("95"), "9成多", "90-odd percent"),
    Band(_f("95"), _f("100"), "95%以上", "95 % or more, not all"),
    Band(_f("100"), _f("100"), "全部", "all"),
)


def percent_of(part: int, whole: int) -> Fraction:
    if whole <= 0 or part < 0 or part > whole:
        raise ValueError("a share needs 0 ≤ part ≤ whole and whole > 0")
    return Fraction(part * 100, whole)


def whole_percent(percent: Fraction) -> int:
    """Rounded half up (15.5 % → 16 %), as a newspaper does — not Python's round-half-even."""
    exact = Decimal(percent.numerator) / Decimal(percent.denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def band_for(percent: Fraction) -> Band:
    for band in BANDS:
        if band.holds(percent):
            return band
    raise ValueError(f"no band holds {percent}")


def share_phrase(part: int, whole: int) -> str:
    """The bulletin's words for `part` of `whole`: share_phrase(38, 100) == "近4成"."""
    percent = percent_of(part, whole)
    band = band_for(percent)
    if band.phrase == EXACT_PERCENT:
        return EXACT_PERCENT.format(percent=whole_percent(percent))
    return band.phrase


def is_percent_like(phrase: str) -> bool:
    """A percentage or a fraction takes 的 before its noun (15%的家庭, 近四分之一的家庭); 成 does not (近4成家庭)."""
    return phrase.endswith(("%", "%以上", "分之一"))
