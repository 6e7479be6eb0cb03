"""Match a file of seekers against a file of openings (CSV or Excel in, CSV or Excel out).

    python -m bangfu.matching SEEKERS OPENINGS --out RESULT [--assign] [--top 10]
        [--assign-top 20] [--edges EDGES] [--excluded EXCLUDED] [--as-of 2024-03-05]

Exit code 0 when every row was read, 2 when some rows were rejected (the valid rows are still
matched; the rejected ones are printed on stderr and listed in the result) or when a file cannot be
used at all, 130 when interrupted (Ctrl-C) and 143 when stopped (SIGTERM). Result files are written under
hidden temporary names and put in place together at the end: a run that fails, is stopped or killed leaves
none of its results, and no earlier run's results half replaced. docs/matching.md describes the columns.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Final, NoReturn
from zoneinfo import ZoneInfo

from bangfu.core.bulkwork import no_cyclic_gc

from . import results
from .assign import assign
from .beside import Beside, Steps
from .engine import MatchIndex, build_index
from .fileio import (
    CellError,
    InputError,
    Outputs,
    Place,
    Table,
    check_outputs,
    load_openings,
    load_seekers,
    os_reason,
    output_paths,
    parse_date,
    write_csv,
    write_tables,
)

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl-C
EXIT_TERMINATED = 143  # and SIGTERM
# The longest list a run may ask for, as on the page (services.MAX_TOP_K): the lists, their reasons and the
# plan's graph grow with it (seekers × k rows), and --top 100000 on 2,000 × 500 ran 447 s and took 12 GB
# before this limit (7 Dec 2026), for the same result as --top 500.
MAX_TOP = 100
# The command alone (--assign --timings) on the files bench/match_files.py writes, by bench/matching.py on the 2-core
# machine with nothing else running (load 1.0–1.2, 8 Dec 2026): wall time (CPU time of the command and its child), peak
# memory of the larger process. docs/matching.md has the steps; the same code varies by ±1.5 s from run to run there.
MEASURED = """已测规模（--assign，2 核机器空闲时，负载 1.0–1.2；结果为 .csv 时两张推荐表由并行子进程写出）：
  求职者 2,000 × 岗位 500：0.7 秒（CPU 0.9 秒），内存峰值 155 MB
  求职者 20,000 × 4,000：2.2 秒（CPU 3.0 秒），内存峰值 393 MB，写出 62 MB
  求职者 100,000 × 20,000：12.4 秒（CPU 17.7 秒），内存峰值 1.22 GB，写出 324 MB
  （同一台机器上多次运行相差可达 ±1.5 秒；与其他任务共用机器时墙钟时间可达数倍）
结果为 .csv 时推荐表每次解释 25 万行，内存不随 --top 增长（.xlsx 一次写成，每张表最多 1,048,575 行）；
--assign-top 越大，分配所用的图越大
（100,000 × 20,000 时 --top 100 --assign-top 100：内存峰值 3.0 GB）。
--edges 每个候选组合约 90 字节；100,000 × 20,000 约 4,260 万个组合、约 4 GB。
结果文件先写入同目录的隐藏临时文件，全部完成后一起替换：中途失败、中断或被结束时不留下不完整的结果。"""


# glibc's mallopt parameters (malloc.h) and the values the command sets, see keep_freed_memory.
M_TRIM_THRESHOLD: Final = -1
M_MMAP_THRESHOLD: Final = -3
MMAP_THRESHOLD_BYTES: Final = 32 * 1024 * 1024  # glibc's largest allowed value on 64-bit systems
TRIM_THRESHOLD_BYTES: Final = 1024 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Have malloc keep the memory of freed arrays for the next ones instead of giving it back to the system.

    numpy allocates a fresh temporary for nearly every operation on a block; glibc serves arrays above its mmap
    threshold (128 KB at first) with their own mapping, unmapped when freed, so every temporary's pages faulted in
    again: 4.7–7.4 s of system time in a 32–35 s run at 100,000 × 20,000 (parent and child; 860,000 minor faults in
    the child alone). Blocks up to 32 MB come from the heap instead, and the heap is trimmed only past 1 GB
    free: system time 2.8–3.6 s, CPU about 3 s less, peak +27–40 MB (7 Dec 2026). The command is one short run, so
    memory kept until it exits costs little; the page's run, in a long-lived server process, does not do this.
    False where there is no glibc ``mallopt`` (then nothing changes)."""
    if not sys.platform.startswith("linux"):
        return False
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is None:
        return False
    mapped = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    return bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)) and mapped


