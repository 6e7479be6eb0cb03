"""The command's result tables, built from the engine's arrays.

Every pair shown is explained by ``MatchIndex.explainer`` in one batch (equal to ``score_pair`` pair
by pair); the plan's pairs by ``MatchIndex.explain_pairs``, over the plan's own seekers. A CSV table
is glued from numbered pieces (``fileio.csvtext.Pieces``: each id, title, score and sentence escaped once, a line
a row of piece numbers) and written in blocks; a workbook gets the same values row by row, typed. ``--edges`` is
written in blocks of the scoring pass the same way: memory stays bounded at any size, and the command refuses
before starting when the file would not fit on the disk.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from . import explain
from .assign import Assignment, GreedyGap
from .engine import PART_NAMES, Explained, IntArray, MatchIndex, TopK
from .fileio import InputError, Place, RowError, Table, csvtext, write_tables
from .fileio.writers import in_place, writing

REASON_SEPARATOR: Final = "；"
SCORE_DIGITS: Final = 4
EXCEL_MAX_ROWS: Final = 1_048_576
# Measured on the benchmark instance: a row of the edges CSV takes 80–95 bytes; 110 leaves room.
EDGE_ROW_BYTES: Final = 110
EXCLUDED_MAX_PAIRS: Final = 5_000_000


def _rounded(scores: np.ndarray) -> list[float]:
    rounded: list[float] = np.round(scores, SCORE_DIGITS).tolist()
    return rounded


def check_workbook_rows(index: MatchIndex, top: int, path: Path) -> None:
    """Refuse, before the reasons are written, a workbook whose recommendation sheet would hold more rows than Excel
    opens (it would show the file "not loaded completely" and drop the rest without a word)."""
    for title, best in (("推荐岗位", index.top_openings(top)), ("推荐人选", index.top_seekers(top))):
        rows = int(np.maximum((best.indices[:, :top] >= 0).sum(axis=1), 1).sum())
        if rows >= EXCEL_MAX_ROWS:
            raise InputError(
                f"{path.name}：「{title}」表将有 {rows:,} 行，超过 Excel 一张表的上限（{EXCEL_MAX_ROWS - 1:,} 行）；"
                "请改存为 .csv，或减小 --top"
            )


def _ranked_pairs(best: TopK) -> tuple[IntArray, IntArray, IntArray]:
    """The pairs of a top-k table in row order, then rank: (row of each pair, its rank from 1, the other side)."""
    rows, ranks = np.nonzero(best.indices >= 0)
    return rows.astype(np.int64), ranks.astype(np.int64) + 1, best.indices[rows, ranks]


def _quoted_reasons(explained: Explained, first: int) -> tuple[list[str], IntArray]:
    """Each pair's reasons as one CSV cell, always quoted (a reason may hold a comma: "4,000 元"): the pieces to
    number from ``first`` (each sentence with its quotes doubled, once as a cell's first sentence and once after
    the separator) and each pair's cell as piece numbers, the quotes included."""
    sentences = [text.replace('"', '""') for text in explained.texts]
    ids = explained.reason_ids
    said = ids >= 0
    opens = np.cumsum(said, axis=1) == 1  # the pair's first sentence takes no separator before it
    numbers = np.where(said, first + ids + np.where(opens, 0, len(sentences)), csvtext.EMPTY)
    quote = np.full((len(ids), 1), csvtext.QUOTE, dtype=np.int64)
    return [*sentences, *(REASON_SEPARATOR + text for text in sentences)], np.hstack([quote, numbers, quote])


class _Scores:
    """The score cells of a table: every rounded value up to the highest possible score, a piece each."""

    def __init__(self, index: MatchIndex, pieces: csvtext.Pieces) -> None:
        texts = csvtext.number_texts(max(1.0, sum(index.weights.weight_of(name) for name in PART_NAMES)), SCORE_DIGITS)
        self._first, self._count = pieces.add(texts), len(texts)

    def numbers(self, values: np.ndarray) -> IntArray:
        return self._first + csvtext.number_positions(values, SCORE_DIGITS, self._count)


# Pairs explained and formatted at a time: memory stays bounded whatever --top asks for (10 million rows,
# all explained at once, took 6.2 GB at 100,000 × 20,000 with --top 100, 7 Dec 2026).
EXPLAIN_ROWS: Final = 250_000


