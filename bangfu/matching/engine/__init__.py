"""The person–job matching engine: inputs, hard filters, the reference score, and top-k both ways.

Pure: numpy, scipy.sparse and rjieba; no Django. The services convert models into ``Seeker`` and
``Opening`` and persist what comes back.

Two implementations of one specification:

* ``exclusions`` and ``score_pair`` score one pair in plain Python. They are the specification: easy
  to read, and they produce the Chinese reasons.
* ``MatchIndex`` scores every pair with sparse matrix products, blocked by district and chunked
  over seekers, and keeps the top k both ways. Tests assert that it equals the reference.

Weekly time is a 168-bit int mask: bit ``weekday*24 + hour`` (weekday 0 = 周一, hour 0–23) is the
hour [hour, hour+1) of that weekday.

The modules, from the inputs up (each imports only those above it):

==============  ==================================================================================
``slots``       the weekly time mask
``model``       ``Seeker``, ``Opening``, ``Weights``
``districts``   ``DistrictTable`` (names, centroids, distances), the district part
``filters``     the hard filters with their Chinese reasons (reference)
``scoring``     ``score_pair`` and its parts with their Chinese reasons (reference)
``topk``        ``Recommendation``, ``TopK`` and the numpy helpers that build and merge top-k rows
``reference``   top-k both ways by the plain double loop
``arrays``      the sparse and dense arrays the index is built from
``explainer``   ``PairExplainer``: parts and reasons of many pairs at once, equal to ``score_pair``
``index``       ``MatchIndex``: blocked, vectorised scoring and top-k both ways
``explaining``  what the index says about pairs: reasons, exclusions, why no candidate
``calls``       ``build_index`` and ``recommend_for_*``, the calls the services make
==============  ==================================================================================

Every public name is importable from ``bangfu.matching.engine`` itself.
"""

from .. import explain
from ..occupations import DEFAULT_EDITION, best_match, code_prefix, normalise_code, occupation_name, similarity_table
from ..text import Bm25Params, TextCorpus, shared_tokens_in_order, token_set, tokenize
from .calls import build_index, recommend_for_openings, recommend_for_seekers
from .districts import DATA_DIR, EARTH_RADIUS_KM, District, DistrictTable, district_closeness, haversine_km
from .explainer import Explained, PairExplainer
from .filters import FILTER_NAMES, Exclusion, exclusions, explain_exclusion, opening_is_open
from .index import FILTERED, MatchIndex
from .model import DEFAULT_WEIGHTS, PART_NAMES, Opening, Seeker, Weights
from .reference import reference_candidates, reference_top_k
from .scoring import PartValue, ScoreBreakdown, corpus_of, score_pair, wage_fit
from .slots import (
    ALL_WEEK,
    DAYS_PER_WEEK,
    HOURS_PER_DAY,
    MASK_WORDS,
    SLOTS_PER_WEEK,
    mask_to_slots,
    mask_words,
    slot_bit,
    slot_mask,
    slots_to_mask,
)
from .topk import BoolArray, FloatArray, IntArray, Picks, Recommendation, TopK

# The names of other matching modules that the engine uses are importable from here too, as
# they were when the engine was one module.
__all__ = [
    "ALL_WEEK",
    "DATA_DIR",
    "DAYS_PER_WEEK",
    "DEFAULT_EDITION",
    "DEFAULT_WEIGHTS",
    "EARTH_RADIUS_KM",
    "FILTERED",
    "FILTER_NAMES",
    "HOURS_PER_DAY",
    "MASK_WORDS",
    "PART_NAMES",
    "SLOTS_PER_WEEK",
    "Bm25Params",
    "BoolArray",
    "District",
    "DistrictTable",
    "Exclusion",
    "Explained",
    "FloatArray",
    "IntArray",
    "MatchIndex",
    "Opening",
    "PairExplainer",
    "PartValue",
    "Picks",
    "Recommendation",
    "ScoreBreakdown",
    "Seeker",
    "TextCorpus",
    "TopK",
    "Weights",
    "best_match",
    "build_index",
    "code_prefix",
    "corpus_of",
    "district_closeness",
    "exclusions",
    "explain",
    "explain_exclusion",
    "haversine_km",
    "mask_to_slots",
    "mask_words",
    "normalise_code",
    "occupation_name",
    "opening_is_open",
    "recommend_for_openings",
    "recommend_for_seekers",
    "reference_candidates",
    "reference_top_k",
    "score_pair",
    "shared_tokens_in_order",
    "similarity_table",
    "slot_bit",
    "slot_mask",
    "slots_to_mask",
    "token_set",
    "tokenize",
    "wage_fit",
]
