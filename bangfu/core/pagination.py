"""List pages: one paginator for every table (RuoYi style: 共 N 条, page size choice)."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZES = (10, 20, 50, 100)


class KeysFirstPaginator(Paginator):
    """A page of a long list read in one statement whose inner query finds the page's keys (sorted and skipped
    over an index, no joins) and whose outer query reads only those rows with their joins: a deep page of a
    city's 50,000 files no longer joins and sorts every row before skipping (bench/province.py)."""

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = cast(QuerySet[Any], self.object_list)
        return Page(queryset.filter(pk__in=queryset.values("pk")[bottom:top]), number, self)


def paginate(request: HttpRequest, queryset: QuerySet[Any], default_size: int = 20, *,
             keys_first: bool = False) -> Page:
    try:
        size = int(request.GET.get("size", default_size))
    except ValueError:
        size = default_size
    if size not in PAGE_SIZES:
        size = default_size
    return (KeysFirstPaginator if keys_first else Paginator)(queryset, size).get_page(request.GET.get("page"))


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