@dataclass(frozen=True)
class _Listing:
    """A table of ranked pairs, one row per (row, rank), and one row saying why for a row without any.

    ``rows`` is the row of each pair, ascending; ``pieces`` the table's cells (``csvtext.Pieces``); ``lines``
    explains a span of pairs and gives the pieces of its own (its sentences, numbered from the number it is given)
    and each pair's line as piece numbers; ``values`` the same span's pairs as typed values (for a workbook), by
    position in the span; ``empty`` maps each row without pairs to its cells. Rows come out in row order, pairs by
    rank, and at most ``EXPLAIN_ROWS`` pairs are explained at once.
    """

    rows: IntArray
    pieces: csvtext.Pieces
    lines: Callable[[slice, int], tuple[list[str], IntArray]]
    values: Callable[[slice], Callable[[int], list[object]]]
    empty: dict[int, list[object]]

    def _blocks(self) -> Iterator[tuple[IntArray, slice | None]]:
        """The table's lines in blocks: positions (a pair's index, or ``len(rows)`` + an empty row's), and the
        span of pairs among them — contiguous, since rows ascend and rows without pairs sort stably among them."""
        keys = np.concatenate([self.rows, np.array(sorted(self.empty), dtype=np.int64)])
        order = np.argsort(keys, kind="stable")
        for start in range(0, len(order), EXPLAIN_ROWS):
            picked = order[start : start + EXPLAIN_ROWS]
            pairs = picked[picked < len(self.rows)]
            yield picked, slice(int(pairs[0]), int(pairs[-1]) + 1) if len(pairs) else None

    def csv_text(self) -> Iterator[str]:
        pieces = self.pieces.extended(csvtext.rows_text(self.empty[r] for r in sorted(self.empty)))
        first_empty = len(self.pieces)
        for picked, span in self._blocks():
            is_pair = picked < len(self.rows)
            own, pair_lines = self.lines(span, len(pieces)) if span is not None else ([], None)
            width = pair_lines.shape[1] if pair_lines is not None else 2
            lines = np.full((len(picked), width), csvtext.EMPTY, dtype=np.int64)
            lines[~is_pair, 0] = first_empty + picked[~is_pair] - len(self.rows)
            lines[~is_pair, 1] = csvtext.LINE_END
            if pair_lines is not None:
                lines[is_pair] = pair_lines
            glue = pieces.extended(own) if own else pieces
            for block in csvtext.in_blocks(len(lines)):
                yield glue.text(lines[block])

    def typed_rows(self) -> Iterator[list[object]]:
        empty_rows = sorted(self.empty)
        for picked, span in self._blocks():
            values = self.values(span) if span is not None else None
            for position in picked.tolist():
                if position < len(self.rows):
                    assert values is not None and span is not None
                    yield values(position - span.start)
                else:
                    yield self.empty[empty_rows[position - len(self.rows)]]


def recommendations_by_seeker(index: MatchIndex, k: int) -> Table:
    best = index.top_openings(k)
    rows, ranks, columns = _ranked_pairs(best)
    seeker_ids = [seeker.id for seeker in index.seekers]
    opening_ids = [opening.id for opening in index.openings]
    titles = [opening.title for opening in index.openings]
    pieces = csvtext.Pieces()
    seeker_cell, opening_cell = pieces.add_cells(seeker_ids), pieces.add_cells(opening_ids)
    title_cell, rank_cell = pieces.add_cells(titles), pieces.add_cells(range(k + 1))
    scores = _Scores(index, pieces)

    def lines(span: slice, first: int) -> tuple[list[str], IntArray]:
        explained = index.explainer.explain(rows[span], columns[span])
        sentences, reasons = _quoted_reasons(explained, first)
        cells = [
            seeker_cell + rows[span],
            rank_cell + ranks[span],
            opening_cell + columns[span],
            title_cell + columns[span],
            scores.numbers(explained.scores),
            reasons,
        ]
        return sentences, csvtext.line_numbers(cells)

    def values(span: slice) -> Callable[[int], list[object]]:
        explained = index.explainer.explain(rows[span], columns[span])
        row, rank, column = rows[span], ranks[span], columns[span]
        return lambda p: [
            seeker_ids[int(row[p])],
            int(rank[p]),
            opening_ids[int(column[p])],
            titles[int(column[p])],
            round(float(explained.scores[p]), SCORE_DIGITS),
            REASON_SEPARATOR.join(explained.reasons(p)),
        ]

    listing = _Listing(rows, pieces, lines, values, _without_candidates(index, best, seeker_ids))
    headers = ["求职者编号", "名次", "岗位编号", "岗位名称", "得分", "推荐理由"]
    return Table("推荐岗位", "by_seeker", headers, listing.typed_rows(), listing.csv_text())


