"""python -m bangfu.matching on small files, CSV and Excel."""

from __future__ import annotations

import csv
import gc
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bangfu.matching import __main__ as command
from bangfu.matching.__main__ import main
from bangfu.matching.tests.sheets import write_csv, write_xlsx

SEEKERS = [
    [
        "编号",
        "标签",
        "意向职业编码",
        "可接受区域",
        "居住区",
        "通勤上限公里",
        "空闲时间",
        "期望月薪",
        "所需便利",
        "自我描述",
        "就业困难人员",
    ],
    [
        "S1",
        "电商、客服、Excel",
        "4-01-06-01",
        "天河区",
        "440106",
        "15",
        "周一至周五 09-18",
        "4000",
        "",
        "三年淘宝客服经验",
        "是",
    ],
    [
        "S2",
        "叉车",
        "4-02-05-01",
        "440113",
        "440113",
        "",
        "全天",
        "3500",
        "wheelchair",
        "会开叉车，做过仓库管理员",
        "否",
    ],
    ["S3", "收银", "4-01-02-04", "440105", "440105", "", "周八 09-18", "abc", "", "", "否"],
    ["S4", "收银", "4-01-02-04", "440105", "440105", "", "", "3000", "", "想做超市收银员", "否"],
    ["S5", "收银", "4-01-02-04", "440105", "440105", "", "", "3000", "", "收银员", "否"],
]
OPENINGS = [
    [
        "编号",
        "岗位名称",
        "职业编码",
        "标签",
        "岗位描述",
        "区域",
        "最低月薪",
        "最高月薪",
        "班次",
        "剩余名额",
        "便利条件",
        "有效期至",
    ],
    [
        "J1",
        "电商客服",
        "4-01-06-01",
        "电商、客服",
        "淘宝店铺客服",
        "天河区",
        "4500",
        "6000",
        "周一 09-12",
        "2",
        "",
        "2024-12-31",
    ],
    ["J2", "超市收银员", "4-01-02-04", "收银", "超市收银", "海珠区", "3500", "4500", "", "1", "", "2024-03-05"],
    ["J3", "仓库管理员", "4-02-06-01", "叉车", "仓库管理", "番禺区", "3500", "3800", "", "1", "无障碍通行", ""],
    ["J4", "过期岗位", "4-01-02-04", "", "", "海珠区", "3000", "3000", "", "1", "", "2024-01-01"],
]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as source:
        return list(csv.DictReader(source))


def test_csv_run_recommends_assigns_and_reports_bad_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seekers = write_csv(tmp_path / "seekers.csv", SEEKERS)
    openings = write_csv(tmp_path / "openings.csv", OPENINGS)
    out = tmp_path / "result.csv"
    edges = tmp_path / "edges.csv"
    code = main([str(seekers), str(openings), "--out", str(out), "--assign", "--top", "3",
                 "--edges", str(edges), "--as-of", "2024-03-05"])  # fmt: skip
    assert code == 2
    captured = capsys.readouterr()
    assert "seekers.csv 第 4 行「空闲时间」列：无法识别的星期：「周八」" in captured.err
    assert "seekers.csv 第 4 行「期望月薪」列：金额“abc”格式不正确，应为数字，例如 12,345.60" in captured.err
    assert "求职者 4 人（拒收 1 行），岗位 4 个（拒收 0 行）" in captured.out

    assignment = {row["求职者编号"]: row for row in read_csv(out)}
    assert assignment["S1"]["岗位编号"] == "J1"
    assert assignment["S2"]["岗位编号"] == "J3"
    assert {assignment["S4"]["岗位编号"], assignment["S5"]["岗位编号"]} == {"J2", ""}
    left_out = assignment["S4"] if assignment["S4"]["岗位编号"] == "" else assignment["S5"]
    assert left_out["说明"] == "候选岗位 1 个（J2）均已分配给总分更高的组合"
    assert "职业相同（细类 4-01-06-01 电子商务师）" in assignment["S1"]["说明"]

    by_seeker = read_csv(tmp_path / "result.by_seeker.csv")
    assert [(row["求职者编号"], row["名次"], row["岗位编号"]) for row in by_seeker if row["求职者编号"] == "S1"] == [
        ("S1", "1", "J1")
    ]
    by_opening = {
        row["岗位编号"]: row for row in read_csv(tmp_path / "result.by_opening.csv") if row["名次"] in {"", "1"}
    }
    assert by_opening["J4"]["推荐理由"] == "岗位已过有效期（有效期至 2024-01-01）"
    summary = {row["项目"]: row["值"] for row in read_csv(tmp_path / "result.summary.csv")}
    assert summary["已分配人数"] == "3"
    errors = read_csv(tmp_path / "result.errors.csv")
    assert {(row["行"], row["列"]) for row in errors} == {("4", "空闲时间"), ("4", "期望月薪")}

    edge_rows = read_csv(edges)
    assert {(row["求职者编号"], row["岗位编号"]) for row in edge_rows} == {
        ("S1", "J1"), ("S2", "J3"), ("S4", "J2"), ("S5", "J2")
    }  # fmt: skip
    s1 = next(row for row in edge_rows if row["求职者编号"] == "S1")
    assert (s1["职业"], s1["区域"], s1["优先"], s1["已分配"]) == ("1.0000", "1.0000", "1.0000", "是")
    parts = ["职业", "标签", "描述", "意向", "区域", "工资", "优先"]
    assert list(s1)[: 3 + len(parts)] == ["求职者编号", "岗位编号", "得分", *parts]