def exit_without_teardown(code: int) -> NoReturn:
    """End the command once its files are in place and its messages flushed, without freeing its objects one by
    one: the interpreter's teardown of a run's records, sets and arrays took 0.7 s of the 15 s at 100,000 × 20,000
    (7 Dec 2026), with nothing left to do — the results are renamed into place and the child has been waited for
    (``Beside.stop``). Only where the command runs as the program: main() in a longer-lived process returns."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def today_in_shanghai() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


# argparse's own messages, in Chinese (the command's users read no English): its wording → ours.
_ARGPARSE_WORDING: Final = (
    (re.compile(r"^argument (\S+): invalid whole_number value: '(.*)'$"), r"\1 须为整数（收到 \2）"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"\1 缺少取值"),
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少必需的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (\S+): (.*)$"), r"\1：\2"),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for pattern, wording in _ARGPARSE_WORDING:
            if pattern.match(message):
                message = pattern.sub(wording, message)
                break
        self.exit(EXIT_BAD_INPUT, f"错误：{message}（python -m bangfu.matching --help 查看用法）\n")


def whole_number(text: str) -> int:
    return int(text.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="python -m bangfu.matching",
        description="人岗匹配：为求职者推荐岗位、为岗位推荐人选，可做一对一分配。",
        epilog=MEASURED,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("seekers", type=Path, help="求职者文件（.csv 或 .xlsx）")
    parser.add_argument("openings", type=Path, help="岗位文件（.csv 或 .xlsx）")
    parser.add_argument("--out", type=Path, required=True, help="结果文件（.csv 或 .xlsx）")
    parser.add_argument("--assign", action="store_true", help="按总分最大做一对一分配")
    parser.add_argument("--top", type=whole_number, default=10, help=f"每人、每岗推荐数（默认 10，1–{MAX_TOP}）")
    parser.add_argument(
        "--assign-top", type=whole_number, default=20, help=f"分配时每人考虑的候选岗位数（默认 20，1–{MAX_TOP}）"
    )
    parser.add_argument("--edges", type=Path, help="另存每个通过筛选的组合及各项得分")
    parser.add_argument("--excluded", type=Path, help="另存每个被筛掉的组合及原因")
    parser.add_argument("--as-of", help="按此日期判断岗位是否过期（默认今天）")
    parser.add_argument("--timings", action="store_true", help="在标准错误输出各步骤用时")
    return parser


class Stopwatch:
    """Seconds spent in each step of a run, for ``--timings`` and the benchmark."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.steps[step] = self.steps.get(step, 0.0) + now - self._last
        self._last = now

    def summary(self) -> str:
        return "计时（秒）：" + "，".join(f"{step} {seconds:.2f}" for step, seconds in self.steps.items())


def _recommendations_beside(index: MatchIndex, top: int, targets: dict[str, Path], place: Place) -> Steps:
    """The child's work: both recommendation tables, explained and written (``beside``). Neither needs the
    plan, so the parent's share (the plan, its proof, the greedy comparison) runs meanwhile."""
    clock = Stopwatch()
    # A table's pairs are explained as its rows are written (results.EXPLAIN_ROWS at a time): one step each.
    write_csv(targets["by_seeker"], results.recommendations_by_seeker(index, top), place)
    clock.lap("推荐岗位理由与写出（并行）")
    write_csv(targets["by_opening"], results.recommendations_by_opening(index, top), place)
    clock.lap("推荐人选理由与写出（并行）")
    return clock.steps