def _without_candidates(index: MatchIndex, best: TopK, seeker_ids: list[str]) -> dict[int, list[object]]:
    """The row of each seeker without any candidate, saying why (all of them explained at once)."""
    without = np.flatnonzero(best.candidate_counts() == 0)
    reasons = index.no_candidate_reasons(without)
    return {i: [seeker_ids[i], "", "", "", "", reason] for i, reason in zip(without.tolist(), reasons, strict=True)}


def recommendations_by_opening(index: MatchIndex, k: int) -> Table:
    best = index.top_seekers(k)
    rows, ranks, others = _ranked_pairs(best)
    seeker_ids = [seeker.id for seeker in index.seekers]
    opening_ids = [opening.id for opening in index.openings]
    titles = [opening.title for opening in index.openings]
    pieces = csvtext.Pieces()
    opening_cell, title_cell = pieces.add_cells(opening_ids), pieces.add_cells(titles)
    seeker_cell, rank_cell = pieces.add_cells(seeker_ids), pieces.add_cells(range(k + 1))
    scores = _Scores(index, pieces)

    def empty(j: int) -> list[object]:
        closed = index.closed_reasons(j)
        reason = REASON_SEPARATOR.join(closed) if closed else "没有求职者通过筛选"
        return [opening_ids[j], titles[j], "", "", "", reason]

    def lines(span: slice, first: int) -> tuple[list[str], IntArray]:
        explained = index.explainer.explain(others[span], rows[span])
        sentences, reasons = _quoted_reasons(explained, first)
        cells = [
            opening_cell + rows[span],
            title_cell + rows[span],
            rank_cell + ranks[span],
            seeker_cell + others[span],
            scores.numbers(explained.scores),
            reasons,
        ]
        return sentences, csvtext.line_numbers(cells)

    def values(span: slice) -> Callable[[int], list[object]]:
        explained = index.explainer.explain(others[span], rows[span])
        row, rank, other = rows[span], ranks[span], others[span]
        return lambda p: [
            opening_ids[int(row[p])],
            titles[int(row[p])],
            int(rank[p]),
            seeker_ids[int(other[p])],
            round(float(explained.scores[p]), SCORE_DIGITS),
            REASON_SEPARATOR.join(explained.reasons(p)),
        ]

    without = np.flatnonzero(best.candidate_counts() == 0).tolist()
    listing = _Listing(rows, pieces, lines, values, {j: empty(j) for j in without})
    headers = ["岗位编号", "岗位名称", "名次", "求职者编号", "得分", "推荐理由"]
    return Table("推荐人选", "by_opening", headers, listing.typed_rows(), listing.csv_text())


def certificate_text(plan: Assignment) -> str:
    certificate = plan.certificate
    if certificate is None:
        return "未证明（贪心法）"
    if certificate.only_moved:  # the others' margins could only have grown since the round before
        scoring = (
            f"最后一轮只重新评分对偶价格下降的 {certificate.scanned_seekers:,} 人、价格上升的 "
            f"{certificate.scanned_openings:,} 个岗位的组合（其余组合的余量只增不减，沿用上一轮的检验）"
        )
    else:
        scanned = f"{certificate.scanned_seekers:,} 人 × {certificate.scanned_openings:,} 个岗位的组合"
        scoring = f"最后一轮重新评分 {scanned}"
    return (
        f"已证明：所有可行组合中没有能提高总分的组合（求解 {certificate.rounds} 轮，"
        f"补充候选组合 {certificate.added_edges:,} 个，{scoring}，其余组合由双向前几名的得分排除）"
    )


