"""职业分类大典 codes: parsing, the four-level tree, names, and how close two codes are.

A code names a node of the tree: ``"4"`` (大类), ``"4-01"`` (中类), ``"4-01-02"`` (小类) or
``"4-01-02-01"`` (细类). Trailing ``-00`` parts mean "not specified below this level", so
``"4-01-02-00"`` is the 小类 ``"4-01-02"``. A ``00`` inside a code (``"1-01-00-01"``) is kept: the
edition uses it for 细类 directly under a 中类.

Codes changed between editions, so every code travels with its edition, and codes of different
editions are never compared.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_EDITION = "2022"
LEVEL_NAMES = ("大类", "中类", "小类", "细类")
MAX_DEPTH = 4

_CODE_PATTERN = re.compile(r"\d(-\d{2}){0,3}")


@functools.lru_cache(maxsize=1 << 14)
# Cached: 100,000 seekers name a few thousand distinct codes (an error is raised again each time, never cached).
@functools.lru_cache(maxsize=1 << 14)
def normalise_code(text: str) -> str:
    """Return the canonical form of an occupation code (trailing ``-00`` removed).

    Raises ValueError (with a Chinese message, shown to staff by the file interface) when the text
    is not a code.
    """
    code = text.strip()
    if not _CODE_PATTERN.fullmatch(code):
        raise ValueError(f"职业编码格式不正确：{text!r}（应如 4-01-02-01）")
    parts = code.split("-")
    while len(parts) > 1 and parts[-1] == "00":
        parts.pop()
    return "-".join(parts)


def code_depth(code: str) -> int:
    """1 for a 大类 … 4 for a 细类; the code must be canonical."""
    return code.count("-") + 1


def code_prefix(code: str, depth: int) -> str:
    """The ancestor of ``code`` at ``depth`` (1–4), or the code itself when it is shallower."""
    return "-".join(code.split("-")[:depth])


def shared_levels(a: str, b: str) -> int:
    """How many leading levels two canonical codes of one edition have in common (0–4)."""
    shared = 0
    for part_a, part_b in zip(a.split("-"), b.split("-"), strict=False):
        if part_a != part_b:
            break
        shared += 1
    return shared


@dataclass(frozen=True, slots=True)
class OccupationMatch:
    """How an opening's code relates to the closest of a seeker's intended codes.

    ``covered`` is true when the opening's code lies inside an intended node (the intended code is
    an ancestor of, or equal to, the opening's code): the intention is met and the value is 1.
    Otherwise ``value`` comes from the ladder by ``shared`` levels.
    """

    value: float
    shared: int
    covered: bool
    seeker_code: str
    opening_code: str
    editions_differ: bool = False


NO_MATCH = OccupationMatch(0.0, 0, False, "", "")


def match_one(seeker_code: str, opening_code: str, ladder: Sequence[float]) -> OccupationMatch:
    """Similarity of one intended code and an opening's code, both canonical and of one edition.

    ``ladder[n]`` is the value when ``n`` levels are shared and the opening is not covered
    (n = 0..3); coverage is worth 1.
    """
    shared = shared_levels(seeker_code, opening_code)
    covered = shared == code_depth(seeker_code)
    value = 1.0 if covered else ladder[shared]
    return OccupationMatch(value, shared, covered, seeker_code, opening_code)


def best_match(
    seeker_codes: Sequence[str],
    seeker_edition: str,
    opening_code: str,
    opening_edition: str,
    ladder: Sequence[float],
) -> OccupationMatch:
    """The best match over a seeker's intended codes (the first one wins a tie)."""
    if not seeker_codes or not opening_code:
        return NO_MATCH
    if seeker_edition != opening_edition:
        return OccupationMatch(0.0, 0, False, seeker_codes[0], opening_code, editions_differ=True)
    best = NO_MATCH
    for code in seeker_codes:
        candidate = match_one(code, opening_code, ladder)
        if candidate.value > best.value or best is NO_MATCH:
            best = candidate
    return best


def _level_one_hot(
    codes: Sequence[tuple[str, str]], depth: int, prefix_ids: dict[tuple[str, str], int]
) -> sp.csr_matrix:
    """Rows = codes, columns = nodes at ``depth`` (edition included); 1 where the code lies under the node."""
    rows, columns = [], []
    for row, (edition, code) in enumerate(codes):
        if code_depth(code) >= depth:
            rows.append(row)
            columns.append(prefix_ids.setdefault((edition, code_prefix(code, depth)), len(prefix_ids)))
    ones = np.ones(len(rows), dtype=np.int64)
    return sp.csr_matrix((ones, (rows, columns)), shape=(len(codes), max(len(prefix_ids), 1)))


def similarity_table(
    seeker_codes: Sequence[tuple[str, str]],
    opening_codes: Sequence[tuple[str, str]],
    ladder: Sequence[float],
) -> npt.NDArray[np.float64]:
    """``table[s, o]`` = ``match_one`` value of each (edition, code) pair, by sparse products.

    At each tree level both sides are one-hot over that level's nodes (the edition is part of a
    node, so editions never meet); the product of the two is 1 where a pair shares the node. The
    shared depth is the sum over levels, since sharing a level implies sharing every level above.
    """
    shared = np.zeros((len(seeker_codes), len(opening_codes)), dtype=np.int64)
    for depth in range(1, MAX_DEPTH + 1):
        prefix_ids: dict[tuple[str, str], int] = {}
        seekers = _level_one_hot(seeker_codes, depth, prefix_ids)
        openings = _level_one_hot(opening_codes, depth, prefix_ids)
        seekers.resize((len(seeker_codes), max(len(prefix_ids), 1)))
        shared += (seekers @ openings.T).toarray()
    seeker_depth = np.array([code_depth(code) for _, code in seeker_codes], dtype=np.int64)
    covered = shared == seeker_depth[:, None]
    ladder_values = np.asarray([*ladder, 1.0], dtype=np.float64)
    table: npt.NDArray[np.float64] = np.where(covered, 1.0, ladder_values[shared])
    return table


@functools.cache
def _names_2022() -> dict[str, str]:
    names: dict[str, str] = {}
    with (DATA_DIR / "occupations_2022.csv").open(encoding="utf-8") as source:
        for row in csv.DictReader(source):
            names.setdefault(normalise_code(row["code"]), row["name"])
    return names


def occupation_name(code: str, edition: str = DEFAULT_EDITION) -> str | None:
    """The 2022 edition's name of a canonical code; None for other editions or unknown codes."""
    if edition != DEFAULT_EDITION:
        return None
    return _names_2022().get(code)


def userdict_path() -> Path:
    """The jieba user dictionary of occupation names generated from the 2022 edition."""
    return DATA_DIR / "occupation_userdict.txt"