def test_xlsx_in_and_out_with_excluded_pairs(tmp_path: Path) -> None:
    seekers = write_xlsx(tmp_path / "seekers.xlsx", [SEEKERS[0], SEEKERS[1], SEEKERS[2]])
    openings = write_xlsx(tmp_path / "openings.xlsx", OPENINGS)
    out = tmp_path / "result.xlsx"
    excluded = tmp_path / "excluded.xlsx"
    code = main([str(seekers), str(openings), "--out", str(out), "--excluded", str(excluded), "--as-of", "2024-03-05"])
    assert code == 0
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["推荐岗位", "推荐人选"]
    rows = list(workbook["推荐岗位"].iter_rows(values_only=True))
    assert rows[0] == ("求职者编号", "名次", "岗位编号", "岗位名称", "得分", "推荐理由")
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [("S1", 1, "J1"), ("S2", 1, "J3")]
    sheet = load_workbook(excluded).worksheets[0]
    reasons = {(row[0], row[1]): row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert reasons[("S1", "J3")] == (
        "不在可接受区域：番禺区；超出通勤距离：番禺区约 20.9 公里，上限 15 公里；"
        "工资低于期望：岗位最高 3,800 元，期望不低于 4,000 元"
    )
    assert reasons[("S2", "J1")] == "不在可接受区域：天河区；缺少所需便利：无障碍通行"


def test_a_seeker_without_candidates_is_told_why(tmp_path: Path) -> None:
    seekers = write_csv(tmp_path / "s.csv", [["编号", "可接受区域", "期望月薪"], ["S1", "110105", "3000"]])
    openings = write_csv(tmp_path / "o.csv", OPENINGS[:3])
    out = tmp_path / "r.csv"
    assert main([str(seekers), str(openings), "--out", str(out), "--as-of", "2024-03-05"]) == 0
    [row] = read_csv(out)
    assert row["推荐理由"] == "没有岗位通过筛选：排除最多的是「不在可接受区域」（2/2 个岗位）"


def test_missing_column_and_bad_date_exit_2_with_chinese_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seekers = write_csv(tmp_path / "s.csv", [["姓名"], ["张三"]])
    openings = write_csv(tmp_path / "o.csv", OPENINGS)
    assert main([str(seekers), str(openings), "--out", str(tmp_path / "r.csv")]) == 2
    assert "错误：s.csv：缺少必填列「编号」" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()
    assert main([str(seekers), str(openings), "--out", str(tmp_path / "r.csv"), "--as-of", "3月5日"]) == 2
    assert "错误：--as-of 日期应如 2024-03-05" in capsys.readouterr().err


def test_module_entry_point_exits_2_on_bad_rows(tmp_path: Path) -> None:
    seekers = write_csv(tmp_path / "s.csv", [SEEKERS[0], SEEKERS[3]])
    openings = write_csv(tmp_path / "o.csv", OPENINGS)
    command = [sys.executable, "-m", "bangfu.matching", str(seekers), str(openings), "--out", str(tmp_path / "r.csv")]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert completed.returncode == 2
    assert "s.csv 第 2 行「空闲时间」列：无法识别的星期：「周八」" in completed.stderr


def test_csv_tables_read_back_as_the_workbook_rows(tmp_path: Path) -> None:
    """The CSV tables are formatted with numpy, the workbook row by row: both say the same, cell by
    cell, with ids and titles that need quoting (a comma, a quote)."""
    seekers = [row[:] for row in SEEKERS]
    seekers[1][0], seekers[5][0] = 'S,"1"', "S\n5"
    openings = [row[:] for row in OPENINGS]
    openings[2][0], openings[2][1] = "J,2", '超市"收银员", 早班'
    seeker_file = write_csv(tmp_path / "seekers.csv", seekers)
    opening_file = write_csv(tmp_path / "openings.csv", openings)
    for out in (tmp_path / "r.csv", tmp_path / "r.xlsx"):
        main(
            [str(seeker_file), str(opening_file), "--out", str(out), "--assign", "--top", "3", "--as-of", "2024-03-05"]
        )
    sheets = load_workbook(tmp_path / "r.xlsx")
    for name, suffix in (("分配结果", ""), ("推荐岗位", ".by_seeker"), ("推荐人选", ".by_opening")):
        with (tmp_path / f"r{suffix}.csv").open(encoding="utf-8-sig", newline="") as source:
            from_csv = list(csv.reader(source))
        from_sheet = [
            ["" if cell is None else str(cell) for cell in row] for row in sheets[name].iter_rows(values_only=True)
        ]
        assert len(from_csv) == len(from_sheet) > 1
        for csv_row, sheet_row in zip(from_csv, from_sheet, strict=True):
            assert len(csv_row) == len(sheet_row)
            for csv_cell, sheet_cell in zip(csv_row, sheet_row, strict=True):
                try:  # scores: four decimals in the CSV, a number in the workbook
                    assert float(csv_cell) == pytest.approx(float(sheet_cell))
                except ValueError:
                    assert csv_cell == sheet_cell


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_text_from_the_input_never_becomes_a_formula_in_the_results(tmp_path: Path, suffix: str) -> None:
    """A title or an id that starts like a formula ("=HYPERLINK(…)", "@SUM", "+1") is written as text with a
    leading ' (as every export of the platform writes it), never run by the spreadsheet that opens the result."""
    seekers = write_csv(tmp_path / "s.csv", [SEEKERS[0], ["@S1", *SEEKERS[1][1:]]])
    openings = write_csv(tmp_path / "o.csv", [OPENINGS[0], ["+J1", '=HYPERLINK("http://x","点我")', *OPENINGS[1][2:]]])
    out = tmp_path / f"r{suffix}"
    assert main([str(seekers), str(openings), "--out", str(out), "--assign", "--as-of", "2024-03-05"]) == 0
    cells: list[tuple[object, ...]]
    if suffix == ".csv":
        rows = read_csv(out.with_name("r.by_seeker.csv"))
        cells = [(row["求职者编号"], row["岗位编号"], row["岗位名称"]) for row in rows]
    else:
        sheet = load_workbook(out)["推荐岗位"]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        cells = [(row[0], row[2], row[3]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == [("'@S1", "'+J1", '\'=HYPERLINK("http://x","点我")')]


@pytest.mark.parametrize(("option", "value"), [("--top", "0"), ("--top", "101"), ("--assign-top", "100000")])
def test_list_lengths_outside_one_to_a_hundred_are_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    """A typing slip such as --top 100000 once ran for minutes and took 12 GB: refused, naming the option."""
    seekers = write_csv(tmp_path / "seekers.csv", SEEKERS)
    openings = write_csv(tmp_path / "openings.csv", OPENINGS)
    out = tmp_path / "result.csv"
    code = main([str(seekers), str(openings), "--out", str(out), "--assign", option, value])
    assert code == 2
    assert capsys.readouterr().err == f"错误：{option} 须为 1 到 100 之间的整数（收到 {value}）\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["openings.csv", "seekers.csv"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--top", "1e3"], "错误：--top 须为整数（收到 1e3）"),
        (["--assign-top", "abc"], "错误：--assign-top 须为整数（收到 abc）"),
        (["--top"], "错误：--top 缺少取值"),
        (["--bogus"], "错误：无法识别的参数：--bogus"),
    ],
)
def test_malformed_options_are_refused_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    seekers = write_csv(tmp_path / "seekers.csv", SEEKERS)
    openings = write_csv(tmp_path / "openings.csv", OPENINGS)
    with pytest.raises(SystemExit) as stopped:
        main([str(seekers), str(openings), "--out", str(tmp_path / "r.csv"), *arguments])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and "usage" not in err and "error" not in err


