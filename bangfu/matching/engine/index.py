"""``MatchIndex``: every seeker × opening pair scored with sparse products, top k both ways."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Final, TypeVar

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .arrays import build_areas, build_features, build_occupations, build_patterns
from .districts import DistrictTable, resolve_table
from .explainer import Explained, PairExplainer
from .explaining import IndexExplanations
from .filters import opening_is_open
from .model import DEFAULT_WEIGHTS, Opening, Seeker, Weights
from .scoring import corpus_of, wage_fit_array
from .slots import MASK_WORDS
from .topk import (
    BoolArray,
    FloatArray,
    IntArray,
    Picks,
    Recommendation,
    TopK,
    empty_top_k,
    first_columns,
    merge_picks,
    sorted_top_k,
    top_per_row,
)

T = TypeVar("T")

# Added to a pair's score in the block pass for each filter it fails. A real score is never
# negative, so "negative" means "excluded". A finite penalty rather than −inf keeps the excluded
# scores distinct: np.partition slows down badly on a block full of equal values.
FILTERED: Final = -1.0e6
# The assignment's integer gain of a pair is rint(score × SCORE_SCALE) (``assign``).
SCORE_SCALE: Final = 1_000_000
# The top-k pass also counts, per seeker, the pairs scoring at least this (``positive_counts``): the smallest score
# whose integer gain in the assignment is positive (rint takes 0.5 to 0). The plan's reasons for the seekers it
# leaves out need that count, which a second pass over their areas cost (0.4 s of CPU at 100,000 × 20,000). One
# constant for both: the assignment's ``POSITIVE_SCORE`` was a second copy of it.
COUNTED_SCORE: Final = float(np.nextafter(0.5 / SCORE_SCALE, 1.0))


@dataclass(frozen=True)
class _Group:
    """A block of open openings (global indices, ascending) of one district."""

    district: int
    openings: IntArray


@dataclass(frozen=True)
class _Prepared:
    """A group's dense arrays, built while its district is scored and dropped after."""

    openings: IntArray
    feature_map: IntArray  # global feature → row of feature_weights, −1 when unused here
    feature_weights: FloatArray  # used features × openings
    occupation: FloatArray  # weighted occupation part: (seeker code + 1) × openings
    patterns: IntArray  # opening → its distinct (shift, accommodations) pattern
    pattern_words: npt.NDArray[np.uint64]  # pattern → shift mask words
    pattern_lacks: BoolArray  # pattern → accommodations it does not offer
    wage_min: FloatArray
    wage_max: FloatArray


