"""The open openings of one scope, prepared once, scoring any seeker against all of them.

The API's recommendations score one seeker (or one opening's column) per request against every open
opening in the user's scope; ``bangfu.matching.queries.pool_for`` keeps one pool per (scope,
openings version, day) in process memory. The parts are the engine's: the wage part is
``wage_fit_array`` (shared with ``MatchIndex`` and ``PairExplainer``), the reasons are ``score_pair``'s,
and a test holds the pool's scores equal to ``score_pair`` on random instances.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ..occupations import similarity_table
from ..text import token_set
from .districts import DistrictTable, district_closeness
from .filters import opening_is_open
from .model import DEFAULT_WEIGHTS, Opening, Seeker, Weights
from .scoring import ScoreBreakdown, corpus_of, score_pair, wage_fit_array
from .slots import mask_words
from .topk import FloatArray, IntArray


@dataclass
class SeekerBlock:
    """Seekers as arrays over one pool's vocabulary, codes and districts."""

    seekers: list[Seeker]
    features: sp.csr_matrix
    occupation: FloatArray  # (seekers, distinct pool codes + 1): weighted best occupation part
    accepts: npt.NDArray[np.bool_]  # (seekers, pool districts)
    closeness: FloatArray  # (seekers, pool districts)
    within_commute: npt.NDArray[np.bool_]  # (seekers, pool districts)
    free: npt.NDArray[np.uint64]
    floor: FloatArray
    needs: npt.NDArray[np.bool_]
    impossible: npt.NDArray[np.bool_]  # needs an accommodation no opening of the pool offers
    priority: FloatArray


