"""Money is integer fen (分). These helpers are the one way to parse and show it."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100
FEN_PER_WAN_YUAN = 1_000_000

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS_SMALL = ["", "拾", "佰", "仟"]
_UNITS_BIG = ["", "万", "亿", "万亿"]


class MoneyError(ValueError):
    """A value that is not an amount of money; the message is Chinese and names what was wrong."""


def parse_yuan(text: str | int | float | Decimal) -> int:
    """Parse an amount in 元 (`12,345.6`, `¥12345.60`, `1.5万`) into fen. More than two decimals is an error."""
    if isinstance(text, int):
        return text * FEN_PER_YUAN
    raw = str(text).strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    raw = raw.removesuffix("元").strip()
    multiplier = Decimal(1)
    if raw.endswith("万"):
        raw, multiplier = raw[:-1], Decimal(10_000)
    if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
        raise MoneyError(f"金额“{text}”格式不正确，应为数字，例如 12,345.60")
    try:
        yuan = Decimal(raw) * multiplier
    except InvalidOperation:
        raise MoneyError(f"金额“{text}”格式不正确") from None
    fen = yuan * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise MoneyError(f"金额“{text}”最多保留两位小数（分）")
    return int(fen)


def format_yuan(fen: int, *, unit: bool = True) -> str:
    """12345 fen → `123.45 元`; thousands separated by commas, always two decimals."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    text = f"{sign}{yuan:,}.{cents:02d}"
    return f"{text} 元" if unit else text


def yuan_decimal(fen: int) -> Decimal:
    """12345 fen → Decimal("123.45"): the exact number a spreadsheet cell gets (never a float)."""
    return Decimal(int(fen)) / FEN_PER_YUAN


def yuan_input(fen: int) -> str:
    """12345 fen → "123.45": a form field's initial value, read back by `parse_yuan`."""
    return f"{yuan_decimal(fen):.2f}"


def format_wan_yuan(fen: int, *, places: int = 2, unit: bool = True) -> str:
    """Reports speak in 万元: 100,000,000 fen → `100.00 万元`. Never 百万."""
    value = (Decimal(fen) / FEN_PER_WAN_YUAN).quantize(Decimal(10) ** -places, rounding=ROUND_HALF_UP)
    text = f"{value:,.{places}f}"
    return f"{text} 万元" if unit else text


# From 10,000 元 on, a summary speaks in 万元 (as the seed and every union report write it); below, in 元.
SUMMARY_WAN_FROM_FEN = 1_000_000


def format_summary_yuan(fen: int) -> str:
    """Money on a summary page: `1,000.00 万元` from 10,000 元 on (either sign), `9,999.50 元` below.
    Ledgers and lists stay exact to the fen (`format_yuan`)."""
    return format_wan_yuan(fen) if abs(fen) >= SUMMARY_WAN_FROM_FEN else format_yuan(fen)


def _four_digits_upper(number: int) -> str:
    out = ""
    zero_pending = False
    for position in range(3, -1, -1):
        digit = number // (10**position) % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        out += _DIGITS[digit] + _UNITS_SMALL[position]
    return out


def format_upper(fen: int) -> str:
    """Amount in capital numerals (大写), as on a receipt: 1234.50 元 → 壹仟贰佰叁拾肆元伍角整."""
    if fen < 0:
        return "负" + format_upper(-fen)
    yuan, cents = divmod(fen, FEN_PER_YUAN)
    jiao, fen_digit = divmod(cents, 10)
    groups: list[int] = []
    while yuan:
        groups.append(yuan % 10_000)
        yuan //= 10_000
    text = ""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            if text and not text.endswith("零"):
                text += "零"
            continue
        if text and group < 1000 and not text.endswith("零"):
            text += "零"
        text += _four_digits_upper(group) + _UNITS_BIG[index]
    text = text.rstrip("零")
    if text:
        text += "元"
    if jiao == 0 and fen_digit == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen_digit:
        text += _DIGITS[fen_digit] + "分"
    else:
        text += "整"
    return text
