"""Match a file of seekers against a file of openings (CSV or Excel in, CSV or Excel out).

    python -m bangfu.matching SEEKERS OPENINGS --out RESULT [--assign] [--top 10]
        [--assign-top 20] [--edges EDGES] [--excluded EXCLUDED] [--as-of 2024-03-05]

Exit code 0 when every row was read, 2 when some rows were rejected (the valid rows are still
matched; the rejected ones are printed on stderr and listed in the result) or when a file cannot be
used at all. docs/matching.md describes the columns.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import explain
from .assign import Assignment, assign, greedy_gap
from .engine import PART_NAMES, MatchIndex, build_index
from .fileio import (
    CellError,
    InputError,
    RowError,
    Table,
    load_openings,
    load_seekers,
    parse_date,
    write_tables,
)

EXIT_OK = 0
EXIT_BAD_INPUT = 2
REASON_SEPARATOR = "；"
SCORE_DIGITS = 4


def today_in_shanghai() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bangfu.matching",
        description="人岗匹配：为求职者推荐岗位、为岗位推荐人选，可做一对一分配。",
    )
    parser.add_argument("seekers", type=Path, help="求职者文件（.csv 或 .xlsx）")
    parser.add_argument("openings", type=Path, help="岗位文件（.csv 或 .xlsx）")
    parser.add_argument("--out", type=Path, required=True, help="结果文件（.csv 或 .xlsx）")
    parser.add_argument("--assign", action="store_true", help="按总分最大做一对一分配")
    parser.add_argument("--top", type=int, default=10, help="每人、每岗推荐数（默认 10）")
    parser.add_argument("--assign-top", type=int, default=20, help="分配时每人考虑的候选岗位数（默认 20）")
    parser.add_argument("--edges", type=Path, help="另存每个通过筛选的组合及各项得分")
    parser.add_argument("--excluded", type=Path, help="另存每个被筛掉的组合及原因")
    parser.add_argument("--as-of", help="按此日期判断岗位是否过期（默认今天）")
    return parser


def _score(value: float) -> float:
    return round(value, SCORE_DIGITS)


def recommendations_by_seeker(index: MatchIndex, k: int) -> Table:
    titles = {opening.id: opening.title for opening in index.openings}
    rows: list[list[object]] = []
    for i, recommendations in enumerate(index.recommend_for_seekers(k)):
        seeker = index.seekers[i]
        if not recommendations:
            rows.append([seeker.id, "", "", "", "", index.why_no_candidate(i)])
        for recommendation in recommendations:
            title = titles[recommendation.opening_id]
            reasons = REASON_SEPARATOR.join(recommendation.reasons)
            rows.append(
                [
                    seeker.id,
                    recommendation.rank,
                    recommendation.opening_id,
                    title,
                    _score(recommendation.score),
                    reasons,
                ]
            )
    return Table("推荐岗位", "by_seeker", ["求职者编号", "名次", "岗位编号", "岗位名称", "得分", "推荐理由"], rows)


def recommendations_by_opening(index: MatchIndex, k: int) -> Table:
    rows: list[list[object]] = []
    for j, recommendations in enumerate(index.recommend_for_openings(k)):
        opening = index.openings[j]
        if not recommendations:
            closed = index.closed_reasons(j)
            reason = REASON_SEPARATOR.join(closed) if closed else "没有求职者通过筛选"
            rows.append([opening.id, opening.title, "", "", "", reason])
        for recommendation in recommendations:
            reasons = REASON_SEPARATOR.join(recommendation.reasons)
            rows.append(
                [
                    opening.id,
                    opening.title,
                    recommendation.rank,
                    recommendation.seeker_id,
                    _score(recommendation.score),
                    reasons,
                ]
            )
    headers = ["岗位编号", "岗位名称", "名次", "求职者编号", "得分", "推荐理由"]
    return Table("推荐人选", "by_opening", headers, rows)


def assignment_tables(index: MatchIndex, assignment: Assignment, k: int) -> list[Table]:
    titles = {opening.id: opening.title for opening in index.openings}
    rows: list[list[object]] = []
    made = {pair.seeker_id: pair for pair in assignment.pairs}
    for i, seeker in enumerate(index.seekers):
        pair = made.get(seeker.id)
        if pair is None:
            rows.append([seeker.id, "", "", "", assignment.unassigned[seeker.id]])
            continue
        reasons = REASON_SEPARATOR.join(index.explain(i, pair.opening_index).reasons)
        rows.append([seeker.id, pair.opening_id, titles[pair.opening_id], _score(pair.score), reasons])
    gap = greedy_gap(index, k=k)
    summary: list[list[object]] = [
        ["方法", "最小费用流（总分最大）"],
        ["每人候选岗位数", k],
        ["已分配人数", len(assignment.pairs)],
        ["未分配人数", len(assignment.unassigned)],
        ["总分", _score(assignment.total_score)],
        ["贪心法总分（对照）", _score(gap.greedy_total)],
        ["贪心法差距（%）", round(gap.gap_percent, 2)],
    ]
    return [
        Table("分配结果", "assignment", ["求职者编号", "岗位编号", "岗位名称", "得分", "说明"], rows),
        Table("分配汇总", "summary", ["项目", "值"], summary),
    ]


def edges_table(index: MatchIndex, k: int, assignment: Assignment | None) -> Table:
    """Every candidate pair with its part values, whether it is in the top k, and assigned."""
    in_top = {(i, j) for i in range(len(index.seekers)) for j, _ in index.top_openings(k).row(i)}
    assigned = {(pair.seeker_index, pair.opening_index) for pair in assignment.pairs} if assignment else set()
    pairs = sorted(
        (int(i), int(j))
        for seekers, openings, _ in index.candidate_pairs()
        for i, j in zip(seekers, openings, strict=True)
    )
    rows: list[list[object]] = []
    for i, j in pairs:
        recommendation = index.explain(i, j)
        parts = [_score(recommendation.parts[name]) for name in PART_NAMES]
        flags = ["是" if (i, j) in in_top else "否"]
        if assignment is not None:
            flags.append("是" if (i, j) in assigned else "否")
        rows.append([index.seekers[i].id, index.openings[j].id, _score(recommendation.score), *parts, *flags])
    headers = ["求职者编号", "岗位编号", "得分", *(explain.PART_LABELS[name] for name in PART_NAMES), f"前{k}推荐"]
    if assignment is not None:
        headers.append("已分配")
    return Table("候选组合", "edges", headers, rows)


def excluded_table(index: MatchIndex) -> Table:
    rows: list[list[object]] = []
    for i, seeker in enumerate(index.seekers):
        for j, opening in enumerate(index.openings):
            reasons = index.explain_exclusion(i, j)
            if reasons:
                rows.append([seeker.id, opening.id, REASON_SEPARATOR.join(reasons)])
    return Table("排除组合", "excluded", ["求职者编号", "岗位编号", "排除原因"], rows)


def errors_table(errors: Sequence[RowError]) -> Table:
    rows: list[list[object]] = [[error.file, error.row, error.column, error.message] for error in errors]
    return Table("错误行", "errors", ["文件", "行", "列", "错误"], rows)


def run(args: argparse.Namespace, as_of: date) -> int:
    seekers = load_seekers(args.seekers)
    openings = load_openings(args.openings)
    errors = [*seekers.errors, *openings.errors]
    for error in errors:
        print(error, file=sys.stderr)
    index = build_index(seekers.records, openings.records, as_of=as_of)
    tables: list[Table] = []
    assignment = assign(index, k=args.assign_top) if args.assign else None
    if assignment is not None:
        tables.extend(assignment_tables(index, assignment, args.assign_top))
    tables.append(recommendations_by_seeker(index, args.top))
    tables.append(recommendations_by_opening(index, args.top))
    if errors:
        tables.append(errors_table(errors))
    written = write_tables(args.out, tables)
    if args.edges:
        written += write_tables(args.edges, [edges_table(index, args.top, assignment)])
    if args.excluded:
        written += write_tables(args.excluded, [excluded_table(index)])
    rejected_seekers = len({error.row for error in seekers.errors})
    rejected_openings = len({error.row for error in openings.errors})
    print(
        f"求职者 {len(seekers.records)} 人（拒收 {rejected_seekers} 行），"
        f"岗位 {len(openings.records)} 个（拒收 {rejected_openings} 行）；"
        f"结果：{'、'.join(str(path) for path in dict.fromkeys(written))}"
    )
    return EXIT_BAD_INPUT if errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.top < 1 or args.assign_top < 1:
        print("错误：--top 与 --assign-top 须为正整数", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        as_of = parse_date(args.as_of) if args.as_of else today_in_shanghai()
    except CellError as error:
        print(f"错误：--as-of {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return run(args, as_of or today_in_shanghai())
    except (InputError, CellError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
