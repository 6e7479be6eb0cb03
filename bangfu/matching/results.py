"""The command's result tables, built from the engine's arrays and handed to the writer row by row.

Every pair shown is explained by ``MatchIndex.explainer`` in one batch (equal to ``score_pair`` pair
by pair); rows are produced lazily, so the writer streams them to disk. ``--edges`` is written in
blocks of the scoring pass, formatted with numpy string operations: memory stays bounded at any
size, and the command refuses before starting when the file would not fit on the disk.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.dtypes import StringDType

from . import explain
from .assign import Assignment, GreedyGap
from .engine import PART_NAMES, Explained, IntArray, MatchIndex, TopK
from .fileio import InputError, RowError, Table, write_tables

REASON_SEPARATOR: Final = "；"
SCORE_DIGITS: Final = 4
EXCEL_MAX_ROWS: Final = 1_048_576
# Measured on the benchmark instance: a row of the edges CSV takes 80–95 bytes; 110 leaves room.
EDGE_ROW_BYTES: Final = 110
EXCLUDED_MAX_PAIRS: Final = 5_000_000


def _rounded(scores: np.ndarray) -> list[float]:
    rounded: list[float] = np.round(scores, SCORE_DIGITS).tolist()
    return rounded




def _explain_rows(index: MatchIndex, best: TopK, by_seeker: bool) -> tuple[Explained, IntArray]:
    rows, ranks = np.nonzero(best.indices >= 0)
    others = best.indices[rows, ranks]
    rows = rows.astype(np.int64)
    if by_seeker:
        return index.explainer.explain(rows, others), others
    return index.explainer.explain(others, rows), others


def recommendations_by_seeker(index: MatchIndex, k: int) -> Table:
    best = index.top_openings(k)
    explained, columns = _explain_rows(index, best, by_seeker=True)
    texts, scores = explained.joined(REASON_SEPARATOR), _rounded(explained.scores)
    opening_ids = [opening.id for opening in index.openings]
    titles = [opening.title for opening in index.openings]
    others = columns.tolist()

    def rows() -> Iterator[list[object]]:
        p = 0
        for i, count in enumerate(best.candidate_counts().tolist()):
            seeker_id = index.seekers[i].id
            if not count:
                yield [seeker_id, "", "", "", "", index.why_no_candidate(i)]
            for rank in range(1, count + 1):
                j = others[p]
                yield [seeker_id, rank, opening_ids[j], titles[j], scores[p], texts[p]]
                p += 1

    headers = ["求职者编号", "名次", "岗位编号", "岗位名称", "得分", "推荐理由"]
    return Table("推荐岗位", "by_seeker", headers, rows())


def recommendations_by_opening(index: MatchIndex, k: int) -> Table:
    best = index.top_seekers(k)
    explained, columns = _explain_rows(index, best, by_seeker=False)
    texts, scores = explained.joined(REASON_SEPARATOR), _rounded(explained.scores)
    seeker_ids = [seeker.id for seeker in index.seekers]
    others = columns.tolist()

    def rows() -> Iterator[list[object]]:
        p = 0
        for j, count in enumerate(best.candidate_counts().tolist()):
            opening = index.openings[j]
            if not count:
                closed = index.closed_reasons(j)
                reason = REASON_SEPARATOR.join(closed) if closed else "没有求职者通过筛选"
                yield [opening.id, opening.title, "", "", "", reason]
            for rank in range(1, count + 1):
                yield [opening.id, opening.title, rank, seeker_ids[others[p]], scores[p], texts[p]]
                p += 1

    headers = ["岗位编号", "岗位名称", "名次", "求职者编号", "得分", "推荐理由"]
    return Table("推荐人选", "by_opening", headers, rows())


def certificate_text(plan: Assignment) -> str:
    certificate = plan.certificate
    if certificate is None:
        return "未证明（贪心法）"
    return (
        f"已证明：所有可行组合中没有能提高总分的组合（求解 {certificate.rounds} 轮，"
        f"补充候选组合 {certificate.added_edges:,} 个，"
        f"最后一轮重新评分 {certificate.scanned_seekers:,} 人 × {certificate.scanned_openings:,} 个岗位的组合，"
        "其余组合由双向前几名的得分排除）"
    )


def assignment_tables(index: MatchIndex, plan: Assignment, k: int) -> list[Table]:
    seekers = np.array([pair.seeker_index for pair in plan.pairs], dtype=np.int64)
    openings = np.array([pair.opening_index for pair in plan.pairs], dtype=np.int64)
    explained = index.explainer.explain(seekers, openings)
    texts, scores = explained.joined(REASON_SEPARATOR), _rounded(explained.scores)
    position = {int(i): p for p, i in enumerate(seekers.tolist())}

    def rows() -> Iterator[list[object]]:
        for i, seeker in enumerate(index.seekers):
            p = position.get(i)
            if p is None:
                yield [seeker.id, "", "", "", plan.unassigned[seeker.id]]
                continue
            opening = index.openings[int(openings[p])]
            yield [seeker.id, opening.id, opening.title, scores[p], texts[p]]

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
        Table("分配结果", "assignment", ["求职者编号", "岗位编号", "岗位名称", "得分", "说明"], rows()),
        Table("分配汇总", "summary", ["项目", "值"], summary),
    ]


def errors_table(errors: list[RowError]) -> Table:
    rows: list[list[object]] = [[error.file, error.row, error.column, error.message] for error in errors]
    return Table("错误行", "errors", ["文件", "行", "列", "错误"], rows)


# --- every candidate pair (--edges) ----------------------------------------------------------------


def _csv_cell(value: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([value])
    return buffer.getvalue()


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


def _number_table(limit: float) -> np.ndarray:
    """ "0.0000" … up to ``limit``: a value rounded to 4 decimals is formatted by one lookup."""
    steps = round(limit * 10**SCORE_DIGITS) + 1
    return np.array([f"{v / 10**SCORE_DIGITS:.{SCORE_DIGITS}f}" for v in range(steps)], dtype=StringDType())


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
    """CSV text of each block, formatted with numpy string operations (no Python loop per pair)."""
    seeker_cells = np.array([_csv_cell(s.id) for s in index.seekers], dtype=StringDType())
    opening_cells = np.array([_csv_cell(o.id) for o in index.openings], dtype=StringDType())
    numbers = _number_table(max(1.0, sum(index.weights.weight_of(name) for name in PART_NAMES)))
    yes_no = np.array(["否", "是"], dtype=StringDType())
    for block in blocks:
        line = np.strings.add(np.strings.add(seeker_cells[block.seekers], ","), opening_cells[block.openings])
        for column in (block.scores, *block.parts.T):
            steps = np.rint(np.clip(column, 0.0, None) * 10**SCORE_DIGITS).astype(np.int64)
            line = np.strings.add(np.strings.add(line, ","), numbers[np.minimum(steps, len(numbers) - 1)])
        for flag in block.flags:
            line = np.strings.add(np.strings.add(line, ","), yes_no[flag.astype(np.int64)])
        yield "\r\n".join(line.tolist()) + "\r\n"


def _edge_rows(index: MatchIndex, blocks: Iterator[_EdgeBlock]) -> Iterator[list[object]]:
    for block in blocks:
        scores, parts = _rounded(block.scores), np.round(block.parts, SCORE_DIGITS).tolist()
        flags = [["是" if f else "否" for f in flag.tolist()] for flag in block.flags]
        for p, (i, j) in enumerate(zip(block.seekers.tolist(), block.openings.tolist(), strict=True)):
            yield [index.seekers[i].id, index.openings[j].id, scores[p], *parts[p], *(f[p] for f in flags)]


def write_edges(path: Path, index: MatchIndex, k: int, plan: Assignment | None) -> None:
    """Every candidate pair with its part values, whether it is in the top k, and whether assigned;
    ``plan_edges`` has checked the size first."""
    headers = ["求职者编号", "岗位编号", "得分", *(explain.PART_LABELS[name] for name in PART_NAMES), f"前{k}推荐"]
    if plan is not None:
        headers.append("已分配")
    blocks = _edge_blocks(index, k, plan)
    if path.suffix.lower() == ".xlsx":
        write_tables(path, [Table("候选组合", "edges", headers, _edge_rows(index, blocks))])
        return
    with path.open("w", encoding="utf-8-sig", newline="") as output:
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
