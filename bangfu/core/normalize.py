"""One normalisation of the values that identify a person, used by every path that takes them.

Form, API, import, search and the blind index all call these functions, so a number typed in full-width
digits on a phone, pasted with a non-breaking space from a web page, or written with a lower-case `x`
is stored — and indexed — exactly as the same number typed plainly. Each function is idempotent
(normalising twice changes nothing more), which the property tests check.

NFKC folds the width variants (`４４０１` → `4401`, `Ｘ` → `X`) and the odd spaces (U+3000 ideographic,
U+00A0 no-break) into their plain forms; what remains is specific to each kind of value.
"""

from __future__ import annotations

import re
import unicodedata

# How long a typed value may be before normalising, on every path (form and API alike): room for the spaces and
# separators people type (`440106 19800515 1230`, `１３８-1234 5678`); the services check the value itself.
ID_INPUT_LENGTH = 40
PHONE_INPUT_LENGTH = 24

# Any run of white space, including what NFKC leaves of ideographic and no-break spaces, and the zero-width
# characters NFKC keeps (they arrive with text copied from web pages and chat messages).
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# Separators people write inside phone numbers: 020-8888 8888, (020)88888888, 138—1234—5678.
# What offices put before a long number to keep Excel from making it a number: ', ‘, ’ or `.
_TEXT_MARKS = "'‘’`"
_PHONE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−()\u200b\ufeff]+")
# The dot between the parts of a transliterated name (买买提·艾力), typed in many look-alikes.
_NAME_DOTS = re.compile(r"[・･•‧∙⋅●\u2022\u30fb\uff65]")
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff·]"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK}) (?={_CJK})")


def _nfkc(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value if value is not None else ""))


def normalize_id_number(value: object) -> str:
    """`４４０１０６ 19800515 123ｘ` → `44010619800515123X`: half-width, no spaces anywhere, upper-case X, and no
    text-marking apostrophe in front (`'4401…`: Excel hides the one typed there, but a sheet filled by pasting
    an export from another system keeps it as a character)."""
    return _SPACES.sub("", _nfkc(value)).lstrip(_TEXT_MARKS).upper()


def normalize_phone(value: object) -> str:
    """`１３８-1234 5678` → `13812345678`: half-width digits, no spaces, dashes or brackets."""
    return _PHONE_SEPARATORS.sub("", _nfkc(value))


def normalize_name(value: object) -> str:
    """`欧阳\u00a0明` → `欧阳明`; `买买提 • 艾力` → `买买提·艾力`; `Anna  Smith` → `Anna Smith`.

    Chinese names carry no spaces, so a space between two Chinese characters is dropped; between letters
    (a name written in Latin script) runs of spaces become one."""
    text = _NAME_DOTS.sub("·", _nfkc(value))
    text = _SPACES.sub(" ", text).strip()
    text = re.sub(r" ?· ?", "·", text)
    return _SPACE_BETWEEN_CJK.sub("", text)


def normalize_label(value: object) -> str:
    """A name staff give a code (字典) or a setting, as typed but without what cannot be seen: zero-width
    characters (`性\u200b别` → `性别`) and spaces at the ends. Not NFKC: full-width punctuation (（）、：) is how
    Chinese is written, and a name is kept exactly as staff wrote it."""
    return _ZERO_WIDTH.sub("", str(value if value is not None else "")).strip()


def search_text(value: object) -> str:
    """What a search box's text is searched as, in every app's list (page and API alike): `normalize_label` — the
    zero-width characters dropped wherever they are (`张\u200b三` → `张三`), white space of any kind (ideographic,
    no-break) taken off the ends. A text of nothing but such characters is therefore "", the empty box: the
    unfiltered list of the user's scope, never a search for something that nothing (or everything) holds.

    The one normalisation right for every field a box searches, names and labels alike: a zero-width character is
    nothing anyone meant to search for, nor a space at the ends. `normalize_name` would do harm here: its NFKC turns
    the full-width brackets of a unit's or a firm's name (（广州）) into ASCII ones that the stored name does not hold,
    and a zero-width character between letters into a space (`z\u200bs` → `z s`, no longer initials or a username).
    The register (people.queries) searches names and their pinyin only, and uses `normalize_name`."""
    return normalize_label(value)
