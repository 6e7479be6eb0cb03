"""``--edges`` writes every feasible pair block by block: memory stays bounded whatever the file's size."""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path

import pytest

from bangfu.matching import results
from bangfu.matching.engine import MatchIndex, reference_candidates
from bangfu.matching.fileio import InputError
from bangfu.matching.tests.instances import AS_OF, random_instance


def _written_with_peak(tmp_path: Path, seekers: int) -> tuple[int, int, int, int]:
    """Write the edges of an instance of ``seekers`` × 300 openings in small blocks: (rows written,
    feasible pairs, file bytes, peak bytes allocated while writing)."""
    people, openings = random_instance(11, seekers, 300)
    # Small blocks, as the 100,000 × 20,000 file has thousands of blocks of the default size.
    index = MatchIndex(people, openings, as_of=AS_OF, block_elements=1 << 14)
    index.top_k(10)
    index.explainer  # noqa: B018 — built once per index, whatever the number of pairs: not traced
    path = tmp_path / f"edges-{seekers}.csv"
    tracemalloc.start()
    try:
        results.write_edges(path, index, 10, None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with path.open(encoding="utf-8-sig", newline="") as source:
        rows = sum(1 for _ in csv.reader(source)) - 1
    feasible = sum(len(pairs) for pairs, _, _ in index.candidate_pairs())
    return rows, feasible, path.stat().st_size, peak


def test_edges_are_written_in_blocks_with_memory_that_does_not_grow_with_the_file(tmp_path: Path) -> None:
    rows, feasible, size, peak = _written_with_peak(tmp_path, 1000)
    more_rows, more_feasible, more_size, more_peak = _written_with_peak(tmp_path, 4000)
    assert (rows, more_rows) == (feasible, more_feasible) and more_rows > 3.5 * rows > 50_000
    # Four times the pairs, four times the file; the memory is what one block holds plus a few
    # numbers per seeker (ids, top-k keys), never the pairs: measured 3.8 MB → 6.5 MB of memory for 4× the rows.
    assert more_size > 3.5 * size
    assert more_peak < 2 * peak, (peak, more_peak, more_size)


def test_every_written_edge_is_a_feasible_pair(tmp_path: Path) -> None:
    seekers, openings = random_instance(13, 150, 40)
    index = MatchIndex(seekers, openings, as_of=AS_OF, block_elements=1 << 10)
    path = tmp_path / "edges.csv"
    results.write_edges(path, index, 5, None)
    with path.open(encoding="utf-8-sig", newline="") as source:
        written = {(row[0], row[1]) for row in list(csv.reader(source))[1:]}
    expected = {
        (seekers[i].id, openings[j].id)
        for i, j, _ in reference_candidates(seekers, openings, as_of=AS_OF, corpus=index.corpus)
    }
    assert written == expected


def test_edges_that_would_not_fit_on_the_disk_are_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seekers, openings = random_instance(12, 200, 40)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    pairs = sum(len(rows) for rows, _, _ in index.candidate_pairs())
    # A disk with room for half of the estimated file.
    room = pairs * results.EDGE_ROW_BYTES // 2
    monkeypatch.setattr(results.shutil, "disk_usage", lambda _path: type("Usage", (), {"free": room})())
    path = tmp_path / "edges.csv"
    with pytest.raises(InputError, match=f"候选组合共 {pairs:,} 个.*未写入任何内容"):
        results.plan_edges(index, path)
    assert not path.exists()