def test_a_workbook_whose_sheet_excel_cannot_open_whole_is_refused_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel opens 1,048,576 rows a sheet; --top 100 at 20,000 × 4,000 made 1,445,403 and exited 0."""
    from bangfu.matching import results

    seekers = write_csv(tmp_path / "seekers.csv", SEEKERS)
    openings = write_csv(tmp_path / "openings.csv", OPENINGS)
    monkeypatch.setattr(results, "EXCEL_MAX_ROWS", 4)  # the small file's seekers' sheet: 4 rows and the header
    code = main([str(seekers), str(openings), "--out", str(tmp_path / "r.xlsx"), "--as-of", "2024-03-05"])
    assert code == 2
    assert "r.xlsx：「推荐岗位」表将有 4 行，超过 Excel 一张表的上限（3 行）；请改存为 .csv，或减小 --top" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "r.xlsx").exists()
    assert main([str(seekers), str(openings), "--out", str(tmp_path / "r.csv"), "--as-of", "2024-03-05"]) == 2


def test_a_signal_while_the_results_are_put_in_place_does_not_leave_them_half_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM between two renames once left new and earlier results side by side, with "没有写出任何结果文件"."""
    import signal

    seekers = write_csv(tmp_path / "seekers.csv", SEEKERS)
    openings = write_csv(tmp_path / "openings.csv", OPENINGS)
    out = tmp_path / "r.csv"
    renamed: list[str] = []
    real_replace = os.replace

    def replace_then_signal(source: object, target: object) -> None:
        real_replace(source, target)  # type: ignore[arg-type]
        renamed.append(str(target))
        if len(renamed) == 1:
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "replace", replace_then_signal)
    code = main([str(seekers), str(openings), "--out", str(out), "--assign", "--as-of", "2024-03-05"])
    assert code == 2  # the file's bad rows, as in the first test: the run itself finished
    assert len(renamed) == 5 and all(Path(name).exists() for name in renamed)


