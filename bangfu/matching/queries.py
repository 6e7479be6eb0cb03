"""Reads of the matching app, always through `scoped()`: runs, their plans, and recommendations.

Recommendations score one seeker against every open opening in the user's scope (or one opening
against every seeker). The openings' side — features, BM25 corpus, codes, areas, shifts — is
prepared once per (scope, openings data version, day) and kept in process memory (`pool_for`), so
a request only scores one row. Any change to an opening bumps the version (`jobs.services`), which
every process reads on each request: a stale pool is never used. The scores are the engine's
(`engine.score_pair` is the specification, and the tests hold `OpeningPool` to it); the reasons
shown are the engine's Chinese explanations.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scope_filter, scoped
from bangfu.jobs.models import Opening, SeekerProfile, SeekerStatus
from bangfu.jobs.services import OPENINGS, current_version
from bangfu.matching import engine
from bangfu.matching.engine import FloatArray, IntArray
from bangfu.matching.models import MatchingRun, ProposedPair, UnassignedSeeker
from bangfu.matching.occupations import similarity_table
from bangfu.matching.text import token_set

# --- scoped reads -------------------------------------------------------------------------------


def visible_runs(user: Any) -> QuerySet[MatchingRun]:
    return scoped(MatchingRun.objects.select_related("org", "created_by"), user)


def visible_pairs(user: Any) -> QuerySet[ProposedPair]:
    return scoped(ProposedPair.objects.all(), user)


def run_pairs(user: Any, run: MatchingRun) -> QuerySet[ProposedPair]:
    return scoped(ProposedPair.objects.filter(run=run), user).select_related(
        "seeker__person", "opening__employer", "referral", "decided_by"
    )


def run_unassigned(user: Any, run: MatchingRun) -> QuerySet[UnassignedSeeker]:
    return scoped(UnassignedSeeker.objects.filter(run=run), user).select_related("seeker__person")


def units_for_runs(user: Any) -> QuerySet[OrgUnit]:
    """Units a user may run matching for: inside scope, at city or district level and above streets."""
    if not user.has_perm("matching.add_matchingrun"):
        return OrgUnit.objects.none()
    return scoped(OrgUnit.objects.all(), user).filter(depth__lte=3).order_by("path")


# --- engine inputs from rows --------------------------------------------------------------------

SEEKER_COLUMNS = (
    "pk",
    "tags",
    "certificates",
    "intended_occupations",
    "occupation_edition",
    "intention",
    "experience",
    "home_district",
    "acceptable_districts",
    "commute_limit_km",
    "free_slots",
    "wage_floor_fen",
    "needs",
    "employment_difficulty",
    "has_disability",
    "caring_duties",
    "person__sex",
    "person__birth_date",
)
OPENING_COLUMNS = (
    "pk",
    "title",
    "occupation_code",
    "occupation_edition",
    "tags",
    "description",
    "requirements",
    "district_code",
    "wage_min_fen",
    "wage_max_fen",
    "shift_slots",
    "positions",
    "positions_filled",
    "accommodations",
    "valid_until",
)


def _age(birth_date: dt.date | None, on: dt.date) -> int | None:
    if birth_date is None:
        return None
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def seeker_from_row(row: dict[str, Any], on: dt.date) -> engine.Seeker:
    """A profile row as the engine's Seeker; certificates count as tags, intention and experience as text."""
    return engine.Seeker(
        id=str(row["pk"]),
        tags=frozenset((*row["tags"], *row["certificates"])),
        occupation_codes=row["intended_occupations"],
        occupation_edition=row["occupation_edition"],
        districts=row["acceptable_districts"],
        home_district=row["home_district"] or None,
        commute_limit_km=row["commute_limit_km"],
        free_slots=row["free_slots"],
        wage_floor_fen=row["wage_floor_fen"],
        needs=row["needs"],
        text=f"{row['intention']}\n{row['experience']}".strip(),
        employment_difficulty=row["employment_difficulty"],
        disability=row["has_disability"],
        caring_duties=row["caring_duties"],
        sex=row["person__sex"] or None,
        age=_age(row["person__birth_date"], on),
    )


def opening_id(title: str, pk: int) -> str:
    """The engine's id of an opening: the title and the key, so that reasons naming openings read well
    ("候选岗位 2 个（电商运营专员#12、保洁员#15）均已分配给总分更高的组合")."""
    return f"{title}#{pk}"


