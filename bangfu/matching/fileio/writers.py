"""Writing: result tables as the sheets of one .xlsx, or as CSV files that Excel opens."""

from __future__ import annotations

import csv
import errno
import glob
import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from openpyxl import Workbook

from bangfu.core.spreadsheet import safe_row

from .errors import InputError


@dataclass(frozen=True)
class Table:
    """One output table: a sheet of a workbook, or a CSV file."""

    title: str
    file_suffix: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]  # a generator streams: rows are written as they come
    # The rows already as CSV text (lines ending CRLF), in chunks: a large table formatted with numpy
    # (``csvtext``). A CSV file takes it instead of ``rows``; a workbook always takes ``rows``.
    csv_text: Iterable[str] | None = None


def output_paths(path: Path, suffixes: Sequence[str]) -> list[Path]:
    """Where the tables of these file suffixes go, in order: the workbook itself, or ``RESULT`` then
    ``RESULT.<suffix>.csv``."""
    if path.suffix.lower() == ".xlsx":
        return [path] * len(suffixes)
    return [path] + [path.with_name(f"{path.stem}.{suffix}{path.suffix}") for suffix in suffixes[1:]]


_OS_REASONS: Final = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超过系统允许的大小",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘是只读的",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOENT: "文件夹不存在",
}


def os_reason(error: OSError) -> str:
    """Why reading or writing failed, in words (the system's own text for a rarer cause)."""
    return _OS_REASONS.get(error.errno or 0, error.strerror or str(error))


@contextmanager
def writing(target: Path) -> Iterator[None]:
    """A failure while writing ``target`` (a full disk, a file another program holds) as the command's error."""
    try:
        yield
    except OSError as error:
        raise InputError(f"{target}：写出失败，{os_reason(error)}") from None


class Outputs:
    """Result files written under hidden temporary names beside their targets and put in place together once
    every one is complete: a run that fails, is interrupted or killed never leaves a partial file under a
    result's name, and never replaces the results of an earlier run with half of new ones."""

    def __init__(self) -> None:
        self._pending: dict[Path, Path] = {}

    def place(self, target: Path) -> Path:
        """Where ``target`` is written for now (the same place for every table of one workbook)."""
        if target not in self._pending:
            self._pending[target] = target.with_name(f".{target.name}.{os.getpid()}.partial")
        return self._pending[target]

    @staticmethod
    def remove_stale(targets: Iterable[Path]) -> list[Path]:
        """The hidden files that runs killed outright (SIGKILL: nothing of theirs runs after) left beside these
        results, removed when the process that wrote them is gone — a run at --top 100 leaves 315 MB each time.
        A file of a run still going (the same name, a live process id) is left to it."""
        removed = []
        for target in targets:
            prefix = f".{target.name}."
            for path in target.parent.glob(f"{glob.escape(prefix)}*.partial"):
                writer = path.name[len(prefix) : -len(".partial")]
                if writer.isdigit() and not _running(int(writer)):
                    path.unlink(missing_ok=True)
                    removed.append(path)
        return removed

    def commit(self) -> None:
        for target, temporary in self._pending.items():
            with writing(target):
                os.replace(temporary, target)
        self._pending.clear()

    def discard(self) -> None:
        for temporary in self._pending.values():
            temporary.unlink(missing_ok=True)
        self._pending.clear()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal sent: only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def check_writable(path: Path) -> None:
    """Refuse, before any work, a result file that could not be written: a wrong kind, a folder, a folder that
    does not exist or cannot be written to."""
    if path.suffix.lower() not in {".csv", ".xlsx"}:
        raise InputError(f"{path.name}：结果文件只支持 .csv 或 .xlsx")
    if path.is_dir():
        raise InputError(f"{path}：这是一个文件夹，不能作为结果文件")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InputError(f"{path}：文件夹 {folder} 不存在")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"{path}：没有写入权限")


def check_outputs(inputs: Sequence[Path], outputs: Sequence[Path]) -> None:
    """Every result file writable, none of them an input file or another result (``outputs``: each file once)."""
    read = {path.resolve() for path in inputs}
    seen: dict[Path, Path] = {}
    for path in outputs:
        check_writable(path)
        resolved = path.resolve()
        if resolved in read:
            raise InputError(f"{path}：结果文件与输入文件是同一个文件，会覆盖输入")
        if resolved in seen:
            raise InputError(f"{path}：与另一个结果文件（{seen[resolved]}）是同一个文件")
        seen[resolved] = path


Place = Callable[[Path], Path]


def in_place(path: Path) -> Path:
    return path


def write_tables(path: Path, tables: Sequence[Table], place: Place = in_place) -> list[Path]:
    """Write the tables: sheets of one .xlsx, or CSV files (UTF-8 with BOM, which Excel reads); ``place`` says
    where each file is written for now (``Outputs.place``)."""
    check_writable(path)
    suffix = path.suffix.lower()
    paths = output_paths(path, [table.file_suffix for table in tables])
    if suffix == ".xlsx":
        workbook = Workbook()
        workbook.remove(workbook.active)  # type: ignore[arg-type]
        for table in tables:
            sheet = workbook.create_sheet(table.title)
            sheet.append(list(table.headers))
            for row in table.rows:
                sheet.append(safe_row(row))  # text never becomes a formula
        # Zipped in memory, then written: a full disk fails the write cleanly (a zip file failing on the
        # disk complains again when it is collected, after the command's own message).
        content = io.BytesIO()
        workbook.save(content)
        with writing(path):
            place(path).write_bytes(content.getvalue())
        return sorted(set(paths))
    for table, target in zip(tables, paths, strict=True):
        write_csv(target, table, place)
    return paths


def write_csv(target: Path, table: Table, place: Place = in_place) -> None:
    """One table as one CSV file (UTF-8 with BOM, which Excel reads)."""
    with writing(target), place(target).open("w", encoding="utf-8-sig", newline="") as output:
        writer = csv.writer(output)
        writer.writerow(table.headers)
        if table.csv_text is None:
            writer.writerows(safe_row(row) for row in table.rows)
            return
        for chunk in table.csv_text:
            output.write(chunk)