def assignment_tables(index: MatchIndex, plan: Assignment, k: int) -> list[Table]:
    pairs = sorted(plan.pairs, key=lambda pair: pair.seeker_index)  # a listing's rows ascend
    seekers = np.array([pair.seeker_index for pair in pairs], dtype=np.int64)
    openings = np.array([pair.opening_index for pair in pairs], dtype=np.int64)
    explained = index.explain_pairs(seekers, openings)  # the plan's own seekers: a third of them
    opening_ids = [opening.id for opening in index.openings]
    titles = [opening.title for opening in index.openings]
    pieces = csvtext.Pieces()
    seeker_cell = pieces.add_cells([index.seekers[i].id for i in seekers.tolist()])
    opening_cell, title_cell, scores = pieces.add_cells(opening_ids), pieces.add_cells(titles), _Scores(index, pieces)
    sentences, reasons = _quoted_reasons(explained, len(pieces))
    pieces.add(sentences)
    lines = csvtext.line_numbers([
        seeker_cell + np.arange(len(seekers), dtype=np.int64),
        opening_cell + openings,
        title_cell + openings,
        scores.numbers(explained.scores),
        reasons,
    ])

    def values(p: int) -> list[object]:
        return [
            index.seekers[int(seekers[p])].id,
            opening_ids[int(openings[p])],
            titles[int(openings[p])],
            round(float(explained.scores[p]), SCORE_DIGITS),
            REASON_SEPARATOR.join(explained.reasons(p)),
        ]

    listing = _Listing(  # one seeker a pair, at most: explained at once above, the spans only cut
        seekers,
        pieces,
        lambda span, first: ([], lines[span]),
        lambda span: lambda p: values(span.start + p),
        {i: [s.id, "", "", "", plan.unassigned[s.id]] for i, s in enumerate(index.seekers) if s.id in plan.unassigned},
    )
    gap = GreedyGap.of(plan)
    summary: list[list[object]] = [
        ["方法", "最小费用流（总分最大）"],
        ["每人初始候选岗位数", k],
        ["已分配人数", len(plan.pairs)],
        ["未分配人数", len(plan.unassigned)],
        ["总分", round(plan.total_score, SCORE_DIGITS)],
        ["最优性", certificate_text(plan)],
        ["贪心法总分（对照）", round(gap.greedy_total, SCORE_DIGITS)],
        ["贪心法差距（%）", round(gap.gap_percent, 2)],
    ]
    return [
        Table(
            "分配结果",
            "assignment",
            ["求职者编号", "岗位编号", "岗位名称", "得分", "说明"],
            listing.typed_rows(),
            listing.csv_text(),
        ),
        Table("分配汇总", "summary", ["项目", "值"], summary),
    ]


def errors_table(errors: list[RowError]) -> Table:
    rows: list[list[object]] = [[error.file, error.row, error.column, error.message] for error in errors]
    return Table("错误行", "errors", ["文件", "行", "列", "错误"], rows)


# --- every candidate pair (--edges) ----------------------------------------------------------------


@dataclass(frozen=True)
class EdgesPlan:
    """How many rows ``--edges`` will write and about how many bytes."""

    pairs: int
    estimated_bytes: int


def plan_edges(index: MatchIndex, path: Path) -> EdgesPlan:
    """Count the candidate pairs (one scoring pass) and refuse, before writing, a file that cannot be made."""
    pairs = sum(len(seekers) for seekers, _, _ in index.candidate_pairs())
    estimated = pairs * EDGE_ROW_BYTES
    if path.suffix.lower() == ".xlsx" and pairs >= EXCEL_MAX_ROWS:
        raise InputError(
            f"{path.name}：候选组合共 {pairs:,} 个，超过 Excel 一张表的上限（{EXCEL_MAX_ROWS - 1:,} 行），请改存为 .csv"
        )
    if path.suffix.lower() not in {".csv", ".xlsx"}:
        raise InputError(f"{path.name}：结果文件只支持 .csv 或 .xlsx")
    free = shutil.disk_usage(path.resolve().parent).free
    if estimated > free:
        raise InputError(
            f"{path.name}：候选组合共 {pairs:,} 个，约需 {estimated / 1e9:.1f} GB，"
            f"而磁盘只剩 {free / 1e9:.1f} GB；未写入任何内容"
        )
    return EdgesPlan(pairs, estimated)


@dataclass(frozen=True)
class _EdgeBlock:
    seekers: IntArray
    openings: IntArray
    parts: np.ndarray
    scores: np.ndarray
    flags: list[np.ndarray]  # in the top k; assigned (with a plan)