def opening_pk(engine_id: str) -> int:
    return int(engine_id.rsplit("#", 1)[1])


def opening_from_row(row: dict[str, Any]) -> engine.Opening:
    return engine.Opening(
        id=opening_id(row["title"], row["pk"]),
        title=row["title"],
        occupation_code=row["occupation_code"],
        edition=row["occupation_edition"],
        tags=row["tags"],
        text=f"{row['description']}\n{row['requirements']}".strip(),
        district=row["district_code"],
        wage_min_fen=row["wage_min_fen"],
        wage_max_fen=row["wage_max_fen"],
        shift_slots=row["shift_slots"],
        openings_left=max(0, row["positions"] - row["positions_filled"]),
        accommodations=row["accommodations"],
        valid_until=row["valid_until"],
    )


def open_openings(queryset: QuerySet[Opening], on: dt.date) -> QuerySet[Opening]:
    """Places left and not expired on ``on``: what the engine would keep anyway, filtered in SQL."""
    return queryset.filter(positions_filled__lt=F("positions")).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def load_openings(queryset: QuerySet[Opening], on: dt.date) -> list[engine.Opening]:
    rows = open_openings(queryset, on).order_by("pk").values(*OPENING_COLUMNS)
    return [opening_from_row(row) for row in rows]


def load_seekers(queryset: QuerySet[SeekerProfile], on: dt.date) -> list[engine.Seeker]:
    rows = queryset.filter(status=SeekerStatus.SEEKING).order_by("pk").values(*SEEKER_COLUMNS)
    return [seeker_from_row(row, on) for row in rows]


# --- the openings of a scope, prepared for scoring any seeker -----------------------------------


@dataclass
class SeekerBlock:
    """Seekers as arrays over one pool's vocabulary, codes and districts."""

    seekers: list[engine.Seeker]
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
        openings: Sequence[engine.Opening],
        *,
        as_of: dt.date,
        weights: engine.Weights = engine.DEFAULT_WEIGHTS,
        districts: engine.DistrictTable | None = None,
    ) -> None:
        self.openings = [o for o in openings if engine.opening_is_open(o, as_of)]
        self.position = {opening.id: j for j, opening in enumerate(self.openings)}
        self.as_of, self.weights = as_of, weights
        self.districts = districts or engine.DistrictTable.default()
        self.corpus = engine.corpus_of(self.openings, weights)
        self.vocabulary: dict[tuple[str, str], int] = {}
        self._build_features()
        codes = [(o.edition, o.occupation_code) for o in self.openings]
        self.code_keys = list(dict.fromkeys(code for code in codes if code[1]))
        code_index = {key: c for c, key in enumerate(self.code_keys)}
        self.opening_code = np.array([code_index.get(code, -1) for code in codes], dtype=np.int64)
        self.district_codes = sorted({o.district for o in self.openings})
        district_index = {code: d for d, code in enumerate(self.district_codes)}
        self.opening_district = np.array([district_index[o.district] for o in self.openings], dtype=np.int64)
        self.shift = engine.mask_words([o.shift_slots for o in self.openings])
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
            tags = {tag.casefold() for tag in opening.tags}
            entries += [(("tag", tag), weights.tags / len(tags)) for tag in tags]
            term_weights = self.corpus.document_weights(opening.text)
            own = sum(term_weights.values())
            if own > 0.0:
                entries += [(("word", t), weights.text * w / own) for t, w in term_weights.items()]
            title = token_set(opening.title)
            entries += [(("word", token), weights.intention / len(title)) for token in title]
            for key, value in entries:
                rows.append(j)
                columns.append(vocabulary.setdefault(key, len(vocabulary)))
                values.append(value)
        shape = (len(self.openings), len(vocabulary))
        self.features = sp.csr_matrix((values, (rows, columns)), shape=shape)  # repeats are summed
        self.features_by_word = self.features.T.tocsr()

    def block(self, seekers: Sequence[engine.Seeker]) -> SeekerBlock:
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
                closeness[i, d] = engine.district_closeness(
                    seeker.home_district, code, table, weights.distance_half_life_km
                )
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
            free=engine.mask_words([s.free_slots for s in seekers]),
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
        span = np.where(wage_max > wage_min, wage_max - wage_min, 1.0)
        fit = np.where(floor <= wage_min, 1.0, (wage_max - floor) / span)
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

    def explain(self, seeker: engine.Seeker, opening: engine.Opening) -> engine.ScoreBreakdown:
        return engine.score_pair(seeker, opening, corpus=self.corpus, weights=self.weights, districts=self.districts)


