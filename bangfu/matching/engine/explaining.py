"""What ``MatchIndex`` says about pairs: parts and reasons, why a pair is excluded, why a seeker has
no candidate, why an opening takes no one. Kept apart from the scoring: it reads the index's arrays
and records, never its blocks."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import numpy as np

from .. import explain
from ..text import TextCorpus
from .arrays import Areas, Patterns
from .districts import DistrictTable
from .explainer import Explained, PairExplainer
from .filters import FILTER_NAMES, explain_exclusion
from .model import Opening, Seeker, Weights
from .scoring import score_pair
from .topk import BoolArray, IntArray, Recommendation


class IndexExplanations:
    """The explaining half of ``MatchIndex`` (which sets every attribute declared here)."""

    seekers: list[Seeker]
    openings: list[Opening]
    as_of: date
    weights: Weights
    districts: DistrictTable
    corpus: TextCorpus
    _areas: Areas
    _patterns: Patterns
    _expired: BoolArray
    _full: BoolArray
    _floor: IntArray
    _wage_max: IntArray
    _explainer: PairExplainer | None

    def explain(self, seeker_index: int, opening_index: int, rank: int = 0) -> Recommendation:
        """The reference breakdown and reasons of one pair."""
        seeker, opening = self.seekers[seeker_index], self.openings[opening_index]
        breakdown = score_pair(seeker, opening, corpus=self.corpus, weights=self.weights, districts=self.districts)
        return Recommendation(seeker.id, opening.id, rank, breakdown.total, breakdown.parts, breakdown.reasons)

    @property
    def explainer(self) -> PairExplainer:
        """Parts and reasons of many pairs at once (equal to ``explain`` pair by pair), built on first use."""
        if self._explainer is None:
            self._explainer = PairExplainer(
                self.seekers, self.openings, corpus=self.corpus, weights=self.weights, districts=self.districts
            )
        return self._explainer

    def explain_pairs(self, seekers: IntArray, openings: IntArray) -> Explained:
        """``explainer.explain`` of some pairs. When they involve few of the seekers (a run's plan: a
        third of them) and no explainer is built yet, one is built over those seekers only: its set-up
        reads every seeker's tags and words, which costs more than explaining the pairs."""
        involved = np.unique(seekers)
        if self._explainer is not None or 2 * len(involved) > len(self.seekers):
            return self.explainer.explain(seekers, openings)
        subset = PairExplainer(
            [self.seekers[i] for i in involved.tolist()],
            self.openings,
            corpus=self.corpus,
            weights=self.weights,
            districts=self.districts,
        )
        explained = subset.explain(np.searchsorted(involved, seekers), openings)
        return replace(explained, seekers=np.asarray(seekers, dtype=np.int64))

    def explain_exclusion(self, seeker_index: int, opening_index: int) -> list[str]:
        return explain_exclusion(
            self.seekers[seeker_index],
            self.openings[opening_index],
            as_of=self.as_of,
            districts=self.districts,
        )

    def why_no_candidate(self, seeker_index: int) -> str:
        """Why a seeker has no candidate: the filter that excluded the most openings."""
        return self.no_candidate_reasons(np.array([seeker_index], dtype=np.int64))[0]

    def no_candidate_reasons(self, seeker_indices: IntArray) -> list[str]:
        """``why_no_candidate`` of many seekers at once (every seeker of a file whose openings all expired)."""
        counts = self.failure_counts(seeker_indices)
        if not self.openings:
            return [explain.reason_no_openings()] * len(counts)
        # argmax keeps the first of equal counts, i.e. FILTER_NAMES order (as Counter.most_common did).
        worst = counts.argmax(axis=1).tolist()
        return [explain.reason_no_candidate(FILTER_NAMES[name], int(row[name]), len(self.openings))
                if row[name] else explain.reason_no_openings() for name, row in zip(worst, counts, strict=True)]

    def closed_reasons(self, opening_index: int) -> list[str]:
        """Why an opening takes no one (expired, no places left); empty when it is open."""
        opening = self.openings[opening_index]
        reasons = []
        if opening.valid_until is not None and opening.valid_until < self.as_of:
            reasons.append(explain.reason_expired(opening.valid_until))
        if opening.openings_left <= 0:
            reasons.append(explain.reason_full())
        return reasons

    def filter_failures(self, seeker_index: int) -> Counter[str]:
        """How many openings (of all given) each filter excludes for one seeker.

        An opening failing several filters counts once for each; zero counts are left out.
        """
        row = self.failure_counts(np.array([seeker_index], dtype=np.int64))[0].tolist()
        return Counter({name: count for name, count in zip(FILTER_NAMES, row, strict=True) if count})

    def failure_counts(self, seeker_indices: IntArray) -> IntArray:
        """seekers × FILTER_NAMES: how many openings each filter excludes for each seeker.

        Openings are counted by what the filters read of them (district, shift pattern, accommodations,
        wage), so the work grows with the seekers times the distinct values, not times the openings: a
        file of 100,000 seekers whose openings all expired is explained in a second, not minutes.
        """
        chosen = np.asarray(seeker_indices, dtype=np.int64)
        counts = np.zeros((len(chosen), len(FILTER_NAMES)), dtype=np.int64)
        if not self.openings or not len(chosen):
            return counts
        column = {name: position for position, name in enumerate(FILTER_NAMES)}
        counts[:, column["validity"]] = np.count_nonzero(self._expired)
        counts[:, column["capacity"]] = np.count_nonzero(self._full)
        areas = self._areas
        per_district = np.bincount(areas.opening_district, minlength=len(areas.district_codes))
        counts[:, column["district"]] = self._district_failures(chosen, per_district)
        limited = areas.seeker_has_limit[chosen]
        if limited.any():
            km = areas.home_km[areas.seeker_home[chosen[limited]]]
            too_far = ~(km <= areas.seeker_limit[chosen[limited]][:, None])  # unknown distance: too far
            counts[limited, column["commute"]] = too_far.astype(np.int64) @ per_district
        counts[:, column["schedule"]] = _uncovered(self._patterns.shift_words, ~self._patterns.free_words[chosen])
        counts[:, column["wage"]] = np.searchsorted(np.sort(self._wage_max), self._floor[chosen], side="left")
        counts[:, column["accommodation"]] = _uncovered(~self._patterns.offers, self._patterns.needs[chosen])
        return counts

    def _district_failures(self, chosen: IntArray, per_district: IntArray) -> IntArray:
        position = {code: index for index, code in enumerate(self._areas.district_codes)}
        total = len(self.openings)
        failures = np.zeros(len(chosen), dtype=np.int64)
        for row, seeker_index in enumerate(chosen.tolist()):
            accepted = self.seekers[seeker_index].districts
            if accepted:
                failures[row] = total - int(per_district[[position[c] for c in accepted if c in position]].sum())
        return failures


def _uncovered(opening_rows: np.ndarray, seeker_rows: np.ndarray, block: int = 4096) -> IntArray:
    """For each seeker row, how many openings have a bit set where the seeker's row also has one.

    Schedule: the opening's shift bits against the hours the seeker is not free; accommodation: what the
    opening does not offer against what the seeker needs. Distinct opening rows are few (standard shifts,
    a handful of accommodations), so each is tested once and weighed by how many openings share it.
    """
    if opening_rows.shape[1] == 0:  # nothing offered or needed at all
        return np.zeros(len(seeker_rows), dtype=np.int64)
    distinct, inverse = np.unique(opening_rows, axis=0, return_inverse=True)
    weight = np.bincount(inverse.reshape(-1), minlength=len(distinct)).astype(np.int64)
    failures = np.zeros(len(seeker_rows), dtype=np.int64)
    for start in range(0, len(seeker_rows), block):
        part = seeker_rows[start:start + block]
        clash = (distinct[None, :, :] & part[:, None, :]).any(axis=2)
        failures[start:start + block] = clash.astype(np.int64) @ weight
    return failures