def test_hidden_files_of_a_run_killed_outright_are_removed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SIGKILL runs nothing of the command: its hidden .partial files stayed, 315 MB a run at --top 100."""
    seekers = write_csv(tmp_path / "seekers.csv", SEEKERS)
    openings = write_csv(tmp_path / "openings.csv", OPENINGS)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead = tmp_path / f".r.csv.{int(gone.stdout)}.partial"
    still_running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    living = tmp_path / f".r.csv.{still_running.pid}.partial"  # another run of the same result, still going
    other = tmp_path / f".other.csv.{int(gone.stdout)}.partial"  # not a result of this run
    for path in (dead, living, other):
        path.write_text("half")
    try:
        main([str(seekers), str(openings), "--out", str(tmp_path / "r.csv"), "--as-of", "2024-03-05"])
    finally:
        still_running.kill()
        still_running.wait()
    assert not dead.exists() and living.exists() and other.exists()
    assert f"已删除此前被强行结束的运行留下的临时文件 {dead}" in capsys.readouterr().err


def test_an_earlier_runs_result_files_this_run_did_not_write_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run without --assign after one with it left the earlier summary and by-seeker table beside its own
    results without a word (found by an outside try): they are named, not deleted."""
    seekers = write_csv(tmp_path / "seekers.csv", SEEKERS)
    openings = write_csv(tmp_path / "openings.csv", OPENINGS)
    out = tmp_path / "r.csv"
    main([str(seekers), str(openings), "--out", str(out), "--assign", "--as-of", "2024-03-05"])
    assert "此前运行" not in capsys.readouterr().err
    main([str(seekers), str(openings), "--out", str(out), "--as-of", "2024-03-05"])
    err = capsys.readouterr().err
    earlier = [tmp_path / "r.summary.csv", tmp_path / "r.by_seeker.csv"]
    assert [line for line in err.splitlines() if "此前运行" in line] == [
        f"注意：{path} 是此前运行的结果，本次没有写它" for path in earlier
    ]
    assert all(path.exists() for path in earlier)


