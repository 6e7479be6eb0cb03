"""What goes wrong reading a file: a file that cannot be used, a bad cell, a rejected row."""

from __future__ import annotations

from dataclasses import dataclass


class InputError(Exception):
    """A file that cannot be used at all (unreadable, unknown format, a required column missing)."""


class CellError(ValueError):
    """A bad cell; the message is Chinese and says what was expected.

    ``column`` names the column when the check spans several cells (e.g. the wage range).
    """

    def __init__(self, message: str, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"「{self.column}」列" if self.column else ""
        return f"{self.file} 第 {self.row} 行{where}：{self.message}"
