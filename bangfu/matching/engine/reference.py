"""Top-k both ways by the plain double loop over the reference filters and score (what tests hold
``MatchIndex`` to, and what the benchmark times against it)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from ..text import TextCorpus
from .districts import DistrictTable
from .filters import exclusions
from .model import DEFAULT_WEIGHTS, Opening, Seeker, Weights
from .scoring import corpus_of, score_pair
from .topk import TopK, empty_top_k


def reference_candidates(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
    corpus: TextCorpus | None = None,
) -> Iterator[tuple[int, int, float]]:
    """Every pair that passes the filters, with its reference score: the plain double loop.

    ``corpus`` defaults to the BM25 corpus of ``openings``.
    """
    corpus = corpus if corpus is not None else corpus_of(openings, weights)
    for i, seeker in enumerate(seekers):
        for j, opening in enumerate(openings):
            if not exclusions(seeker, opening, as_of=as_of, districts=districts):
                yield (
                    i,
                    j,
                    score_pair(seeker, opening, corpus=corpus, weights=weights, districts=districts).total,
                )


def reference_top_k(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    k: int,
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> tuple[TopK, TopK]:
    """Top-k openings per seeker and top-k seekers per opening, by the reference double loop."""
    by_seeker: list[list[tuple[float, int]]] = [[] for _ in seekers]
    by_opening: list[list[tuple[float, int]]] = [[] for _ in openings]
    for i, j, total in reference_candidates(seekers, openings, as_of=as_of, weights=weights, districts=districts):
        by_seeker[i].append((total, j))
        by_opening[j].append((total, i))
    return _rows_to_top_k(by_seeker, k), _rows_to_top_k(by_opening, k)


def _rows_to_top_k(rows: list[list[tuple[float, int]]], k: int) -> TopK:
    result = empty_top_k(len(rows), k)
    for position, row in enumerate(rows):
        row.sort(key=lambda item: (-item[0], item[1]))
        for rank, (total, index) in enumerate(row[:k]):
            result.indices[position, rank] = index
            result.scores[position, rank] = total
    return result
