"""List pages: one paginator for every table (RuoYi style: 共 N 条, page size choice)."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZES = (10, 20, 50, 100)


class KeysFirstPaginator(Paginator):
    """A page of a long list read keys first: the page's keys (filtered, sorted and skipped over an index, no joins),
    then only those rows with their joins — the same query without its conditions, which the keys have met already.
    A deep page of a city's 50,000 files no longer joins and sorts every row before skipping (bench/province.py).

    `count`, when given, is the list's length known otherwise (the register's counts). Without it every key is read
    once, which gives both the count and the page: a name search's subqueries run once a request, not once for a
    COUNT(*) and again for the page."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, count: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.keys: list[Any] | None = None
        if count is None:
            self.keys = list(object_list.values_list("pk", flat=True))
            count = len(self.keys)
        self.count = count  # type: ignore[misc]  # Paginator.count is a cached_property: set once, here

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = cast(QuerySet[Any], self.object_list)
        keys = self.keys[bottom:top] if self.keys is not None else list(
            queryset.values_list("pk", flat=True)[bottom:top])
        return Page(_rows_of(queryset, keys), number, self)


def _rows_of(queryset: QuerySet[Any], keys: list[Any]) -> QuerySet[Any]:
    """The rows of these keys, in the queryset's order, with its joins but without its conditions: the keys
    have met them already."""
    rows = queryset.all()
    rows.query.clear_where()  # joins of select_related stay
    return rows.filter(pk__in=keys)


def keys_first_window(queryset: QuerySet[Any], window: slice, *, count: int | None = None) -> tuple[int, list[Any]]:
    """An API list's length and window (`api_window`), read as `KeysFirstPaginator` reads a page: the window's
    keys first, then their rows; without a known `count`, every key once for both — not a COUNT(*) running a name
    search's subqueries and then the window running them again."""
    if count is None:
        every = list(queryset.values_list("pk", flat=True))
        count, keys = len(every), every[window]
    else:
        keys = list(queryset.values_list("pk", flat=True)[window])
    return count, list(_rows_of(queryset, keys))


def paginate(request: HttpRequest, queryset: QuerySet[Any], default_size: int = 20, *,
             keys_first: bool = False, count: int | None = None) -> Page:
    """The requested page of `queryset`; `keys_first` reads it as KeysFirstPaginator does, with `count` if known."""
    try:
        size = int(request.GET.get("size", default_size))
    except ValueError:
        size = default_size
    if size not in PAGE_SIZES:
        size = default_size
    if keys_first:
        return KeysFirstPaginator(queryset, size, count=count).get_page(request.GET.get("page"))
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


API_MAX_LIMIT = 500


def api_window(limit: int, offset: int = 0, *, most: int = API_MAX_LIMIT) -> slice:
    """The one bound on an API list: at most `most` rows a call (API_MAX_LIMIT unless the route documents a
    larger printout, such as a campaign's whole list), at least one, never a negative offset."""
    limit = max(1, min(limit, most))
    offset = max(0, offset)
    return slice(offset, offset + limit)
