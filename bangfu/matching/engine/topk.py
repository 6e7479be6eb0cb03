"""Results: a recommended pair, and top-k tables with the numpy helpers that build and merge them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Recommendation:
    """One recommended pair with its rank (1 = best), score, part values and Chinese reasons."""

    seeker_id: str
    opening_id: str
    rank: int
    score: float
    parts: Mapping[str, float]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class TopK:
    """Top-k per row: ``indices[r, :]`` (−1 where fewer candidates) with ``scores`` (−inf there).

    Rows are sorted by score descending, then by index ascending. When several candidates tie for
    the k-th place, which of them is kept is deterministic for the same input but not specified.
    """

    indices: IntArray
    scores: FloatArray

    def row(self, position: int) -> list[tuple[int, float]]:
        return [
            (int(index), float(score))
            for index, score in zip(self.indices[position], self.scores[position], strict=True)
            if index >= 0
        ]

    def candidate_counts(self) -> IntArray:
        counts: IntArray = (self.indices >= 0).sum(axis=1)
        return counts


def sorted_top_k(indices: IntArray, scores: FloatArray, k: int) -> TopK:
    """Cut rows of candidates to the best k, by score descending then index ascending."""
    scores = np.where(indices >= 0, scores, -np.inf)
    indices = np.where(np.isfinite(scores), indices, -1)
    sentinel = np.iinfo(np.int64).max
    order = np.lexsort((np.where(indices >= 0, indices, sentinel), -scores), axis=-1)[:, :k]
    return TopK(np.take_along_axis(indices, order, axis=1), np.take_along_axis(scores, order, axis=1))


def first_columns(best: TopK, k: int) -> TopK:
    return TopK(best.indices[:, :k].copy(), best.scores[:, :k].copy())


def empty_top_k(rows: int, k: int) -> TopK:
    return TopK(np.full((rows, k), -1, dtype=np.int64), np.full((rows, k), -np.inf))


Picks = tuple[IntArray, IntArray, FloatArray]


def top_per_row(scores: FloatArray, k: int, row_ids: IntArray, column_ids: IntArray) -> Picks:
    """The best ≤ k valid (non-negative) entries of each row, ties going to the lower column.

    Returns (row id, column id, value) in row-major order, translated through ``row_ids`` and
    ``column_ids`` (both ascending). ``np.partition`` finds each row's k-th largest value (several
    times faster than ``argpartition``); the entries at or above it are read with ``np.flatnonzero``,
    whose row-major order lets ties be cut by column without sorting.
    """
    height, width = scores.shape
    if width > k:
        kth = np.partition(scores, width - k, axis=1)[:, width - k]
        np.maximum(kth, 0.0, out=kth)
    else:
        kth = np.zeros(height)
    # flatnonzero + divmod: several times faster than a 2-D np.nonzero, same row-major order.
    rows, columns = np.divmod(np.flatnonzero(scores >= kth[:, None]), width)
    values = scores[rows, columns]
    above = values > kth[rows]
    above_per_row = np.bincount(rows[above], minlength=height)
    tied_rows = rows[~above]
    rank_among_tied = np.arange(len(tied_rows)) - np.searchsorted(tied_rows, tied_rows)
    keep = above.copy()
    keep[~above] = rank_among_tied < k - above_per_row[tied_rows]
    return row_ids[rows[keep]], column_ids[columns[keep]], values[keep]


def merge_picks(best: TopK, picks: Picks, k: int) -> None:
    """Merge picks (≤ k per owner, owners ascending) into the running top k of those owners."""
    owners, others, values = picks
    if not len(values):
        return
    rank = np.arange(len(owners)) - np.searchsorted(owners, owners)
    touched, position = np.unique(owners, return_inverse=True)
    new_scores = np.full((len(touched), k), -np.inf)
    new_indices = np.full((len(touched), k), -1, dtype=np.int64)
    new_scores[position, rank] = values
    new_indices[position, rank] = others
    merged_scores = np.concatenate([best.scores[touched], new_scores], axis=1)
    merged_indices = np.concatenate([best.indices[touched], new_indices], axis=1)
    keep = np.argpartition(merged_scores, k, axis=1)[:, k:]
    best.scores[touched] = np.take_along_axis(merged_scores, keep, axis=1)
    best.indices[touched] = np.take_along_axis(merged_indices, keep, axis=1)
