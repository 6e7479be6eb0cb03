"""The parts and Chinese reasons of many pairs at once, equal to ``score_pair`` pair by pair.

``score_pair`` costs about 75 µs a pair in plain Python; the command explains 1.26 million pairs at
100,000 × 20,000 (top 10 both ways and the plan), which would take a minute and a half. A part's
reason depends on a few values of the pair only, so each part gets an integer key per pair, computed
with numpy, and ``score_pair``'s own part functions are called once per distinct key:

==============  ====================================================================================
occupation      (the seeker's codes and edition, the opening's code and edition)
tags            (the shared folded tags, the opening's tag count, the opening when its tags have case)
text            the shared words in the order the reason lists them (BM25 weight, then the word)
intention       the title words the seeker mentions, in title order
district        (home district, the opening's district)
wage            (wage floor, wage minimum, wage maximum)
priority        employment difficulty
==============  ====================================================================================

Shared sets and ordered lists are keyed by 64-bit hashes of their members (random per member,
multiplied per position for lists); the text part's value is the sparse row sum of the shared words'
BM25 weights over the opening's own score, as ``TextCorpus.coverage`` computes it. A test holds every
part, total and reason equal to ``score_pair`` on random instances.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .. import explain
from ..occupations import similarity_table
from ..text import TextCorpus, token_set, tokenize
from .districts import DistrictTable, district_closeness
from .model import PART_NAMES, Opening, Seeker, Weights, fold
from .scoring import (
    PartValue,
    _district_part,
    _intention_part,
    _occupation_part,
    _priority_part,
    _tags_part,
    _wage_part,
    wage_fit_array,
)
from .topk import FloatArray, IntArray

UIntArray = npt.NDArray[np.uint64]
NO_REASON: Final = -1
_HASH_SEED: Final = 20240305
_MIXERS: Final = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))


@dataclass(frozen=True)
class Explained:
    """Parts (pairs × ``PART_NAMES``), totals, and reasons of a batch of pairs.

    ``texts[reason_ids[p, part]]`` is pair p's reason for that part (−1: none); each distinct
    sentence is made once (a CSV table glues them per pair from these numbers: ``results._quoted_reasons``).
    """

    seekers: IntArray
    openings: IntArray
    parts: FloatArray
    scores: FloatArray
    reason_ids: IntArray
    texts: list[str]

    def __len__(self) -> int:
        return len(self.seekers)

    def reasons(self, position: int) -> tuple[str, ...]:
        return self._sentences(self.reason_ids[position].tolist())

    def part_values(self, position: int) -> dict[str, float]:
        return dict(zip(PART_NAMES, self.parts[position].tolist(), strict=True))

    def all_reasons(self) -> list[tuple[str, ...]]:
        """``reasons`` of every pair: the ids are read out of numpy once, not a row at a time."""
        return [self._sentences(ids) for ids in self.reason_ids.tolist()]

    def all_part_values(self) -> list[dict[str, float]]:
        """``part_values`` of every pair, the same way."""
        return [dict(zip(PART_NAMES, row, strict=True)) for row in self.parts.tolist()]

    def _sentences(self, ids: list[int]) -> tuple[str, ...]:
        return tuple(self.texts[r] for r in ids if r != NO_REASON)


def _intern(keys: Sequence[Hashable | None]) -> IntArray:
    """Each key's number, equal keys equal numbers."""
    numbers: dict[Hashable, int] = {}
    return np.fromiter((numbers.setdefault(key, len(numbers)) for key in keys), dtype=np.int64, count=len(keys))


def _binary_rows(
    rows: Sequence[Sequence[int]], columns: int, data: Sequence[Sequence[float]] | None = None
) -> sp.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(row) for row in rows], out=indptr[1:])
    indices = np.fromiter((c for row in rows for c in row), dtype=np.int64, count=int(indptr[-1]))
    values = (
        np.ones(len(indices))
        if data is None
        else np.fromiter((v for row in data for v in row), dtype=np.float64, count=int(indptr[-1]))
    )
    matrix = sp.csr_matrix((values, indices, indptr), shape=(len(rows), columns))
    matrix.sum_duplicates()
    return matrix


def _shared(left: sp.csr_matrix, right: sp.csr_matrix, seekers: IntArray, openings: IntArray) -> sp.csr_matrix:
    """Row p: the columns both ``left[seekers[p]]`` and ``right[openings[p]]`` have, right's values."""
    product = sp.csr_matrix(left[seekers].multiply(right[openings]))
    product.sort_indices()
    return product


def _row_of_entry(matrix: sp.csr_matrix) -> IntArray:
    return np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))


