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
        failures = self.filter_failures(seeker_index)
        if not self.openings or not failures:
            return explain.reason_no_openings()
        # most_common keeps first-seen order on ties, i.e. FILTER_NAMES order.
        name, count = failures.most_common(1)[0]
        return explain.reason_no_candidate(name, count, len(self.openings))

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
        """How many openings (of all given) each filter excludes for one seeker, vectorised.

        An opening failing several filters counts once for each; zero counts are left out.
        """
        seeker = self.seekers[seeker_index]
        district_ok = np.ones(len(self._areas.district_codes), dtype=np.bool_)
        if seeker.districts:
            district_ok = np.array([code in seeker.districts for code in self._areas.district_codes], dtype=np.bool_)
        commute_ok = np.ones(len(self._areas.district_codes), dtype=np.bool_)
        if self._areas.seeker_has_limit[seeker_index]:
            km = self._areas.home_km[self._areas.seeker_home[seeker_index]]
            commute_ok = km <= self._areas.seeker_limit[seeker_index]
        free = self._patterns.free_words[seeker_index]
        needs = self._patterns.needs[seeker_index]
        failing = {
            "validity": self._expired,
            "capacity": self._full,
            "district": ~district_ok[self._areas.opening_district],
            "commute": ~commute_ok[self._areas.opening_district],
            "schedule": (self._patterns.shift_words & ~free[None, :]).any(axis=1),
            "wage": self._wage_max < self._floor[seeker_index],
            "accommodation": (needs[None, :] & ~self._patterns.offers).any(axis=1),
        }
        counts = {name: int(np.count_nonzero(failing[name])) for name in FILTER_NAMES}
        return Counter({name: count for name, count in counts.items() if count})