def _edge_blocks(index: MatchIndex, k: int, plan: Assignment | None) -> Iterator[_EdgeBlock]:
    """Every candidate pair with its parts and flags, one scoring block at a time."""
    m = len(index.openings)
    best = index.top_openings(k)
    rows, ranks = np.nonzero(best.indices >= 0)
    members = [np.sort(rows.astype(np.int64) * m + best.indices[rows, ranks])]
    if plan is not None:
        members.append(np.sort(np.array([p.seeker_index * m + p.opening_index for p in plan.pairs], dtype=np.int64)))
    for seekers, openings, _ in index.candidate_pairs():
        order = np.lexsort((openings, seekers))
        seekers, openings = seekers[order], openings[order]
        parts, scores = index.explainer.parts(seekers, openings)
        keys = seekers * m + openings
        flags = [
            group[np.minimum(np.searchsorted(group, keys), max(len(group) - 1, 0))] == keys
            if len(group)
            else np.zeros(len(keys), dtype=np.bool_)
            for group in members
        ]
        yield _EdgeBlock(seekers, openings, parts, scores, flags)


def _edge_csv(index: MatchIndex, blocks: Iterator[_EdgeBlock]) -> Iterator[str]:
    """CSV text of each block, glued from numbered pieces (``csvtext.Pieces``: no Python loop per pair)."""
    pieces = csvtext.Pieces()
    seeker_cell = pieces.add_cells([s.id for s in index.seekers])
    opening_cell = pieces.add_cells([o.id for o in index.openings])
    scores, no = _Scores(index, pieces), pieces.add(["否", "是"])
    for block in blocks:
        cells = [seeker_cell + block.seekers, opening_cell + block.openings]
        cells += [scores.numbers(column) for column in (block.scores, *block.parts.T)]
        cells += [no + flag.astype(np.int64) for flag in block.flags]
        lines = csvtext.line_numbers(cells)
        for part in csvtext.in_blocks(len(lines)):
            yield pieces.text(lines[part])


def _edge_rows(index: MatchIndex, blocks: Iterator[_EdgeBlock]) -> Iterator[list[object]]:
    for block in blocks:
        scores, parts = _rounded(block.scores), np.round(block.parts, SCORE_DIGITS).tolist()
        flags = [["是" if f else "否" for f in flag.tolist()] for flag in block.flags]
        for p, (i, j) in enumerate(zip(block.seekers.tolist(), block.openings.tolist(), strict=True)):
            yield [index.seekers[i].id, index.openings[j].id, scores[p], *parts[p], *(f[p] for f in flags)]


def write_edges(path: Path, index: MatchIndex, k: int, plan: Assignment | None, place: Place = in_place
) -> None:
    """Every candidate pair with its part values, whether it is in the top k, and whether assigned;
    ``plan_edges`` has checked the size first. ``place``: where the file is written for now."""
    headers = ["求职者编号", "岗位编号", "得分", *(explain.PART_LABELS[name] for name in PART_NAMES), f"前{k}推荐"]
    if plan is not None:
        headers.append("已分配")
    blocks = _edge_blocks(index, k, plan)
    if path.suffix.lower() == ".xlsx":
        write_tables(path, [Table("候选组合", "edges", headers, _edge_rows(index, blocks))], place)
        return
    with writing(path), place(path).open("w", encoding="utf-8-sig", newline="") as output:
        output.write(",".join(headers) + "\r\n")
        for text in _edge_csv(index, blocks):
            output.write(text)


def check_excluded(index: MatchIndex) -> None:
    """``--excluded`` checks every pair one by one in plain Python: refuse what would take hours."""
    pairs = len(index.seekers) * len(index.openings)
    if pairs > EXCLUDED_MAX_PAIRS:
        raise InputError(
            f"--excluded 需逐一核对 {pairs:,} 个组合，超过上限 {EXCLUDED_MAX_PAIRS:,}；请缩小文件后再导出被筛掉的组合"
        )


def excluded_table(index: MatchIndex) -> Table:
    """Every excluded pair with all its reasons (seekers × openings checks: small files only)."""

    def rows() -> Iterator[list[object]]:
        for i, seeker in enumerate(index.seekers):
            for j, opening in enumerate(index.openings):
                reasons = index.explain_exclusion(i, j)
                if reasons:
                    yield [seeker.id, opening.id, REASON_SEPARATOR.join(reasons)]

    return Table("排除组合", "excluded", ["求职者编号", "岗位编号", "排除原因"], rows())
