"""Name keys for search and duplicate checks: full pinyin (`zhangsanfeng`) and initials (`zsf`)."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

_ASCII_LETTERS = re.compile(r"[^a-z]")


def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials), lower-case letters only; a non-Chinese name keeps its own letters."""
    syllables = lazy_pinyin(name.strip(), style=Style.NORMAL, errors="default")
    full = _ASCII_LETTERS.sub("", "".join(syllables).lower())
    initials = _ASCII_LETTERS.sub("", "".join(s[:1] for s in syllables if s.strip()).lower())
    return full[:200], initials[:50]


def looks_like_pinyin(text: str) -> bool:
    """A search for `zsf` or `zhang san` is a pinyin search; anything with a Chinese character is not."""
    return bool(text) and bool(re.fullmatch(r"[A-Za-z ]+", text))


def pinyin_query(text: str) -> str:
    return _ASCII_LETTERS.sub("", text.lower())