def test_a_blank_as_of_is_refused_not_read_as_today(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seekers = write_csv(tmp_path / "seekers.csv", SEEKERS)
    openings = write_csv(tmp_path / "openings.csv", OPENINGS)
    assert main([str(seekers), str(openings), "--out", str(tmp_path / "r.csv"), "--as-of", " "]) == 2
    assert capsys.readouterr().err == "错误：--as-of 不能为空（不写该选项即按今天）\n"
    assert not (tmp_path / "r.csv").exists()


def test_the_run_and_its_forked_child_pause_the_cyclic_gc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As on the page (``services.execute_run``): no cyclic collection while the command runs, in the parent nor in
    the child forked for the recommendation tables (which inherits the state); the collector is back on after."""
    states: dict[str, bool] = {}
    child_state = tmp_path / "child.gc"
    write_beside, plan = command._recommendations_beside, command.assign

    def beside(*args: object) -> dict[str, float]:
        child_state.write_text(f"{os.getpid()} {gc.isenabled()}")  # the child's memory dies with it; a file does not
        return write_beside(*args)  # type: ignore[arg-type]

    def assign(*args: object, **options: object) -> object:
        states["parent"] = gc.isenabled()
        return plan(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(command, "_recommendations_beside", beside)
    monkeypatch.setattr(command, "assign", assign)
    seekers = write_csv(tmp_path / "seekers.csv", SEEKERS)
    openings = write_csv(tmp_path / "openings.csv", OPENINGS)
    gc.enable()
    code = main([str(seekers), str(openings), "--out", str(tmp_path / "result.csv"), "--assign",
                 "--as-of", "2024-03-05"])  # fmt: skip
    assert code == 2  # S3's bad cells
    assert states == {"parent": False}
    child, enabled = child_state.read_text().split()
    assert (int(child) != os.getpid(), enabled) == (True, "False")
    assert gc.isenabled()


def test_keep_freed_memory_sets_glibcs_thresholds() -> None:
    """What ``python -m bangfu.matching`` calls first: True where glibc took both thresholds. Run in a fresh
    interpreter (this one keeps its allocator as it is, as ``main()`` called in-process does)."""
    probe = "from bangfu.matching.__main__ import keep_freed_memory; print(keep_freed_memory())"
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert completed.stdout.strip() == str(glibc)


def test_the_explainer_is_built_beside_the_top_k_pass_and_its_error_is_the_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The command builds the explainer on a thread while the top-k pass runs: afterwards it is there (the child
    and the plan's reasons use it), and a failure of its set-up is raised in the command's thread, not printed
    by the thread as a traceback."""
    from bangfu.matching.engine import MatchIndex
    from bangfu.matching.engine import explaining as explaining_module
    from bangfu.matching.tests.instances import AS_OF, random_instance

    seekers, openings = random_instance(5, 40, 12)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    with command.explainer_beside(index):
        index.top_k(5)
    built = index._explainer
    assert built is not None and index.explainer is built  # not built again

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("set-up failed")

    monkeypatch.setattr(explaining_module, "PairExplainer", broken)
    index = MatchIndex(seekers, openings, as_of=AS_OF)
    with pytest.raises(ValueError, match="set-up failed"), command.explainer_beside(index):
        index.top_k(5)
