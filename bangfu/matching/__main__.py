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

from . import results
from .assign import assign
from .engine import build_index
from .fileio import CellError, InputError, Table, load_openings, load_seekers, parse_date, write_tables

EXIT_OK = 0
EXIT_BAD_INPUT = 2


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


def run(args: argparse.Namespace, as_of: date) -> int:
    seekers = load_seekers(args.seekers)
    openings = load_openings(args.openings)
    errors = [*seekers.errors, *openings.errors]
    for error in errors:
        print(error, file=sys.stderr)
    index = build_index(seekers.records, openings.records, as_of=as_of)
    # Refuse what cannot be written before writing anything.
    if args.excluded:
        results.check_excluded(index)
    edges = results.plan_edges(index, args.edges) if args.edges else None
    tables: list[Table] = []
    plan = assign(index, k=args.assign_top) if args.assign else None
    if plan is not None:
        tables.extend(results.assignment_tables(index, plan, args.assign_top))
    tables.append(results.recommendations_by_seeker(index, args.top))
    tables.append(results.recommendations_by_opening(index, args.top))
    if errors:
        tables.append(results.errors_table(errors))
    written = write_tables(args.out, tables)
    if args.edges:
        results.write_edges(args.edges, index, args.top, plan)
        written.append(args.edges)
    if args.excluded:
        written += write_tables(args.excluded, [results.excluded_table(index)])
    rejected_seekers = len({error.row for error in seekers.errors})
    rejected_openings = len({error.row for error in openings.errors})
    print(
        f"求职者 {len(seekers.records)} 人（拒收 {rejected_seekers} 行），"
        f"岗位 {len(openings.records)} 个（拒收 {rejected_openings} 行）；"
        f"结果：{'、'.join(str(path) for path in dict.fromkeys(written))}"
    )
    if plan is not None:
        print(f"分配：{len(plan.pairs)} 人；{results.certificate_text(plan)}")
    if edges is not None:
        print(f"候选组合 {edges.pairs:,} 个已写入 {args.edges}")
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
