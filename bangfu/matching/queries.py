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
import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import numpy as np
from django.db.models import F, Model, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import get_scoped_or_404, scope_filter, scoped, scoped_for
from bangfu.jobs.models import Opening, SeekerProfile, SeekerStatus
from bangfu.jobs.services import OPENINGS, current_version
from bangfu.matching import engine
from bangfu.matching.engine.pool import OpeningPool
from bangfu.matching.models import MatchingRun, PairDecision, ProposedPair, UnassignedSeeker

# --- scoped reads -------------------------------------------------------------------------------


def visible_runs(user: Any) -> QuerySet[MatchingRun]:
    return scoped(MatchingRun.objects.select_related("org", "created_by"), user)


def visible_pairs(user: Any) -> QuerySet[ProposedPair]:
    return scoped(ProposedPair.objects.all(), user)


def run_for(user: Any, pk: Any, action: str = "view") -> MatchingRun:
    return get_scoped_or_404(MatchingRun.objects.select_related("org", "created_by"), user, action, pk=pk)


def pair_for(user: Any, pk: Any, action: str = "view") -> ProposedPair:
    return get_scoped_or_404(ProposedPair.objects.select_related("run__org", "seeker", "opening"), user, action,
                             pk=pk)


def pairs_to_confirm(user: Any) -> QuerySet[ProposedPair]:
    """Proposed pairs of current plans only: a superseded run's pairs can no longer be confirmed, so they are not
    work to do (after a second run the home page counted both plans' pairs)."""
    return visible_pairs(user).filter(decision=PairDecision.PROPOSED, run__superseded_by__isnull=True)


def run_pairs(user: Any, run: MatchingRun) -> QuerySet[ProposedPair]:
    return scoped(ProposedPair.objects.filter(run=run), user).select_related(
        "seeker__person", "opening__employer", "referral", "decided_by"
    )


def run_unassigned(user: Any, run: MatchingRun) -> QuerySet[UnassignedSeeker]:
    return scoped(UnassignedSeeker.objects.filter(run=run), user).select_related("seeker__person")


def units_for_runs(user: Any) -> QuerySet[OrgUnit]:
    """Units a user may run matching for: inside scope, at city or district level and above streets."""
    # The role that may start a run must reach the unit itself (scopes are never pooled across roles).
    return scoped_for(user, OrgUnit.objects.filter(depth__lte=3), "matching.add_matchingrun").order_by("path")


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


# The JSON list columns of each table; ``rows_of`` reads them as text. An order that counts (intended
# occupations: the first of equal matches gives the reason) is kept as a tuple, the others are sets.
SEEKER_SETS = ("tags", "certificates", "acceptable_districts", "needs")
SEEKER_LISTS = ("intended_occupations",)
OPENING_SETS = ("tags", "accommodations")


def rows_of(
    queryset: QuerySet[Any], columns: tuple[str, ...], sets: tuple[str, ...], lists: tuple[str, ...] = ()
) -> Iterator[dict[str, Any]]:
    """``queryset.values(*columns)``, with the JSON columns ``sets`` (as frozensets) and ``lists`` (as tuples)
    decoded once per distinct text of the column: a run reads 10⁵ rows whose cells repeat (districts, needs,
    certificates), and decoding each cell through the JSON field cost more than the rest of the row (0.2 of
    0.3 s of CPU at 20,000 profiles). Equal cells come back as one shared set, whose hash the records' set
    cleaning (an LRU cache keyed by the set) then computes once.
    """
    decoders = {name: frozenset for name in sets} | {name: tuple for name in lists}
    texts = {f"{name}_text": Cast(name, TextField()) for name in decoders}
    plain = [name for name in columns if name not in decoders]
    decoded: dict[str, dict[str, Any]] = {name: {} for name in decoders}
    for row in queryset.annotate(**texts).values(*plain, *texts):
        for name, decode in decoders.items():
            text = row.pop(f"{name}_text")
            seen = decoded[name]
            value = seen.get(text)
            if value is None:
                value = seen[text] = decode(json.loads(text))
            row[name] = value
        yield row


def load_openings(queryset: QuerySet[Opening], on: dt.date) -> list[engine.Opening]:
    rows = rows_of(open_openings(queryset, on).order_by("pk"), OPENING_COLUMNS, OPENING_SETS)
    return [opening_from_row(row) for row in rows]


def load_seekers(queryset: QuerySet[SeekerProfile], on: dt.date) -> list[engine.Seeker]:
    queryset = queryset.filter(status=SeekerStatus.SEEKING).order_by("pk")
    return [seeker_from_row(row, on) for row in rows_of(queryset, SEEKER_COLUMNS, SEEKER_SETS, SEEKER_LISTS)]


# --- the in-process cache -----------------------------------------------------------------------

_POOL_LIMIT = 8
_pools: OrderedDict[tuple[str, int, dt.date], OpeningPool] = OrderedDict()
_pools_lock = threading.Lock()


def _scope_key(user: Any, model: type[Any]) -> str | None:
    condition = scope_filter(model, user)
    if condition is None or not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        return None
    return _condition_text(condition)


def _condition_text(condition: Q) -> str:
    """A scope condition as text, for a cache key: a subquery (a subtree's units) by its SQL — a QuerySet's
    own text would run it, and lists only its first 20 rows, so two scopes could share a key."""
    parts = []
    for child in condition.children:
        if isinstance(child, Q):
            parts.append(_condition_text(child))
            continue
        lookup, value = cast(tuple[str, Any], child)
        parts.append(f"{lookup}={str(value.query) if isinstance(value, QuerySet) else repr(value)}")
    return f"{'NOT ' if condition.negated else ''}{condition.connector}({', '.join(parts)})"


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


def recommended_openings(user: Any, profile: SeekerProfile, *, k: int = 10) -> list[tuple[Recommended, Opening]]:
    """`recommend_openings` with each opening and its employer (what the page and the route show)."""
    return with_records(recommend_openings(user, profile, k=k), Opening.objects.select_related("employer"))


def recommended_seekers(user: Any, opening: Opening, *, k: int = 10) -> list[tuple[Recommended, SeekerProfile]]:
    """`recommend_seekers` with each seeker's profile and person (what the page and the route show)."""
    return with_records(recommend_seekers(user, opening, k=k), SeekerProfile.objects.select_related("person"))
