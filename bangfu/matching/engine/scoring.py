"""The reference score of one pair: each part's value, its Chinese reason, and the weighted total.

This is the specification the vectorised ``MatchIndex`` must equal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .. import explain
from ..occupations import best_match, code_prefix, occupation_name
from ..text import TextCorpus, shared_tokens_in_order, token_set, tokenize
from .districts import DistrictTable, district_closeness, resolve_table
from .model import DEFAULT_WEIGHTS, PART_NAMES, Opening, Seeker, Weights, fold
from .topk import FloatArray

PartValue = tuple[float, str | None]


def _occupation_part(seeker: Seeker, opening: Opening, weights: Weights) -> PartValue:
    match = best_match(
        seeker.occupation_codes,
        seeker.occupation_edition,
        opening.occupation_code,
        opening.edition,
        weights.occupation_ladder,
    )
    if match.editions_differ:
        return 0.0, explain.reason_editions_differ(seeker.occupation_edition, opening.edition)
    if match.value <= 0.0:
        return 0.0, None
    node = match.seeker_code if match.covered else code_prefix(match.opening_code, match.shared)
    reason = explain.reason_occupation(
        covered=match.covered,
        shared=match.shared,
        seeker_code=match.seeker_code,
        opening_code=match.opening_code,
        node_name=occupation_name(node, opening.edition),
    )
    return match.value, reason


def _tags_part(seeker: Seeker, opening: Opening) -> PartValue:
    if not opening.tags:
        return 0.0, None
    wanted = fold(seeker.tags)
    shared = sorted(tag for tag in opening.tags if tag.casefold() in wanted)
    opening_count = len(fold(opening.tags))
    shared_count = len(fold(shared))
    if not shared_count:
        return 0.0, None
    return shared_count / opening_count, explain.reason_tags(shared, opening_count)


def _text_part(seeker: Seeker, opening: Opening, corpus: TextCorpus) -> PartValue:
    value, shared = corpus.coverage(seeker.text, opening.text)
    if value <= 0.0:
        return 0.0, None
    return value, explain.reason_text(shared)


def _intention_part(seeker: Seeker, opening: Opening) -> PartValue:
    title_words = token_set(opening.title)
    if not title_words:
        return 0.0, None
    mentioned = shared_tokens_in_order(tokenize(opening.title), token_set(seeker.text))
    if not mentioned:
        return 0.0, None
    return len(mentioned) / len(title_words), explain.reason_intention(mentioned)


def _district_part(seeker: Seeker, opening: Opening, weights: Weights, table: DistrictTable) -> PartValue:
    value = district_closeness(seeker.home_district, opening.district, table, weights.distance_half_life_km)
    if seeker.home_district is None:
        return value, None
    km = table.distance_km(seeker.home_district, opening.district)
    if km is None:
        return value, None
    name = table.name(opening.district)
    if km == 0.0:
        return value, explain.reason_same_district(name)
    return value, explain.reason_distance(name, km)


def wage_fit(floor_fen: int, wage_min_fen: int, wage_max_fen: int) -> float:
    """The wage part: 1 when the floor ≤ wage_min, else the share of the range above the floor.

    A floor above wage_max (which the wage filter excludes anyway) gives 0.
    """
    if floor_fen <= wage_min_fen:
        return 1.0
    if floor_fen > wage_max_fen:
        return 0.0
    return (wage_max_fen - floor_fen) / (wage_max_fen - wage_min_fen)


def wage_fit_array(floor: FloatArray, wage_min: FloatArray, wage_max: FloatArray) -> FloatArray:
    """``wage_fit`` over arrays (broadcast): the one vectorised form the index, explainer and pool use.

    Where the floor is above the maximum the value is whatever the formula gives (negative): the
    wage filter excludes those pairs, and callers that keep them clip or mask.
    """
    span = np.where(wage_max > wage_min, wage_max - wage_min, 1.0)
    fit: FloatArray = np.where(floor <= wage_min, 1.0, (wage_max - floor) / span)
    return fit


def _wage_part(seeker: Seeker, opening: Opening) -> PartValue:
    value = wage_fit(seeker.wage_floor_fen, opening.wage_min_fen, opening.wage_max_fen)
    reason = explain.reason_wage_fit(seeker.wage_floor_fen, opening.wage_min_fen, opening.wage_max_fen)
    return value, reason


def _priority_part(seeker: Seeker) -> PartValue:
    if seeker.employment_difficulty:
        return 1.0, explain.reason_priority()
    return 0.0, None


@dataclass(frozen=True)
class ScoreBreakdown:
    """A pair's score: each part's value in [0, 1], its weighted contribution, the total, the reasons."""

    parts: Mapping[str, float]
    contributions: Mapping[str, float]
    total: float
    reasons: tuple[str, ...]


def score_pair(
    seeker: Seeker,
    opening: Opening,
    *,
    corpus: TextCorpus | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    districts: DistrictTable | None = None,
) -> ScoreBreakdown:
    """The reference score of one pair (the specification ``MatchIndex`` must equal).

    ``corpus`` holds the BM25 statistics of the openings the pair is drawn from
    (``corpus_of(openings, weights)``; ``MatchIndex.corpus``); without it, the opening alone is the
    corpus, which ranks its words but does not match the index's idf. Filters are not applied
    here: see ``exclusions``.
    """
    table = resolve_table(districts)
    corpus = corpus if corpus is not None else corpus_of([opening], weights)
    values: dict[str, PartValue] = {
        "occupation": _occupation_part(seeker, opening, weights),
        "tags": _tags_part(seeker, opening),
        "text": _text_part(seeker, opening, corpus),
        "intention": _intention_part(seeker, opening),
        "district": _district_part(seeker, opening, weights, table),
        "wage": _wage_part(seeker, opening),
        "priority": _priority_part(seeker),
    }
    parts = {name: values[name][0] for name in PART_NAMES}
    contributions = {name: weights.weight_of(name) * parts[name] for name in PART_NAMES}
    reasons = tuple(reason for _, reason in (values[name] for name in PART_NAMES) if reason)
    return ScoreBreakdown(parts, contributions, sum(contributions.values()), reasons)


def corpus_of(openings: Sequence[Opening], weights: Weights = DEFAULT_WEIGHTS) -> TextCorpus:
    """The BM25 corpus of a set of openings: every opening given, open or not."""
    return TextCorpus((opening.text for opening in openings), weights.bm25)