class OpeningPool:
    """The open openings of one scope with everything a row of scores needs, built once."""

    def __init__(
        self,
        openings: Sequence[Opening],
        *,
        as_of: dt.date,
        weights: Weights = DEFAULT_WEIGHTS,
        districts: DistrictTable | None = None,
    ) -> None:
        self.openings = [o for o in openings if opening_is_open(o, as_of)]
        self.position = {opening.id: j for j, opening in enumerate(self.openings)}
        self.as_of, self.weights = as_of, weights
        self.districts = districts or DistrictTable.default()
        self.corpus = corpus_of(self.openings, weights)
        self.vocabulary: dict[tuple[str, str], int] = {}
        self._build_features()
        codes = [(o.edition, o.occupation_code) for o in self.openings]
        self.code_keys = list(dict.fromkeys(code for code in codes if code[1]))
        code_index = {key: c for c, key in enumerate(self.code_keys)}
        self.opening_code = np.array([code_index.get(code, -1) for code in codes], dtype=np.int64)
        self.district_codes = sorted({o.district for o in self.openings})
        district_index = {code: d for d, code in enumerate(self.district_codes)}
        self.opening_district = np.array([district_index[o.district] for o in self.openings], dtype=np.int64)
        self.shift = mask_words([o.shift_slots for o in self.openings])
        self.wage_min = np.array([o.wage_min_fen for o in self.openings], dtype=np.float64)
        self.wage_max = np.array([o.wage_max_fen for o in self.openings], dtype=np.float64)
        self.accommodations = sorted({a for o in self.openings for a in o.accommodations})
        column = {name: a for a, name in enumerate(self.accommodations)}
        self.lacks = np.ones((len(self.openings), len(self.accommodations)), dtype=np.bool_)
        for j, opening in enumerate(self.openings):
            self.lacks[j, [column[a] for a in opening.accommodations]] = False

    def __len__(self) -> int:
        return len(self.openings)

    def _build_features(self) -> None:
        """Tags, description words and title words of every opening, weighted as the engine weighs them."""
        weights, vocabulary = self.weights, self.vocabulary
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for j, opening in enumerate(self.openings):
            entries: list[tuple[tuple[str, str], float]] = []
            # Sets in sorted order: column numbers, and so the order scores are summed in, must not follow
            # Python's per-process string hashing (equal scores would come out unequal in the last bit).
            tags = sorted({tag.casefold() for tag in opening.tags})
            entries += [(("tag", tag), weights.tags / len(tags)) for tag in tags]
            term_weights = self.corpus.document_weights(opening.text)
            own = sum(term_weights.values())
            if own > 0.0:
                entries += [(("word", t), weights.text * w / own) for t, w in term_weights.items()]
            title = sorted(token_set(opening.title))
            entries += [(("word", token), weights.intention / len(title)) for token in title]
            for key, value in entries:
                rows.append(j)
                columns.append(vocabulary.setdefault(key, len(vocabulary)))
                values.append(value)
        shape = (len(self.openings), len(vocabulary))
        self.features = sp.csr_matrix((values, (rows, columns)), shape=shape)  # repeats are summed
        self.features_by_word = self.features.T.tocsr()

    def block(self, seekers: Sequence[Seeker]) -> SeekerBlock:
        """Seekers as arrays relative to this pool."""
        weights, table = self.weights, self.districts
        rows: list[int] = []
        columns: list[int] = []
        for i, seeker in enumerate(seekers):
            keys = [("tag", tag.casefold()) for tag in seeker.tags] + [("word", t) for t in token_set(seeker.text)]
            found = {self.vocabulary[key] for key in keys if key in self.vocabulary}
            rows += [i] * len(found)
            columns += sorted(found)
        features = sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(seekers), len(self.vocabulary)))
        seeker_keys = list(dict.fromkeys((s.occupation_edition, c) for s in seekers for c in s.occupation_codes))
        similarity = np.zeros((len(seeker_keys) + 1, len(self.code_keys) + 1))
        if seeker_keys and self.code_keys:
            ladder = weights.occupation_ladder
            similarity[:-1, :-1] = weights.occupation * similarity_table(seeker_keys, self.code_keys, ladder)
        key_row = {key: r for r, key in enumerate(seeker_keys)}
        occupation = np.zeros((len(seekers), len(self.code_keys) + 1))
        for i, seeker in enumerate(seekers):
            for code in seeker.occupation_codes:
                np.maximum(occupation[i], similarity[key_row[(seeker.occupation_edition, code)]], out=occupation[i])
        shape = (len(seekers), len(self.district_codes))
        accepts, within = np.ones(shape, dtype=np.bool_), np.ones(shape, dtype=np.bool_)
        closeness = np.zeros(shape)
        for i, seeker in enumerate(seekers):
            for d, code in enumerate(self.district_codes):
                accepts[i, d] = not seeker.districts or code in seeker.districts
                closeness[i, d] = district_closeness(seeker.home_district, code, table, weights.distance_half_life_km)
                if seeker.commute_limit_km is not None and seeker.home_district is not None:
                    km = table.distance_km(seeker.home_district, code)
                    within[i, d] = km is not None and km <= seeker.commute_limit_km
        column = {name: a for a, name in enumerate(self.accommodations)}
        needs = np.zeros((len(seekers), len(self.accommodations)), dtype=np.bool_)
        impossible = np.zeros(len(seekers), dtype=np.bool_)
        for i, seeker in enumerate(seekers):
            needs[i, [column[n] for n in seeker.needs if n in column]] = True
            impossible[i] = any(n not in column for n in seeker.needs)
        return SeekerBlock(
            seekers=list(seekers),
            features=features,
            occupation=occupation,
            accepts=accepts,
            closeness=weights.district * closeness,
            within_commute=within,
            free=mask_words([s.free_slots for s in seekers]),
            floor=np.array([s.wage_floor_fen for s in seekers], dtype=np.float64),
            needs=needs,
            impossible=impossible,
            priority=np.array([weights.employment_difficulty_bonus * s.employment_difficulty for s in seekers]),
        )

    def scores(self, block: SeekerBlock, openings: IntArray) -> FloatArray:
        """Scores of the block's seekers × the given openings; −inf where a hard filter excludes the pair."""
        if len(block.seekers) <= len(openings):
            content = (block.features @ self.features_by_word).toarray()[:, openings]
        else:
            content = (block.features @ self.features[openings].T).toarray()
        district = self.opening_district[openings]
        code = self.opening_code[openings]
        floor, wage_min, wage_max = block.floor[:, None], self.wage_min[None, openings], self.wage_max[None, openings]
        fit = wage_fit_array(floor, wage_min, wage_max)
        total = (
            content
            + block.occupation[:, code]
            + block.closeness[:, district]
            + self.weights.wage * fit
            + block.priority[:, None]
        )
        allowed = block.accepts[:, district] & block.within_commute[:, district] & (wage_max >= floor)
        outside = self.shift[None, openings, :] & ~block.free[:, None, :]
        allowed &= ~outside.any(axis=2)
        if block.needs.any():
            allowed &= (block.needs.astype(np.float64) @ self.lacks[openings].T.astype(np.float64)) == 0
        allowed &= ~block.impossible[:, None]
        return np.where(allowed, total, -np.inf)

    def best(self, scores: FloatArray, k: int) -> list[tuple[int, float]]:
        """Top k of one row of scores: score descending, then position ascending (the engine's order).

        Scores are compared to 9 decimals so that sums taken in another order still tie.
        """
        candidates = np.flatnonzero(np.isfinite(scores))
        order = np.lexsort((candidates, -np.round(scores[candidates], 9)))[:k]
        return [(int(candidates[o]), float(scores[candidates[o]])) for o in order]

    def explain(self, seeker: Seeker, opening: Opening) -> ScoreBreakdown:
        return score_pair(seeker, opening, corpus=self.corpus, weights=self.weights, districts=self.districts)