@contextmanager
def explainer_beside(index: MatchIndex) -> Iterator[None]:
    """The explainer over every seeker built on a thread while the top-k pass runs (its numpy and scipy loops
    release the interpreter; the explainer's set-up is Python): the child forked after it inherits it for the
    recommendation tables, and the parent explains the plan's pairs with it instead of building its own. An error
    of the set-up is raised here, in the command's thread, as anywhere else."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="explainer") as pool:
        built = pool.submit(lambda: index.explainer)
        yield
        built.result()


def _result_files(args: argparse.Namespace) -> tuple[list[str], list[Path]]:
    """The tables' file suffixes (the errors table last, when rows are rejected) and every file the run may
    write, each once (a workbook holds all its tables)."""
    suffixes = [*(["assignment", "summary"] if args.assign else []), "by_seeker", "by_opening", "errors"]
    files = [*dict.fromkeys(output_paths(args.out, suffixes))]
    files += [path for path in (args.edges, args.excluded) if path is not None]
    return suffixes, files


def _earlier_results(out: Path, written: Sequence[Path]) -> list[Path]:
    """Result files of ``out``'s names that this run did not write, left by an earlier run with other options (an
    earlier --assign run's summary, an errors table for rows this run did not reject): said, never deleted — a file
    of that name may be the user's own."""
    every = output_paths(out, ["assignment", "summary", "by_seeker", "by_opening", "errors"])
    ours = {path.resolve() for path in written}
    return [path for path in dict.fromkeys(every) if path.exists() and path.resolve() not in ours]


def run(args: argparse.Namespace, as_of: date) -> int:
    clock = Stopwatch()
    suffixes, files = _result_files(args)
    check_outputs([args.seekers, args.openings], files)
    for stale in Outputs.remove_stale(files):
        print(f"已删除此前被强行结束的运行留下的临时文件 {stale}", file=sys.stderr)
    outputs = Outputs()
    try:
        return _run(args, as_of, clock, suffixes, outputs)
    except BaseException:
        outputs.discard()
        raise


