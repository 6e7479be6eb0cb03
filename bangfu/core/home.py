"""Home-page figures: each app registers counts of its records, always read within the user's scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HomeStat:
    key: str
    label: Any
    count: Callable[[Any], int]  # given the user, a count within the user's scope
    url_name: str | None = None
    order: int = 50
    permission: str | None = None  # the permission its page requires: without it the figure is not shown
    todo: Any = None  # work waiting for the user: the to-do line shown when the count is above zero


_STATS: dict[str, HomeStat] = {}


def register_home_stat(stat: HomeStat) -> None:
    _STATS[stat.key] = stat


def home_stats() -> list[HomeStat]:
    return sorted(_STATS.values(), key=lambda stat: (stat.order, stat.key))


def home_stats_for(user: Any) -> list[HomeStat]:
    """The figures whose page the user may open: nobody is shown a way into a page that answers 403."""
    return [stat for stat in home_stats() if stat.permission is None or user.has_perm(stat.permission)]
