"""The recommendation and assignment tables are explained a span of pairs at a time: the same text and
values whatever the span, and memory that does not grow with --top."""

from __future__ import annotations

import tracemalloc

import pytest

from bangfu.matching import results
from bangfu.matching.assign import assign
from bangfu.matching.engine import MatchIndex
from bangfu.matching.fileio import Table
from bangfu.matching.tests.instances import AS_OF, random_instance


def _tables(index: MatchIndex, k: int) -> list[Table]:
    plan = assign(index, k=k)
    return [
        *results.assignment_tables(index, plan, k),
        results.recommendations_by_seeker(index, k),
        results.recommendations_by_opening(index, k),
    ]


def _written(tables: list[Table]) -> list[tuple[str, list[list[object]]]]:
    return [("".join(table.csv_text or ()), [list(row) for row in table.rows]) for table in tables]


def test_tables_are_the_same_explained_in_small_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    seekers, openings = random_instance(7, 400, 60)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    whole = _written(_tables(index, 8))
    monkeypatch.setattr(results, "EXPLAIN_ROWS", 37)  # spans that cut seekers' lists and the rows without any
    spans = _written(_tables(index, 8))
    assert spans == whole
    by_seeker_rows = whole[2][1]
    assert len(by_seeker_rows) > 10 * 37 and any(row[2] == "" for row in by_seeker_rows)  # some seeker has none


def _peak_writing_by_seeker(index: MatchIndex, k: int) -> tuple[int, int]:
    table = results.recommendations_by_seeker(index, k)
    tracemalloc.start()
    try:
        lines = sum(text.count("\r\n") for text in table.csv_text or ())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return lines, peak


def test_memory_of_the_recommendations_does_not_grow_with_top(monkeypatch: pytest.MonkeyPatch) -> None:
    seekers, openings = random_instance(11, 2000, 1200)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    index.top_k(40)
    index.explainer  # noqa: B018 — built once per index whatever the number of pairs: not traced
    monkeypatch.setattr(results, "EXPLAIN_ROWS", 2000)
    lines, peak = _peak_writing_by_seeker(index, 10)
    more_lines, more_peak = _peak_writing_by_seeker(index, 40)
    assert more_lines > 2.5 * lines > 2.5 * 2000
    # Several times the rows, the same spans: explained all at once, --top 100 took 6.2 GB at 100,000 × 20,000.
    assert more_peak < 1.5 * peak, (peak, more_peak)
