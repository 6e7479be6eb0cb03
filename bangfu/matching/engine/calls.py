"""The calls the services make: build the index once, or ask for recommendations directly."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .districts import DistrictTable
from .index import MatchIndex
from .model import DEFAULT_WEIGHTS, Opening, Seeker, Weights
from .topk import Recommendation


def build_index(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> MatchIndex:
    """Tokenise and index once; then ask it for top-k both ways and for the assignment."""
    return MatchIndex(seekers, openings, as_of=as_of, weights=weights, districts=districts)


def recommend_for_seekers(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    k: int = 10,
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> list[list[Recommendation]]:
    """For each seeker, up to k openings that pass every filter, best first, with Chinese reasons."""
    return build_index(seekers, openings, as_of=as_of, weights=weights, districts=districts).recommend_for_seekers(k)


def recommend_for_openings(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    k: int = 10,
    *,
    as_of: date,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> list[list[Recommendation]]:
    """For each opening, up to k seekers that pass every filter, best first, with Chinese reasons."""
    return build_index(seekers, openings, as_of=as_of, weights=weights, districts=districts).recommend_for_openings(k)
