"""The hard filters (reference): every filter a pair fails, with its Chinese reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from .. import explain
from .districts import DistrictTable, resolve_table
from .model import Opening, Seeker

FILTER_NAMES: Final = ("validity", "capacity", "district", "commute", "schedule", "wage", "accommodation")


@dataclass(frozen=True, slots=True)
class Exclusion:
    """One filter that a pair fails, with its Chinese reason."""

    filter: str
    reason: str


def opening_is_open(opening: Opening, as_of: date) -> bool:
    """Places left and not past its end date."""
    return opening.openings_left > 0 and (opening.valid_until is None or opening.valid_until >= as_of)


def _commute_exclusion(seeker: Seeker, opening: Opening, table: DistrictTable) -> Exclusion | None:
    if seeker.commute_limit_km is None or seeker.home_district is None:
        return None
    name = table.name(opening.district)
    km = table.distance_km(seeker.home_district, opening.district)
    if km is None:
        return Exclusion("commute", explain.reason_commute_unknown(name))
    if km > seeker.commute_limit_km:
        return Exclusion("commute", explain.reason_commute_too_far(name, km, seeker.commute_limit_km))
    return None


def exclusions(
    seeker: Seeker, opening: Opening, *, as_of: date, districts: DistrictTable | None = None
) -> tuple[Exclusion, ...]:
    """Every filter the pair fails, in ``FILTER_NAMES`` order; empty when the pair is a candidate."""
    table = resolve_table(districts)
    found: list[Exclusion] = []
    if opening.valid_until is not None and opening.valid_until < as_of:
        found.append(Exclusion("validity", explain.reason_expired(opening.valid_until)))
    if opening.openings_left <= 0:
        found.append(Exclusion("capacity", explain.reason_full()))
    if seeker.districts and opening.district not in seeker.districts:
        found.append(Exclusion("district", explain.reason_outside_districts(table.name(opening.district))))
    commute = _commute_exclusion(seeker, opening, table)
    if commute is not None:
        found.append(commute)
    outside_free_time = opening.shift_slots & ~seeker.free_slots
    if outside_free_time:
        found.append(Exclusion("schedule", explain.reason_schedule(outside_free_time)))
    if opening.wage_max_fen < seeker.wage_floor_fen:
        found.append(Exclusion("wage", explain.reason_wage(opening.wage_max_fen, seeker.wage_floor_fen)))
    missing = seeker.needs - opening.accommodations
    if missing:
        found.append(Exclusion("accommodation", explain.reason_accommodation(missing)))
    return tuple(found)


def explain_exclusion(
    seeker: Seeker, opening: Opening, *, as_of: date, districts: DistrictTable | None = None
) -> list[str]:
    """The Chinese reasons why a pair is not a candidate; empty when it is one."""
    return [exclusion.reason for exclusion in exclusions(seeker, opening, as_of=as_of, districts=districts)]