def _run(args: argparse.Namespace, as_of: date, clock: Stopwatch, suffixes: list[str], outputs: Outputs) -> int:
    seekers = load_seekers(args.seekers)
    openings = load_openings(args.openings)
    errors = [*seekers.errors, *openings.errors]
    for error in errors:
        print(error, file=sys.stderr)
    clock.lap("读取")
    index = build_index(seekers.records, openings.records, as_of=as_of)
    clock.lap("分词与建索引")
    # Refuse what cannot be written before writing anything.
    if args.excluded:
        results.check_excluded(index)
    edges = results.plan_edges(index, args.edges) if args.edges else None
    # One pass for the longer list; the shorter one is its first columns.
    with explainer_beside(index):
        index.top_k(max(args.top, args.assign_top) if args.assign else args.top)
    if args.out.suffix.lower() == ".xlsx":
        results.check_workbook_rows(index, args.top, args.out)
    clock.lap("前k名（双向）")
    if not errors:
        suffixes = suffixes[:-1]
    paths = output_paths(args.out, suffixes)
    beside: Beside | None = None
    if args.out.suffix.lower() == ".csv":
        # The child builds the explainer over every seeker for the recommendations; the parent explains only the
        # plan's pairs (``explain_pairs``, over the plan's own seekers), so it no longer waits for that set-up.
        targets = {suffix: paths[suffixes.index(suffix)] for suffix in ("by_seeker", "by_opening")}
        for target in targets.values():
            outputs.place(target)  # named here: the child's own record of it would be lost with the child
        beside = Beside(
            lambda: _recommendations_beside(index, args.top, targets, outputs.place),
            "、".join(map(str, targets.values())),
        )
        if beside.forked:
            # The child holds the other core: the plan's scan of left-out pairs runs on one thread, as a second
            # would only slow the child, which finishes last (MatchIndex.map_districts).
            index.workers = 1
    try:
        plan = assign(index, k=args.assign_top) if args.assign else None
        clock.lap("分配与最优性证明")
        tables: list[Table] = []
        if plan is not None:
            tables.extend(results.assignment_tables(index, plan, args.assign_top))
        if beside is None:
            tables.append(results.recommendations_by_seeker(index, args.top))
            tables.append(results.recommendations_by_opening(index, args.top))
        if errors:
            tables.append(results.errors_table(errors))
        clock.lap("理由")
        if beside is None:
            written = write_tables(args.out, tables, outputs.place)
        else:
            for table in tables:
                write_csv(paths[suffixes.index(table.file_suffix)], table, outputs.place)
            written = list(paths)
        clock.lap("写出结果")
        if beside is not None:
            finished = beside.result()
            clock.lap("等待并行写出")
            clock.steps.update(finished.steps)
    finally:
        if beside is not None:
            beside.stop()
    if args.edges:
        results.write_edges(args.edges, index, args.top, plan, outputs.place)
        written.append(args.edges)
        clock.lap("写出候选组合")
    if args.excluded:
        written += write_tables(args.excluded, [results.excluded_table(index)], outputs.place)
        clock.lap("写出排除组合")
    with signals_held():
        outputs.commit()  # every file complete: all put in place together
    rejected_seekers = len({error.row for error in seekers.errors})
    rejected_openings = len({error.row for error in openings.errors})
    print(
        f"求职者 {len(seekers.records)} 人（拒收 {rejected_seekers} 行），"
        f"岗位 {len(openings.records)} 个（拒收 {rejected_openings} 行）；"
        f"结果：{'、'.join(str(path) for path in dict.fromkeys(written))}"
    )
    for earlier in _earlier_results(args.out, written):
        print(f"注意：{earlier} 是此前运行的结果，本次没有写它", file=sys.stderr)
    if plan is not None:
        print(f"分配：{len(plan.pairs)} 人；{results.certificate_text(plan)}")
    if edges is not None:
        print(f"候选组合 {edges.pairs:,} 个已写入 {args.edges}")
    if args.timings:
        print(clock.summary(), file=sys.stderr)
    return EXIT_BAD_INPUT if errors else EXIT_OK


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM ignored while the finished files are put in place (a few renames): stopped between two
    renames, the command would leave new results beside an earlier run's and say it wrote none."""
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class Interrupted(Exception):
    """SIGTERM (a job runner stopping the command): unwound like Ctrl-C, so no partial result is left."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Interrupted


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for option, value in (("--top", args.top), ("--assign-top", args.assign_top)):
        if not 1 <= value <= MAX_TOP:
            print(f"错误：{option} 须为 1 到 {MAX_TOP} 之间的整数（收到 {value}）", file=sys.stderr)
            return EXIT_BAD_INPUT
    try:
        as_of = parse_date(args.as_of) if args.as_of is not None else today_in_shanghai()
    except CellError as error:
        print(f"错误：--as-of {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if as_of is None:  # a blank cell reads as no date; a blank option is a slip, not "today"
        print("错误：--as-of 不能为空（不写该选项即按今天）", file=sys.stderr)
        return EXIT_BAD_INPUT
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        # No cyclic garbage collection during a run, as on the page (services.execute_run): the run holds a few
        # records, sets and strings per seeker and opening, none of them cyclic garbage, which the collector walked
        # again and again (parent and child: 535 collections, 0.37 s of CPU at 20,000 × 4,000; 2,131 and 3.3 s at
        # 100,000 × 20,000; counted with gc.callbacks, 7 Dec 2026). The child forked for the recommendation tables
        # (beside.py) inherits it.
        with no_cyclic_gc():
            return run(args, as_of)
    except (InputError, CellError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:  # an input that cannot be read (writing failures name their file: fileio.writing)
        print(f"错误：无法读取文件 {error.filename or ''}：{os_reason(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("已中断：没有写出任何结果文件", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Interrupted:
        print("已终止（SIGTERM）：没有写出任何结果文件", file=sys.stderr)
        return EXIT_TERMINATED
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    # Before the first large array (the thresholds apply to what is allocated after), and only when run as the
    # command: main() called in a longer-lived process (the tests) keeps its allocator as it was.
    keep_freed_memory()
    exit_without_teardown(main())