def _set_hash(matrix: sp.csr_matrix, member_hash: UIntArray) -> UIntArray:
    """A 64-bit hash of each row's set of columns (sum of the members' random numbers, wrapping)."""
    hashes = np.zeros(matrix.shape[0], dtype=np.uint64)
    np.add.at(hashes, _row_of_entry(matrix), member_hash[matrix.indices])
    return hashes


def _ordered(matrix: sp.csr_matrix, order_keys: tuple[npt.NDArray[np.generic], ...]) -> tuple[IntArray, IntArray]:
    """The entries of every row sorted by ``order_keys`` (last key first, as ``np.lexsort``):
    (entry positions in that order, each entry's position within its row)."""
    rows = _row_of_entry(matrix)
    order = np.lexsort((*order_keys, rows))
    positions = np.arange(len(order), dtype=np.int64) - matrix.indptr[rows[order]]
    return order.astype(np.int64), positions


def _mix(hashes: UIntArray, *numbers: IntArray) -> IntArray:
    """One 64-bit key from a hash and small numbers (odd multipliers spread them over the bits)."""
    key = hashes.copy()
    for multiplier, values in zip(_MIXERS, numbers, strict=False):
        key ^= values.astype(np.uint64) * multiplier
    return key.view(np.int64)


def _pack(*columns: IntArray) -> IntArray:
    """One exact key per row of several integer columns: each column's rank, in mixed radix."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        distinct, inverse = np.unique(column, return_inverse=True)
        key = key * len(distinct) + inverse.reshape(-1)
    return key


class PairExplainer:
    """Explains batches of (seeker, opening) pairs of one set of seekers and openings."""

    def __init__(
        self,
        seekers: Sequence[Seeker],
        openings: Sequence[Opening],
        *,
        corpus: TextCorpus,
        weights: Weights,
        districts: DistrictTable,
    ) -> None:
        self.seekers, self.openings = seekers, openings
        self.corpus, self.weights, self.districts = corpus, weights, districts
        rng = np.random.default_rng(_HASH_SEED)
        self._build_occupations()
        self._district_key = (
            _intern([s.home_district for s in seekers]),
            _intern([o.district for o in openings]),
        )
        homes = list(dict.fromkeys(s.home_district for s in seekers))
        places = list(dict.fromkeys(o.district for o in openings))
        half_life = weights.distance_half_life_km
        self._closeness = np.array(
            [[district_closeness(home, place, districts, half_life) for place in places] for home in homes]
        ).reshape(len(homes), len(places))
        self._floor = np.array([s.wage_floor_fen for s in seekers], dtype=np.int64)
        self._wage = np.array([(o.wage_min_fen, o.wage_max_fen) for o in openings], dtype=np.int64).reshape(-1, 2)
        self._priority = np.array([s.employment_difficulty for s in seekers], dtype=np.int64)
        self._build_tags()
        self._build_words()
        self._member_hash = rng.integers(1, 2**63, size=max(self._tag_count, self._word_count) + 1, dtype=np.uint64)
        self._position_hash = rng.integers(1, 2**63, size=64, dtype=np.uint64) | np.uint64(1)

    def _build_occupations(self) -> None:
        """Codes as numbers, and their similarity: the part and its reason come from the closest code."""
        seeker_keys: dict[tuple[str, str], int] = {}
        widest = max((len(s.occupation_codes) for s in self.seekers), default=0)
        self._seeker_codes = np.full((len(self.seekers), max(widest, 1)), -1, dtype=np.int64)
        for i, seeker in enumerate(self.seekers):
            for slot, code in enumerate(seeker.occupation_codes):
                key = (seeker.occupation_edition, code)
                self._seeker_codes[i, slot] = seeker_keys.setdefault(key, len(seeker_keys))
        opening_keys: dict[tuple[str, str], int] = {}
        self._opening_code = np.array(
            [
                opening_keys.setdefault((o.edition, o.occupation_code), len(opening_keys)) if o.occupation_code else -1
                for o in self.openings
            ],
            dtype=np.int64,
        )
        self._opening_code_count = len(opening_keys)
        # Row/column −1 (the last) is "no code": below every real value, so it never wins a slot.
        similarity = np.full((len(seeker_keys) + 1, len(opening_keys) + 1), -1.0)
        similarity[:-1, :-1] = similarity_table(list(seeker_keys), list(opening_keys), self.weights.occupation_ladder)
        self._similarity = similarity

    def _occupation_keys(self, seekers: IntArray, openings: IntArray) -> IntArray:
        """best_match keeps the first of the seeker's codes with the highest value: the pair's key is
        (that code, the opening's code), which decides the part and its reason."""
        codes = self._seeker_codes[seekers]
        values = self._similarity[codes, self._opening_code[openings][:, None]]
        winner = codes[np.arange(len(seekers)), np.argmax(values, axis=1)]
        return (winner + 1) * (self._opening_code_count + 1) + (self._opening_code[openings] + 1)

    def _build_tags(self) -> None:
        columns: dict[str, int] = {}
        opening_rows = [[columns.setdefault(tag, len(columns)) for tag in fold(o.tags)] for o in self.openings]
        seeker_rows = [[columns[tag] for tag in fold(s.tags) if tag in columns] for s in self.seekers]
        self._tag_count = len(columns)
        self._opening_tags = _binary_rows(opening_rows, len(columns))
        self._seeker_tags = _binary_rows(seeker_rows, len(columns))
        self._opening_tag_count = np.diff(self._opening_tags.indptr)
        # Reasons name the opening's tags as written: an opening writing any tag with capitals keys alone.
        self._tag_case = np.array(
            [0 if all(tag == tag.casefold() for tag in o.tags) else j + 1 for j, o in enumerate(self.openings)],
            dtype=np.int64,
        )

    def _build_words(self) -> None:
        columns: dict[str, int] = {}
        text_rows: list[list[int]] = []
        text_weights: list[list[float]] = []
        own: list[float] = []
        title_rows: list[list[int]] = []
        title_first: list[list[float]] = []
        title_size: list[int] = []
        for opening in self.openings:
            weights = self.corpus.document_weights(opening.text)
            text_rows.append([columns.setdefault(token, len(columns)) for token in weights])
            text_weights.append(list(weights.values()))
            own.append(sum(weights.values()))
            first: dict[str, int] = {}
            for position, token in enumerate(tokenize(opening.title)):
                first.setdefault(token, position)
            title_rows.append([columns.setdefault(token, len(columns)) for token in first])
            title_first.append([float(position + 1) for position in first.values()])
            title_size.append(len(token_set(opening.title)))
        seeker_rows = [[columns[t] for t in token_set(s.text) if t in columns] for s in self.seekers]
        self._word_count = len(columns)
        self._words = list(columns)
        # The order TextCorpus.coverage lists shared words in: weight descending, then the word.
        word_rank = np.empty(len(columns), dtype=np.int64)
        word_rank[np.argsort(np.array(self._words, dtype=object), kind="stable")] = np.arange(len(columns))
        self._word_rank = word_rank
        self._text = _binary_rows(text_rows, len(columns), text_weights)
        self._own = np.array(own, dtype=np.float64)
        self._title = _binary_rows(title_rows, len(columns), title_first)
        self._title_size = np.array(title_size, dtype=np.int64)
        self._seeker_words = _binary_rows(seeker_rows, len(columns))

    # -- one part at a time -------------------------------------------------------------------------

    def _by_key(
        self, keys: IntArray, part: Callable[[int], PartValue], reasons: dict[str, int]
    ) -> tuple[FloatArray, IntArray]:
        """Call ``part(pair)`` once per distinct key; spread its value and reason over the pairs."""
        if not len(keys):
            return np.zeros(0), np.zeros(0, dtype=np.int64)
        distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        values = np.empty(len(distinct))
        reason_ids = np.empty(len(distinct), dtype=np.int64)
        for d, pair in enumerate(first.tolist()):
            value, reason = part(pair)
            values[d] = value
            reason_ids[d] = NO_REASON if reason is None else reasons.setdefault(reason, len(reasons))
        inverse = inverse.reshape(-1)
        return values[inverse], reason_ids[inverse]

    def _ordered_lists(
        self, shared: sp.csr_matrix, order_keys: tuple[npt.NDArray[np.generic], ...]
    ) -> tuple[UIntArray, list[int], IntArray]:
        """Hash of each row's columns in the given order; the order; the row starts."""
        order, positions = _ordered(shared, order_keys)
        columns = shared.indices[order]
        hashes = np.zeros(shared.shape[0], dtype=np.uint64)
        spread = self._member_hash[columns] * self._position_hash[np.minimum(positions, 63)]
        np.add.at(hashes, _row_of_entry(shared), spread)
        return hashes, columns.tolist(), shared.indptr

    def parts(self, seekers: IntArray, openings: IntArray) -> tuple[FloatArray, FloatArray]:
        """Part values (pairs × ``PART_NAMES``) and totals, without reasons: numpy only (``--edges``)."""
        n = len(seekers)
        parts = np.zeros((n, len(PART_NAMES)))
        codes = self._seeker_codes[seekers]
        parts[:, 0] = np.maximum(self._similarity[codes, self._opening_code[openings][:, None]].max(axis=1), 0.0)
        shared_tags = np.diff(_shared(self._seeker_tags, self._opening_tags, seekers, openings).indptr)
        tag_count = self._opening_tag_count[openings]
        parts[:, 1] = np.divide(shared_tags, tag_count, out=np.zeros(n), where=tag_count > 0)
        text = _shared(self._seeker_words, self._text, seekers, openings)
        own = self._own[openings]
        parts[:, 2] = np.divide(np.asarray(text.sum(axis=1)).reshape(-1), own, out=np.zeros(n), where=own > 0)
        mentioned = np.diff(_shared(self._seeker_words, self._title, seekers, openings).indptr)
        title_size = self._title_size[openings]
        parts[:, 3] = np.divide(mentioned, title_size, out=np.zeros(n), where=title_size > 0)
        homes, places = self._district_key
        parts[:, 4] = self._closeness[homes[seekers], places[openings]]
        floor = self._floor[seekers].astype(np.float64)
        low, high = self._wage[openings, 0].astype(np.float64), self._wage[openings, 1].astype(np.float64)
        parts[:, 5] = np.where(floor > high, 0.0, wage_fit_array(floor, low, high))
        parts[:, 6] = self._priority[seekers]
        scores = np.zeros(n)
        for p, name in enumerate(PART_NAMES):  # the reference's order of addition
            scores += self.weights.weight_of(name) * parts[:, p]
        return parts, scores

    def explain(self, seekers: IntArray, openings: IntArray) -> Explained:
        """Parts, totals and reasons of the pairs (seekers[p], openings[p])."""
        seekers = np.asarray(seekers, dtype=np.int64)
        openings = np.asarray(openings, dtype=np.int64)
        n = len(seekers)
        all_seekers, all_openings = self.seekers, self.openings
        w, table = self.weights, self.districts
        reasons: dict[str, int] = {}
        parts = np.zeros((n, len(PART_NAMES)))
        reason_ids = np.full((n, len(PART_NAMES)), NO_REASON, dtype=np.int64)

        def pair_of(p: int) -> tuple[Seeker, Opening]:
            return all_seekers[int(seekers[p])], all_openings[int(openings[p])]

        occupation = self._occupation_keys(seekers, openings)
        parts[:, 0], reason_ids[:, 0] = self._by_key(occupation, lambda p: _occupation_part(*pair_of(p), w), reasons)

        tags = _shared(self._seeker_tags, self._opening_tags, seekers, openings)
        tag_key = _mix(_set_hash(tags, self._member_hash), self._opening_tag_count[openings], self._tag_case[openings])
        parts[:, 1], reason_ids[:, 1] = self._by_key(tag_key, lambda p: _tags_part(*pair_of(p)), reasons)

        text = _shared(self._seeker_words, self._text, seekers, openings)
        own = self._own[openings]
        parts[:, 2] = np.divide(np.asarray(text.sum(axis=1)).reshape(-1), own, out=np.zeros(n), where=own > 0)
        word_rank = self._word_rank[text.indices]
        hashes, ordered, starts = self._ordered_lists(text, (word_rank, -text.data))

        def text_reason(p: int) -> PartValue:
            shared = [self._words[c] for c in ordered[starts[p] : starts[p + 1]]]
            return 0.0, explain.reason_text(shared) if shared else None

        _, reason_ids[:, 2] = self._by_key(hashes.view(np.int64), text_reason, reasons)

        title = _shared(self._seeker_words, self._title, seekers, openings)
        hashes, _, _ = self._ordered_lists(title, (title.data,))
        intention_key = _mix(hashes, self._title_size[openings])
        parts[:, 3], reason_ids[:, 3] = self._by_key(intention_key, lambda p: _intention_part(*pair_of(p)), reasons)

        homes, places = self._district_key
        district_key = homes[seekers] * (int(places.max(initial=0)) + 1) + places[openings]
        parts[:, 4], reason_ids[:, 4] = self._by_key(
            district_key, lambda p: _district_part(*pair_of(p), w, table), reasons
        )
        wage_key = _pack(self._floor[seekers], self._wage[openings, 0], self._wage[openings, 1])
        parts[:, 5], reason_ids[:, 5] = self._by_key(wage_key, lambda p: _wage_part(*pair_of(p)), reasons)
        parts[:, 6], reason_ids[:, 6] = self._by_key(
            self._priority[seekers], lambda p: _priority_part(pair_of(p)[0]), reasons
        )

        scores = np.zeros(n)
        for p, name in enumerate(PART_NAMES):  # the reference's order of addition
            scores += w.weight_of(name) * parts[:, p]
        return Explained(seekers, openings, parts, scores, reason_ids, list(reasons))