class MatchIndex(IndexExplanations):
    """Every seeker × opening pair scored with sparse products, keeping the top k both ways.

    How the work is cut down:

    * Only open openings (places left, not expired) enter.
    * Blocking by area: openings are grouped by district (groups of at most ``group_size``); a
      seeker enters a district's blocks only if the district is acceptable and within the commute
      limit, so most pairs are never touched.
    * Tags, text and title words are one binary seeker × feature CSR matrix ``X`` and one weighted
      opening × feature matrix ``W``: their three parts of a whole block are one product ``X Wᵀ``.
    * The occupation part is a lookup in a table over distinct (intended code, opening code) pairs
      built from one-hot prefix ids per tree level; schedule and accommodation filters are checked
      once per distinct (shift, accommodations) pattern of a group, then gathered.
    * Seekers are processed in chunks so a block holds about ``block_elements`` scores; each block's
      best k per row and per column are found with ``np.partition`` and merged into running top-k
      arrays.
    * Districts are scored on ``workers`` threads (numpy and scipy release the GIL).
    """

    def __init__(
        self,
        seekers: Sequence[Seeker],
        openings: Sequence[Opening],
        *,
        as_of: date,
        weights: Weights = DEFAULT_WEIGHTS,
        districts: DistrictTable | None = None,
        group_size: int = 2048,
        block_elements: int = 1 << 19,
        workers: int | None = None,
    ) -> None:
        self.seekers = list(seekers)
        self.openings = list(openings)
        self.as_of = as_of
        self.weights = weights
        self.districts = resolve_table(districts)
        self.group_size = group_size
        self.block_elements = block_elements
        self.workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self.corpus = corpus_of(self.openings, weights)
        self.open_mask = np.array([opening_is_open(o, as_of) for o in self.openings], dtype=np.bool_)
        self._expired = np.array(
            [o.valid_until is not None and o.valid_until < as_of for o in self.openings], dtype=np.bool_
        )
        self._full = np.array([o.openings_left <= 0 for o in self.openings], dtype=np.bool_)
        self._features = build_features(self.seekers, self.openings, self.open_mask, self.corpus, weights)
        self._occupations = build_occupations(self.seekers, self.openings, weights)
        self._areas = build_areas(self.seekers, self.openings, self.districts, weights)
        self._patterns = build_patterns(self.seekers, self.openings)
        self._floor = np.array([s.wage_floor_fen for s in self.seekers], dtype=np.int64)
        self._wage_min = np.array([o.wage_min_fen for o in self.openings], dtype=np.int64)
        self._wage_max = np.array([o.wage_max_fen for o in self.openings], dtype=np.int64)
        self._groups = self._make_groups()
        self._cache: dict[int, tuple[TopK, TopK]] = {}
        self._counted: IntArray | None = None  # per seeker: pairs scoring ≥ COUNTED_SCORE (by the top-k pass)
        self._explainer: PairExplainer | None = None

    # -- building -----------------------------------------------------------------------------

    def _make_groups(self) -> list[_Group]:
        groups: list[_Group] = []
        open_indices = np.flatnonzero(self.open_mask)
        district_of = self._areas.opening_district
        by_district = open_indices[np.argsort(district_of[open_indices], kind="stable")]
        district_count = len(self._areas.district_codes)
        bounds = np.searchsorted(district_of[by_district], np.arange(district_count + 1))
        for d in range(district_count):
            members = by_district[bounds[d] : bounds[d + 1]]
            for start in range(0, len(members), self.group_size):
                groups.append(_Group(district=d, openings=members[start : start + self.group_size]))
        return groups

    def _prepare(self, group: _Group) -> _Prepared:
        members = group.openings
        block = self._features.openings[members]
        used = np.unique(block.indices)
        feature_map = np.full(self._features.openings.shape[1], -1, dtype=np.int64)
        feature_map[used] = np.arange(len(used))
        shift = self._patterns.shift_words[members]
        offers = self._patterns.offers[members]
        keys = np.concatenate([shift.view(np.int64), offers.astype(np.int64)], axis=1)
        unique_keys, inverse = np.unique(keys, axis=0, return_inverse=True)
        return _Prepared(
            openings=members,
            feature_map=feature_map,
            feature_weights=np.ascontiguousarray(block[:, used].T.toarray()),
            occupation=np.ascontiguousarray(self._occupations.table[:, self._occupations.opening_code[members]]),
            patterns=inverse.reshape(-1).astype(np.int64),
            pattern_words=np.ascontiguousarray(unique_keys[:, :MASK_WORDS]).view(np.uint64),
            pattern_lacks=~unique_keys[:, MASK_WORDS:].astype(np.bool_),
            wage_min=self._wage_min[members].astype(np.float64),
            wage_max=self._wage_max[members].astype(np.float64),
        )

    # -- scoring a block ------------------------------------------------------------------------

    def _block_scores(
        self, group: _Prepared, rows: IntArray, chunk: sp.csr_matrix, row_constant: FloatArray
    ) -> FloatArray:
        """Scores of seekers ``rows`` × the group's openings; negative where a filter fails."""
        scores = self._content(group, chunk)
        scores += self._occupation_block(group, rows)
        scores += self._wage_block(group, rows)
        scores += self._pattern_penalty(group, rows)
        scores += row_constant[:, None]
        return scores

    @staticmethod
    def _content(group: _Prepared, chunk: sp.csr_matrix) -> FloatArray:
        """Tags + text + title words: one sparse × dense product over the group's features."""
        local = group.feature_map[chunk.indices]
        keep = local >= 0
        row_of_entry = np.repeat(np.arange(chunk.shape[0]), np.diff(chunk.indptr))
        indptr = np.zeros(chunk.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of_entry[keep], minlength=chunk.shape[0]), out=indptr[1:])
        shape = (chunk.shape[0], group.feature_weights.shape[0])
        compact = sp.csr_matrix((chunk.data[keep], local[keep], indptr), shape=shape)
        product: FloatArray = np.asarray(compact @ group.feature_weights)
        return product

    def _occupation_block(self, group: _Prepared, rows: IntArray) -> FloatArray:
        codes = self._occupations.seeker_codes[rows]
        if codes.shape[1] == 0:
            return np.zeros((len(rows), len(group.openings)))
        best = group.occupation[codes[:, 0]]
        for slot in range(1, codes.shape[1]):
            np.maximum(best, group.occupation[codes[:, slot]], out=best)
        return best

    def _wage_block(self, group: _Prepared, rows: IntArray) -> FloatArray:
        """Weighted wage part (``FILTERED`` added below the floor), once per distinct floor in the chunk."""
        floors, inverse = np.unique(self._floor[rows], return_inverse=True)
        floor = floors.astype(np.float64)[:, None]
        wage_min, wage_max = group.wage_min[None, :], group.wage_max[None, :]
        fit = wage_fit_array(floor, wage_min, wage_max)
        table = np.where(wage_max >= floor, self.weights.wage * fit, self.weights.wage * fit + FILTERED)
        block: FloatArray = table[inverse.reshape(-1)]
        return block

    def _pattern_penalty(self, group: _Prepared, rows: IntArray) -> FloatArray:
        """0 where the shift lies in free time and every need is offered, else ``FILTERED``."""
        free = self._patterns.free_words[rows]
        fits = np.ones((len(rows), len(group.pattern_words)), dtype=np.bool_)
        for word in range(MASK_WORDS):
            outside = group.pattern_words[None, :, word] & ~free[:, None, word]
            fits &= outside == 0
        needs = self._patterns.needs[rows]
        if needs.any():
            lacking = needs.astype(np.float64) @ group.pattern_lacks.T.astype(np.float64)
            fits &= lacking == 0
        penalty = np.where(fits, 0.0, FILTERED)
        return penalty[:, group.patterns]

    # -- top k --------------------------------------------------------------------------------

    def top_k(self, k: int) -> tuple[TopK, TopK]:
        """(top-k openings per seeker, top-k seekers per opening), computed in one pass and cached."""
        if k < 1:
            raise ValueError("k 必须是正整数")
        if k not in self._cache:
            # A longer sorted list cut short is the shorter one: no second pass.
            longer = min((cached for cached in self._cache if cached > k), default=None)
            if longer is None:
                self._cache[k] = self.compute_top_k(k)
            else:
                by_seeker, by_opening = self._cache[longer]
                self._cache[k] = (first_columns(by_seeker, k), first_columns(by_opening, k))
        return self._cache[k]

    def top_openings(self, k: int) -> TopK:
        return self.top_k(k)[0]

    def top_seekers(self, k: int) -> TopK:
        return self.top_k(k)[1]

    def compute_top_k(self, k: int) -> tuple[TopK, TopK]:
        """``top_k`` without the cache: one full blocked pass."""
        seeker_best = empty_top_k(len(self.seekers), k)
        opening_best = empty_top_k(len(self.openings), k)
        groups_by_district = self._groups_by_district()
        districts = list(groups_by_district)

        def score(district: int) -> list[tuple[Picks, IntArray, IntArray]]:
            return self._score_district(district, groups_by_district[district], k, opening_best)

        if self.workers > 1 and len(districts) > 1:
            # numpy and scipy release the GIL in the heavy loops, so threads use both cores. Each
            # district owns its openings; seekers are shared, so their picks are merged below, in
            # district order, which keeps the result independent of thread timing.
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                picks_by_district = list(pool.map(score, districts))
        else:
            picks_by_district = [score(district) for district in districts]
        counted = np.zeros(len(self.seekers), dtype=np.int64)
        for picks_of_district in picks_by_district:
            for picks, rows, counts in picks_of_district:
                merge_picks(seeker_best, picks, k)
                counted[rows] += counts  # a block's rows are distinct
        self._counted = counted
        return (
            sorted_top_k(seeker_best.indices, seeker_best.scores, k),
            sorted_top_k(opening_best.indices, opening_best.scores, k),
        )

    def _score_district(
        self, district: int, groups: list[_Group], k: int, opening_best: TopK
    ) -> list[tuple[Picks, IntArray, IntArray]]:
        """Score one district's blocks: merge the openings' top k, return the seekers' picks, and each block's rows
        with how many of their pairs score at least ``COUNTED_SCORE`` (filtered pairs score below 0)."""
        seeker_picks: list[tuple[Picks, IntArray, IntArray]] = []
        for rows, group, scores in self._district_blocks(district, groups, k):
            counts = np.count_nonzero(scores >= COUNTED_SCORE, axis=1).astype(np.int64)
            seeker_picks.append((top_per_row(scores, k, rows, group.openings), rows, counts))
            # Columns via a transposed copy: partitioning along axis 0 is strided and slow.
            merge_picks(opening_best, top_per_row(np.ascontiguousarray(scores.T), k, group.openings, rows), k)
        return seeker_picks

    def _district_blocks(
        self,
        district: int,
        groups: list[_Group],
        min_rows: int,
        only: BoolArray | None = None,
        above: tuple[FloatArray, FloatArray] | None = None,
    ) -> Iterator[tuple[IntArray, _Prepared, FloatArray]]:
        """(seeker rows, group, block scores) for every block of one district (of the seekers ``only``
        marks, when given; with ``above``, of the seekers that may have a pair above it)."""
        seekers = self._areas.district_seekers[district]
        row_constants = self._areas.district_row_constant[district]
        if only is not None:
            keep = only[seekers]
            seekers, row_constants = seekers[keep], row_constants[keep]
        if not len(seekers):
            return
        prepared = [self._prepare(group) for group in groups]
        widest = max(len(group.openings) for group in groups)
        chunk_size = max(min_rows, self.block_elements // max(widest, 1))
        for start in range(0, len(seekers), chunk_size):
            rows = seekers[start : start + chunk_size]
            chunk = self._features.seekers[rows]
            for group in prepared:
                constant = row_constants[start : start + chunk_size]
                if above is None:
                    yield rows, group, self._block_scores(group, rows, chunk, constant)
                    continue
                screened = self._screened_block(group, rows, chunk, constant, above)
                if screened is not None:
                    yield screened[0], group, screened[1]

    def _screened_block(
        self,
        group: _Prepared,
        rows: IntArray,
        chunk: sp.csr_matrix,
        row_constant: FloatArray,
        above: tuple[FloatArray, FloatArray],
    ) -> tuple[IntArray, FloatArray] | None:
        """The block's scores for only the seekers that have a pair which passes the filters and
        could score above ``a[seeker] + b[opening]``: the cheap parts (filters, wage, district,
        priority) first, with the text and occupation parts at their highest; then the costly
        parts for the rows left. None when no row is left."""
        wage, penalty = self._wage_block(group, rows), self._pattern_penalty(group, rows)
        cheap = wage + penalty
        cheap += row_constant[:, None]
        weights = self.weights
        # Each of these parts is at most 1 times its weight; the margin covers rounding.
        ceiling = weights.occupation + weights.tags + weights.text + weights.intention + 1e-9
        threshold = above[0][rows][:, None] + above[1][group.openings][None, :]
        hopeful = (cheap >= 0.0) & (cheap + ceiling > threshold)
        live = np.flatnonzero(hopeful.any(axis=1))
        if not len(live):
            return None
        # The same sums in the same order as ``_block_scores``: equal scores to the last bit.
        scores = self._content(group, chunk[live])
        scores += self._occupation_block(group, rows[live])
        scores += wage[live]
        scores += penalty[live]
        scores += row_constant[live, None]
        return rows[live], scores

    def candidate_pairs(
        self,
        only: BoolArray | None = None,
        above: tuple[FloatArray, FloatArray] | None = None,
        only_openings: BoolArray | None = None,
    ) -> Iterator[Picks]:
        """Every pair that passes the filters, block by block: (seeker indices, opening indices, scores).

        ``only`` keeps the seekers it marks, ``only_openings`` the openings (the others are never
        scored); ``above = (a, b)`` keeps the pairs scoring more than ``a[seeker] + b[opening]``,
        chosen inside the block so that the rest are never materialised.
        """
        for district, groups in self._groups_by_district(only_openings).items():
            yield from self._district_candidates(district, groups, only, above)

    def map_districts(
        self,
        work: Callable[[Iterator[Picks]], T],
        only: BoolArray | None = None,
        above: tuple[FloatArray, FloatArray] | None = None,
        only_openings: BoolArray | None = None,
    ) -> list[T]:
        """``work`` of each district's ``candidate_pairs``, in district order, the districts on ``workers``
        threads as in the top-k pass: for a pass whose work keeps little of each district (the plan's scan
        of left-out pairs), not for one that keeps every pair (``--edges`` streams them instead)."""
        groups_by_district = self._groups_by_district(only_openings)

        def of_district(district: int) -> T:
            return work(self._district_candidates(district, groups_by_district[district], only, above))

        if self.workers > 1 and len(groups_by_district) > 1:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                return list(pool.map(of_district, groups_by_district))
        return [of_district(district) for district in groups_by_district]

    def _district_candidates(
        self,
        district: int,
        groups: list[_Group],
        only: BoolArray | None,
        above: tuple[FloatArray, FloatArray] | None,
    ) -> Iterator[Picks]:
        for rows, prepared, scores in self._district_blocks(district, groups, 1, only, above):
            keep = scores >= 0.0
            if above is not None:
                keep &= scores > above[0][rows][:, None] + above[1][prepared.openings][None, :]
            local_rows, local_columns = np.divmod(np.flatnonzero(keep), scores.shape[1])
            yield rows[local_rows], prepared.openings[local_columns], scores[local_rows, local_columns]

    def positive_counts(self, only: BoolArray, at_least: float) -> IntArray:
        """``positive_pair_counts``, read off the top-k pass when it counted them (``at_least`` is ``COUNTED_SCORE``):
        the same scores of the same pairs, so the same counts, without a second pass."""
        if self._counted is None or at_least != COUNTED_SCORE:
            return self.positive_pair_counts(only, at_least)
        return self._counted.copy()

    def positive_pair_counts(self, only: BoolArray, at_least: float) -> IntArray:
        """For the seekers ``only`` marks: how many openings pass the filters with a score ≥
        ``at_least`` (a small positive number). The cheap parts decide most pairs; the text and
        occupation parts are scored only for the rows with a feasible pair below ``at_least``."""
        counts = np.zeros(len(self.seekers), dtype=np.int64)
        for district, groups in self._groups_by_district().items():
            seekers = self._areas.district_seekers[district]
            row_constants = self._areas.district_row_constant[district]
            keep = only[seekers]
            seekers, row_constants = seekers[keep], row_constants[keep]
            chunk_size = max(1, self.block_elements // max(max(len(g.openings) for g in groups), 1))
            for group in (self._prepare(g) for g in groups):
                for start in range(0, len(seekers), chunk_size):
                    rows, constant = seekers[start : start + chunk_size], row_constants[start : start + chunk_size]
                    cheap = self._wage_block(group, rows) + self._pattern_penalty(group, rows) + constant[:, None]
                    counts[rows] += (cheap >= at_least).sum(axis=1)
                    unsure = np.flatnonzero(((cheap >= 0.0) & (cheap < at_least)).any(axis=1))
                    if len(unsure):
                        chunk = self._features.seekers[rows[unsure]]
                        scores = self._block_scores(group, rows[unsure], chunk, constant[unsure])
                        counts[rows[unsure]] += ((scores >= at_least) & (cheap[unsure] < at_least)).sum(axis=1)
        return counts

    def _groups_by_district(self, only_openings: BoolArray | None = None) -> dict[int, list[_Group]]:
        by_district: dict[int, list[_Group]] = {}
        for group in self._groups:
            if only_openings is not None:
                group = _Group(group.district, group.openings[only_openings[group.openings]])
                if not len(group.openings):
                    continue
            by_district.setdefault(group.district, []).append(group)
        return dict(sorted(by_district.items()))

    def district_members(self) -> Iterator[tuple[IntArray, IntArray]]:
        """(seekers who enter the district's blocks, its open openings) for each district."""
        for district, groups in self._groups_by_district().items():
            openings = np.concatenate([group.openings for group in groups])
            yield self._areas.district_seekers[district], openings

    def blocked_pair_count(self) -> int:
        """How many pairs the blocked pass scores (the rest are cut by area, validity or capacity)."""
        sizes = Counter({g.district: 0 for g in self._groups})
        for group in self._groups:
            sizes[group.district] += len(group.openings)
        return sum(len(self._areas.district_seekers[d]) * size for d, size in sizes.items())

    # -- recommendations with reasons -----------------------------------------------------------

    def recommend_for_seekers(self, k: int = 10) -> list[list[Recommendation]]:
        """For each seeker (in input order), up to k openings, best first, with reasons."""
        best = self.top_openings(k)
        rows, ranks = np.nonzero(best.indices >= 0)
        explained = self.explainer.explain(rows.astype(np.int64), best.indices[rows, ranks])
        return self._recommendations(explained, rows, ranks, len(self.seekers))

    def recommend_for_openings(self, k: int = 10) -> list[list[Recommendation]]:
        """For each opening (in input order), up to k seekers, best first, with reasons."""
        best = self.top_seekers(k)
        rows, ranks = np.nonzero(best.indices >= 0)
        explained = self.explainer.explain(best.indices[rows, ranks], rows.astype(np.int64))
        return self._recommendations(explained, rows, ranks, len(self.openings))

    def _recommendations(
        self, explained: Explained, rows: IntArray, ranks: IntArray, row_count: int
    ) -> list[list[Recommendation]]:
        result: list[list[Recommendation]] = [[] for _ in range(row_count)]
        for p, (row, rank) in enumerate(zip(rows.tolist(), ranks.tolist(), strict=True)):
            seeker, opening = self.seekers[int(explained.seekers[p])], self.openings[int(explained.openings[p])]
            parts = explained.part_values(p)
            recommendation = Recommendation(
                seeker.id, opening.id, rank + 1, float(explained.scores[p]), parts, explained.reasons(p)
            )
            result[row].append(recommendation)
        return result
