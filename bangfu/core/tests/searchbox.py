"""What the search-box tests of every app share (test_search_invisible.py in each): the texts that cannot be seen,
and the rows a page or an API endpoint lists for a search.

A search of nothing but such characters is the empty box (the unfiltered list of the user's scope, as the empty box
reads it); a zero-width character inside a name or title is dropped (`张\u200b三` finds 张三). The register's own tests
are bangfu/people/tests/test_search_invisible.py."""

from __future__ import annotations

from typing import Any

# A zero-width space, the other zero-width characters and the byte-order mark, and one of each together with the
# spaces a form strips itself (an API takes the text as sent). Four texts: each test asks every one of them.
INVISIBLE_ONLY = ["\u200b", "\u200c\u200d\u2060", "\ufeff", " \u3000\u200b\u00a0\ufeff "]


def zero_width_inside(text: str) -> str:
    """`张三` → `张\u200b三`: the text as pasted from a web page or a chat message."""
    return f"{text[:1]}\u200b{text[1:]}"


def page_ids(client: Any, url: str, q: str, *, key: str = "page", field: str = "q", **params: Any) -> list[int]:
    """The ids of the rows a page lists for the search `q` (its context's `key`: a page, a list or a queryset)."""
    response = client.get(url, {field: q, **params})
    assert response.status_code == 200, (url, q, response.status_code)
    rows = response.context[key]
    return [row.pk for row in getattr(rows, "object_list", rows)]


def api_ids(client: Any, url: str, q: str, **params: Any) -> tuple[list[int], int | None]:
    """The ids an endpoint lists for the search `q`, and its count (None for an endpoint answering a bare list)."""
    response = client.get(url, {"q": q, **params})
    assert response.status_code == 200, (url, q, response.status_code, response.content[:300])
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    return [item["id"] for item in items], body.get("count") if isinstance(body, dict) else None


def assert_invisible_is_empty(read: Any, *, at_least: int = 2) -> list[int]:
    """Each invisible-only text lists exactly what the empty box lists (which holds `at_least` rows, so that the
    comparison means something); `read(q)` answers the rows of one search. Returns the empty box's rows."""
    empty = read("")
    rows = empty[0] if isinstance(empty, tuple) else empty
    assert len(rows) >= at_least, empty
    for q in INVISIBLE_ONLY:
        assert read(q) == empty, repr(q)
    return rows


def assert_page_and_api_list_the_empty_box(client: Any, page: str, api: str | None, pk: int) -> None:
    """An invisible-only search of the page lists what its empty box lists, record ``pk`` among them; the endpoint
    (when the list has one) lists the same rows."""
    listed = assert_invisible_is_empty(lambda q: page_ids(client, page, q))
    assert pk in listed
    if api:
        assert sorted(assert_invisible_is_empty(lambda q: api_ids(client, api, q))) == sorted(listed)


def assert_page_and_api_find_through_zero_width(client: Any, page: str, api: str | None, pk: int, text: str) -> None:
    """``text`` with a zero-width space inside, or with invisible characters at its ends, finds exactly record
    ``pk``, on the page and through the endpoint (when the list has one)."""
    for q in (zero_width_inside(text), f"\u200b{text}\ufeff"):
        assert page_ids(client, page, q) == [pk], repr(q)
        if api:
            assert api_ids(client, api, q) == ([pk], 1), repr(q)
