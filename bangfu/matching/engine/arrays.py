"""The arrays ``MatchIndex`` scores with, built once from the seekers and openings.

Each builder takes the engine's inputs and returns plain numpy / scipy.sparse arrays; the index
keeps them and reads them block by block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ..occupations import similarity_table
from ..text import TextCorpus, token_set
from .districts import DistrictTable, district_closeness
from .model import Opening, Seeker, Weights, fold
from .slots import mask_words
from .topk import BoolArray, FloatArray, IntArray


@dataclass(frozen=True)
class Features:
    """Tags and words as one column space: ``openings`` weighted, ``seekers`` binary."""

    openings: sp.csr_matrix  # openings × features
    seekers: sp.csr_matrix  # seekers × features


@dataclass(frozen=True)
class Occupations:
    table: FloatArray  # weighted occupation part: (seeker code + 1) × (opening code + 1)
    opening_code: IntArray  # opening → its column of ``table``, −1 without a code
    seeker_codes: IntArray  # seeker × slot → row of ``table``, −1 where the slot is empty


@dataclass(frozen=True)
class Areas:
    district_codes: list[str]  # the openings' districts, sorted; a district's index is its position
    opening_district: IntArray  # opening → district index
    district_seekers: list[IntArray]  # district → the seekers who accept it and are within commute
    district_row_constant: list[FloatArray]  # district → those seekers' district + priority parts
    seeker_home: IntArray  # seeker → row of ``home_km``, −1 when home is unknown
    seeker_has_limit: BoolArray  # a commute limit counts only when the home district is known
    seeker_limit: FloatArray  # km, inf without a limit
    home_km: FloatArray  # home × district, NaN where unknown


@dataclass(frozen=True)
class Patterns:
    """Time masks as 3 uint64 words; accommodations as a bool matrix over their vocabulary."""

    free_words: npt.NDArray[np.uint64]  # seekers × words
    shift_words: npt.NDArray[np.uint64]  # openings × words
    needs: BoolArray  # seekers × vocabulary
    offers: BoolArray  # openings × vocabulary


def build_features(
    seekers: Sequence[Seeker],
    openings: Sequence[Opening],
    open_mask: BoolArray,
    corpus: TextCorpus,
    weights: Weights,
) -> Features:
    """``W`` (openings × features, weighted) and ``X`` (seekers × features, binary).

    Features are tags and words; a word column serves both the text part (BM25 share) and the
    intention part (title share), whose weights add up on the opening side. Only open openings get
    entries.
    """
    # Two vocabularies sharing one column space: plain string keys hash faster than tuples.
    tag_columns: dict[str, int] = {}
    word_columns: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []

    def column_of(vocabulary: dict[str, int], key: str) -> int:
        column = vocabulary.get(key)
        if column is None:
            column = vocabulary[key] = len(tag_columns) + len(word_columns)
        return column

    # Sets are read in sorted order and both matrices' rows sorted by column: the order a pair's features are
    # summed in then never follows Python's per-process string hashing. Otherwise two equal scores could differ
    # in the last bit, and their order in the results change from one run of the same files to the next.
    for j in np.flatnonzero(open_mask).tolist():
        opening = openings[j]
        tags = sorted(fold(opening.tags))
        for tag in tags:
            rows.append(j)
            columns.append(column_of(tag_columns, tag))
            values.append(weights.tags / len(tags))
        term_weights = corpus.document_weights(opening.text)
        own_score = sum(term_weights.values())
        if own_score > 0.0:
            for token, weight in term_weights.items():
                rows.append(j)
                columns.append(column_of(word_columns, token))
                values.append(weights.text * weight / own_score)
        title_words = sorted(token_set(opening.title))
        for token in title_words:
            rows.append(j)
            columns.append(column_of(word_columns, token))
            values.append(weights.intention / len(title_words))
    features = len(tag_columns) + len(word_columns)
    # Duplicates (a word in both text and title) are summed by the COO → CSR conversion.
    opening_features = sp.csr_matrix((values, (rows, columns)), shape=(len(openings), features), dtype=np.float64)
    opening_features.sort_indices()

    indptr = [0]
    seeker_columns: list[int] = []
    for seeker in seekers:
        for tag in fold(seeker.tags):
            if tag in tag_columns:
                seeker_columns.append(tag_columns[tag])
        for token in token_set(seeker.text):
            if token in word_columns:
                seeker_columns.append(word_columns[token])
        indptr.append(len(seeker_columns))
    ones = np.ones(len(seeker_columns), dtype=np.float64)
    seeker_features = sp.csr_matrix(
        (ones, np.array(seeker_columns, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(seekers), features),
    )
    seeker_features.sort_indices()
    return Features(openings=opening_features, seekers=seeker_features)


def build_occupations(seekers: Sequence[Seeker], openings: Sequence[Opening], weights: Weights) -> Occupations:
    """The weighted occupation part over distinct (intended code, opening code) pairs."""
    opening_keys: dict[tuple[str, str], int] = {}
    opening_code = np.empty(len(openings), dtype=np.int64)
    for j, opening in enumerate(openings):
        key = (opening.edition, opening.occupation_code)
        opening_code[j] = opening_keys.setdefault(key, len(opening_keys)) if opening.occupation_code else -1
    seeker_keys: dict[tuple[str, str], int] = {}
    widest = max((len(s.occupation_codes) for s in seekers), default=0)
    seeker_codes = np.full((len(seekers), widest), -1, dtype=np.int64)
    for i, seeker in enumerate(seekers):
        for slot, code in enumerate(seeker.occupation_codes):
            key = (seeker.occupation_edition, code)
            seeker_codes[i, slot] = seeker_keys.setdefault(key, len(seeker_keys))
    table = similarity_table(list(seeker_keys), list(opening_keys), weights.occupation_ladder)
    # A zero row for "no code in this slot" and a zero column for "opening without a code",
    # both addressed as index −1, so that missing codes need no branch in the block loop.
    padded = np.zeros((len(seeker_keys) + 1, len(opening_keys) + 1))
    padded[:-1, :-1] = table * weights.occupation
    return Occupations(table=padded, opening_code=opening_code, seeker_codes=seeker_codes)


def build_areas(
    seekers: Sequence[Seeker], openings: Sequence[Opening], table: DistrictTable, weights: Weights
) -> Areas:
    """Which districts each seeker accepts, and the district part for each (seeker, district)."""
    all_districts = sorted({o.district for o in openings})
    district_index = {code: d for d, code in enumerate(all_districts)}
    opening_district = np.array([district_index[o.district] for o in openings], dtype=np.int64)
    homes = sorted({s.home_district for s in seekers if s.home_district is not None})
    home_index = {code: h for h, code in enumerate(homes)}
    # Row −1 (the last) is "home unknown": no distance, closeness 0.
    km = np.full((len(homes) + 1, len(all_districts)), np.nan)
    closeness = np.zeros((len(homes) + 1, len(all_districts)))
    for home, h in home_index.items():
        for code, d in district_index.items():
            distance = table.distance_km(home, code)
            km[h, d] = np.nan if distance is None else distance
            closeness[h, d] = district_closeness(home, code, table, weights.distance_half_life_km)
    seeker_home = np.array([home_index.get(s.home_district or "", -1) for s in seekers], dtype=np.int64)
    # A commute limit counts only when the home district is known.
    has_limit = np.array(
        [s.commute_limit_km is not None and s.home_district is not None for s in seekers],
        dtype=np.bool_,
    )
    limit = np.array([s.commute_limit_km if s.commute_limit_km is not None else np.inf for s in seekers])
    pair_seekers: list[int] = []
    pair_districts: list[int] = []
    everywhere = list(range(len(all_districts)))
    for i, seeker in enumerate(seekers):
        accepted = (
            [district_index[c] for c in seeker.districts if c in district_index] if seeker.districts else everywhere
        )
        pair_seekers.extend([i] * len(accepted))
        pair_districts.extend(accepted)
    seekers_of_pairs = np.array(pair_seekers, dtype=np.int64)
    districts_of_pairs = np.array(pair_districts, dtype=np.int64)
    pair_km = km[seeker_home[seekers_of_pairs], districts_of_pairs]
    # NaN (unknown distance) compares False: excluded, as in the reference filter.
    within = ~has_limit[seekers_of_pairs] | (pair_km <= limit[seekers_of_pairs])
    seekers_of_pairs, districts_of_pairs = seekers_of_pairs[within], districts_of_pairs[within]
    order = np.argsort(districts_of_pairs, kind="stable")
    seekers_of_pairs, districts_of_pairs = seekers_of_pairs[order], districts_of_pairs[order]
    priority = np.array([s.employment_difficulty for s in seekers], dtype=np.float64)
    row_constant = (
        weights.district * closeness[seeker_home[seekers_of_pairs], districts_of_pairs]
        + weights.employment_difficulty_bonus * priority[seekers_of_pairs]
    )
    bounds = np.searchsorted(districts_of_pairs, np.arange(len(all_districts) + 1))
    return Areas(
        district_codes=all_districts,
        opening_district=opening_district,
        district_seekers=[seekers_of_pairs[bounds[d] : bounds[d + 1]] for d in range(len(all_districts))],
        district_row_constant=[row_constant[bounds[d] : bounds[d + 1]] for d in range(len(all_districts))],
        seeker_home=seeker_home,
        seeker_has_limit=has_limit,
        seeker_limit=limit,
        home_km=km,
    )


def build_patterns(seekers: Sequence[Seeker], openings: Sequence[Opening]) -> Patterns:
    """Free time and shifts as mask words; needs and offered accommodations over one vocabulary."""
    vocabulary = sorted({a for o in openings for a in o.accommodations} | {n for s in seekers for n in s.needs})
    column = {name: c for c, name in enumerate(vocabulary)}
    needs = np.zeros((len(seekers), len(vocabulary)), dtype=np.bool_)
    for i, seeker in enumerate(seekers):
        needs[i, [column[n] for n in seeker.needs]] = True
    offers = np.zeros((len(openings), len(vocabulary)), dtype=np.bool_)
    for j, opening in enumerate(openings):
        offers[j, [column[a] for a in opening.accommodations]] = True
    return Patterns(
        free_words=mask_words([s.free_slots for s in seekers]),
        shift_words=mask_words([o.shift_slots for o in openings]),
        needs=needs,
        offers=offers,
    )