# --- the in-process cache -----------------------------------------------------------------------

_POOL_LIMIT = 8
_pools: OrderedDict[tuple[str, int, dt.date], OpeningPool] = OrderedDict()
_pools_lock = threading.Lock()


def _scope_key(user: Any, model: type[Any]) -> str | None:
    condition = scope_filter(model, user)
    if condition is None or not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        return None
    return str(condition)


def clear_pools() -> None:
    """Forget every prepared pool (the benchmark's uncached baseline; tests)."""
    with _pools_lock:
        _pools.clear()


def pool_for(user: Any, *, as_of: dt.date | None = None) -> OpeningPool:
    """The open openings in the user's scope, prepared; rebuilt when the openings version moves."""
    as_of = as_of or timezone.localdate()
    scope = _scope_key(user, Opening)
    if scope is None:
        return OpeningPool([], as_of=as_of)
    key = (scope, current_version(OPENINGS), as_of)  # the version is read before the rows: never stale
    with _pools_lock:
        pool = _pools.get(key)
        if pool is not None:
            _pools.move_to_end(key)
            return pool
    pool = OpeningPool(load_openings(scoped(Opening.objects.all(), user), as_of), as_of=as_of)
    with _pools_lock:
        _pools[key] = pool
        while len(_pools) > _POOL_LIMIT:
            _pools.popitem(last=False)
    return pool


# --- recommendations both ways ------------------------------------------------------------------


@dataclass(frozen=True)
class Recommended:
    """One recommended pair: the other side's id, rank, score, parts and the engine's Chinese reasons."""

    pk: int
    rank: int
    score: float
    parts: dict[str, float]
    reasons: list[str]
    record: Any = field(default=None, compare=False)


def _recommended(pool: OpeningPool, pairs: list[tuple[engine.Seeker, engine.Opening]], other: str) -> list[Recommended]:
    results = []
    for rank, (seeker, opening) in enumerate(pairs, start=1):
        breakdown = pool.explain(seeker, opening)
        pk = opening_pk(opening.id) if other == "opening" else int(seeker.id)
        results.append(Recommended(pk, rank, breakdown.total, dict(breakdown.parts), list(breakdown.reasons)))
    return results


RecordT = TypeVar("RecordT", bound=Model)


def with_records(recommended: list[Recommended], queryset: QuerySet[RecordT]) -> list[tuple[Recommended, RecordT]]:
    """Each recommendation with its record, read in one query; one whose record is gone by now is left out."""
    records = queryset.in_bulk([r.pk for r in recommended])
    return [(r, records[r.pk]) for r in recommended if r.pk in records]


def recommend_openings(user: Any, profile: SeekerProfile, *, k: int = 10) -> list[Recommended]:
    """The best open openings in the user's scope for one seeker (scored against the cached pool)."""
    pool = pool_for(user)
    if not len(pool):
        return []
    row = SeekerProfile.objects.filter(pk=profile.pk).values(*SEEKER_COLUMNS).get()
    seeker = seeker_from_row(row, pool.as_of)
    scores = pool.scores(pool.block([seeker]), np.arange(len(pool)))[0]
    best = pool.best(scores, k)
    return _recommended(pool, [(seeker, pool.openings[j]) for j, _ in best], "opening")


def recommend_seekers(user: Any, opening: Opening, *, k: int = 10) -> list[Recommended]:
    """The best seekers in the user's scope for one opening; empty when it is full or expired."""
    pool = pool_for(user)
    position = pool.position.get(opening_id(opening.title, opening.pk))
    if position is None:
        return []
    seekers = load_seekers(scoped(SeekerProfile.objects.all(), user), pool.as_of)
    if not seekers:
        return []
    column = pool.scores(pool.block(seekers), np.array([position]))[:, 0]
    best = pool.best(column, k)
    return _recommended(pool, [(seekers[i], pool.openings[position]) for i, _ in best], "seeker")
