"""Streaming .xlsx reader for imports: 10⁵ households in seconds, with the XML attacks refused.

Why not openpyxl's read-only mode: measured on this machine, it reads 250,000 rows × 16 cells in about
30 s (shared strings) to 60 s (inline strings) — the whole import budget — because every cell goes through
Python-level parsing (defusedxml's pure-Python parser, then openpyxl's cell objects). Here the worksheet is
streamed with the C parser of `xml.etree.ElementTree` (≈ 5 s for the same rows) and values are
returned as openpyxl's `values_only` would: str, int, float, bool or None.

Security (what defusedxml guards against, checked before any part is parsed):
- a DTD (`<!DOCTYPE`, `<!ENTITY`) in any part is refused outright — entity expansion ("billion laughs")
  and external entities (XXE) need one, and no spreadsheet part has a reason to carry one;
- the archive is checked first: number of entries, uncompressed size of each part and its compression
  ratio (zip bombs), so nothing is inflated beyond the caps.
Small parts (workbook, relationships) are parsed with defusedxml itself.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, iterparse

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from bangfu.core.errors import ServiceError

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ROW_TAG, CELL_TAG, VALUE_TAG = f"{MAIN_NS}row", f"{MAIN_NS}c", f"{MAIN_NS}v"
INLINE_TAG, TEXT_TAG, PHONETIC_TAG, SI_TAG = f"{MAIN_NS}is", f"{MAIN_NS}t", f"{MAIN_NS}rPh", f"{MAIN_NS}si"

MAX_ENTRIES = 5_000
MAX_PART_BYTES = 2_000_000_000  # 2 GB inflated: a 300,000-row sheet with inline strings is ~300 MB
MAX_RATIO = 200  # spreadsheets compress 5–30×; zip bombs 1000× and more
PROLOG_BYTES = 65_536
_INTEGER = re.compile(r"-?\d+")
_DIGITS = "0123456789"

CORRUPT = "文件无法读取：不是有效的 Excel 工作簿（.xlsx），或文件已损坏。请用 Excel 或 WPS 另存为 .xlsx 后重新上传。"
UNSAFE = ("文件包含不允许的内容（XML 文档类型定义或实体），为安全起见拒绝读取。"
          "请用 Excel 或 WPS 另存为 .xlsx 后重新上传。")
TOO_LARGE = "文件解压后过大或压缩比异常，为安全起见拒绝读取。请拆分后分批导入。"


@dataclass(frozen=True)
class SheetRef:
    name: str
    path: str  # inside the archive
    hidden: bool


_COLUMN_INDEX: dict[str, int] = {}


def _column_index(letters: str) -> int:
    """`A` → 0, `Z` → 25, `AA` → 26 (memoised: a sheet has few distinct column letters)."""
    index = _COLUMN_INDEX.get(letters)
    if index is None:
        index = 0
        for letter in letters:
            index = index * 26 + (ord(letter) - 64)
        index -= 1
        _COLUMN_INDEX[letters] = index
    return index


def _text_of(element: Element) -> str:
    """The text of a shared or inline string: its runs' `<t>`, phonetic guides (`<rPh>`) left out."""
    parts: list[str] = []
    for child in element:
        if child.tag == TEXT_TAG:
            parts.append(child.text or "")
        elif child.tag != PHONETIC_TAG:
            parts.extend(t.text or "" for t in child.iter(TEXT_TAG))
    return "".join(parts)


class XlsxBook:
    """An open workbook: its sheets, its shared strings, and a row stream per sheet."""

    def __init__(self, source: str | IO[bytes]) -> None:
        try:
            self.archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ServiceError(CORRUPT) from None
        self._check_archive()
        self.sheets = self._read_sheets()
        self.shared_strings = self._read_shared_strings()

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- the archive ------------------------------------------------------------------------------------

    def _check_archive(self) -> None:
        entries = self.archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ServiceError(TOO_LARGE)
        for info in entries:
            if info.file_size > MAX_PART_BYTES:
                raise ServiceError(TOO_LARGE)
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ServiceError(TOO_LARGE)

    def _open_part(self, name: str) -> IO[bytes]:
        """A part's byte stream, after checking that no DTD precedes its root element."""
        try:
            with self.archive.open(name) as head:
                prolog = head.read(PROLOG_BYTES)
        except KeyError:
            raise ServiceError(CORRUPT) from None
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
            raise ServiceError(CORRUPT) from None
        _refuse_dtd(prolog)
        return self.archive.open(name)

    def _small_part(self, name: str) -> Element:
        with self._open_part(name) as stream:
            data = stream.read()
        try:
            return safe_fromstring(data, forbid_dtd=True)
        except DefusedXmlException:
            raise ServiceError(UNSAFE) from None
        except ParseError:
            raise ServiceError(CORRUPT) from None

    # --- workbook structure -----------------------------------------------------------------------------

    def _workbook_path(self) -> str:
        rels = self._small_part("_rels/.rels")
        for rel in rels.iter(f"{PKG_REL_NS}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
        raise ServiceError(CORRUPT)

    def _read_sheets(self) -> list[SheetRef]:
        workbook_path = self._workbook_path()
        base = posixpath.dirname(workbook_path)
        rels_path = posixpath.join(base, "_rels", posixpath.basename(workbook_path) + ".rels")
        targets: dict[str, str] = {}
        self._shared_strings_path = ""
        for rel in self._small_part(rels_path).iter(f"{PKG_REL_NS}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            targets[rel.get("Id", "")] = path
            if rel.get("Type", "").endswith("/sharedStrings"):
                self._shared_strings_path = path
        sheets = []
        for sheet in self._small_part(workbook_path).iter(f"{MAIN_NS}sheet"):
            path = targets.get(sheet.get(f"{REL_NS}id", ""), "")
            if path:
                sheets.append(SheetRef(sheet.get("name", ""), path, sheet.get("state", "visible") != "visible"))
        if not sheets:
            raise ServiceError(CORRUPT)
        return sheets

    def _read_shared_strings(self) -> list[str]:
        if not self._shared_strings_path or self._shared_strings_path not in self.archive.namelist():
            return []
        strings: list[str] = []
        with self._open_part(self._shared_strings_path) as stream:
            try:
                for _event, element in iterparse(stream, events=("end",)):  # noqa: S314 - DTD refused in _open_part
                    if element.tag == SI_TAG:
                        strings.append(_text_of(element))
                        element.clear()
            except ParseError:
                raise ServiceError(CORRUPT) from None
        return strings

    # --- rows -------------------------------------------------------------------------------------------

    def rows(self, sheet: SheetRef, *, fill_merged: bool = True) -> Generator[tuple[int, list[Any]], None, None]:
        """(Excel row number, values by column position) for every row element of the sheet.

        A merged range (户编号 written once over a family's rows) gives every cell of the range the value of its
        top-left cell, the way the officer who merged it means it (`fill_merged=False`: as stored, without the
        byte scan for the ranges — enough to look for the header)."""
        merged = self.merged_ranges(sheet) if fill_merged else []
        if merged:
            yield from _fill_merged(self._raw_rows(sheet), merged)
        else:
            yield from self._raw_rows(sheet)

    def _raw_rows(self, sheet: SheetRef) -> Iterator[tuple[int, list[Any]]]:
        shared = self.shared_strings
        with self._open_part(sheet.path) as stream:
            row_number = 0
            try:
                for _event, element in iterparse(stream, events=("end",)):  # noqa: S314 - DTD refused in _open_part
                    if element.tag != ROW_TAG:
                        continue
                    number = element.get("r")
                    row_number = int(number) if number else row_number + 1
                    yield row_number, _row_values(element, shared)
                    element.clear()
            except ParseError:
                raise ServiceError(CORRUPT) from None

    def merged_ranges(self, sheet: SheetRef) -> list[MergedRange]:
        """The sheet's merged ranges. `<mergeCells>` follows the rows in the part, so it is found by a byte scan
        (no XML parsing: cell text cannot hold a raw `<`), before the rows are streamed."""
        found: set[bytes] = set()
        tail = b""
        with self._open_part(sheet.path) as stream:
            try:
                while chunk := stream.read(1 << 20):
                    window = tail + chunk
                    found.update(_MERGE_CELL.findall(window))
                    tail = window[-_MERGE_OVERLAP:]
            except (zipfile.BadZipFile, OSError, EOFError):
                raise ServiceError(CORRUPT) from None
        ranges = [_merged_range(ref.decode("ascii")) for ref in found]
        return sorted(r for r in ranges if r is not None and (r.last_row > r.first_row or r.last_col > r.first_col))


@dataclass(frozen=True, order=True)
class MergedRange:
    first_row: int
    first_col: int  # column positions from 0
    last_row: int
    last_col: int


_MERGE_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3}\d{1,7}:[A-Z]{1,3}\d{1,7})\"")
_MERGE_OVERLAP = 256
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")


def _merged_range(ref: str) -> MergedRange | None:
    first, _sep, last = ref.partition(":")
    a, b = _CELL_REF.fullmatch(first), _CELL_REF.fullmatch(last)
    if a is None or b is None:
        return None
    return MergedRange(int(a.group(2)), _column_index(a.group(1)), int(b.group(2)), _column_index(b.group(1)))


def _fill_merged(rows: Iterator[tuple[int, list[Any]]], merged: list[MergedRange]
                 ) -> Iterator[tuple[int, list[Any]]]:
    """Rows with each merged range's cells holding its top-left value (read when the top row passes)."""
    starting: dict[int, list[MergedRange]] = {}
    for merged_range in merged:
        starting.setdefault(merged_range.first_row, []).append(merged_range)
    active: list[tuple[MergedRange, Any]] = []
    for number, values in rows:
        active = [(r, value) for r, value in active if r.last_row >= number]
        for merged_range in starting.get(number, ()):
            top_left = values[merged_range.first_col] if merged_range.first_col < len(values) else None
            active.append((merged_range, top_left))
        for merged_range, value in active:
            if value is None:
                continue
            if len(values) <= merged_range.last_col:
                values.extend([None] * (merged_range.last_col + 1 - len(values)))
            for position in range(merged_range.first_col, merged_range.last_col + 1):
                values[position] = value
        yield number, values


def _row_values(row: Element, shared: list[str]) -> list[Any]:
    """The row's values by column position; hot loop (10⁶–10⁷ cells): keep it flat."""
    values: list[Any] = []
    position = -1
    for cell in row:
        if cell.tag != CELL_TAG:
            continue
        ref = cell.get("r")
        position = _column_index(ref.rstrip(_DIGITS)) if ref else position + 1
        kind = cell.get("t")
        if kind is None or kind == "n":
            text = cell.findtext(VALUE_TAG)
            if not text:
                continue
            try:
                value: Any = int(text) if _INTEGER.fullmatch(text) else float(text)
            except ValueError:
                value = text
        elif kind == "s":
            text = cell.findtext(VALUE_TAG)
            if not text:
                continue
            try:
                value = shared[int(text)]
            except (ValueError, IndexError):
                raise ServiceError(CORRUPT) from None
        else:
            value = _other_value(cell, kind)
            if value is None:
                continue
        gap = position - len(values)
        if gap == 0:
            values.append(value)
        elif gap > 0:
            values.extend([None] * gap)
            values.append(value)
        else:
            values[position] = value
    return values


def _other_value(cell: Element, kind: str) -> Any:
    if kind == "inlineStr":
        inline = cell.find(INLINE_TAG)
        return _text_of(inline) if inline is not None else None
    text = cell.findtext(VALUE_TAG)
    if not text:
        return None
    if kind == "b":
        return text == "1"
    return text  # "str" (a formula's text), "e" (an error such as #N/A), "d" (an ISO date)


def _refuse_dtd(prolog: bytes) -> None:
    """Refuse a DOCTYPE or ENTITY declaration before the root element (the only place one may stand)."""
    if prolog.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = prolog.decode("utf-16", errors="ignore")
    else:
        text = prolog.decode("utf-8", errors="ignore")
    upper = text.upper()
    root = _first_element_start(text)
    if root < 0 and len(prolog) >= PROLOG_BYTES:
        raise ServiceError(UNSAFE)  # no root element within 64 KB: nothing legitimate looks like that
    head = upper if root < 0 else upper[:root]
    if "<!DOCTYPE" in head or "<!ENTITY" in head:
        raise ServiceError(UNSAFE)


def _first_element_start(text: str) -> int:
    """Index of the root element's `<`, skipping the declaration, comments and processing instructions."""
    index = 0
    while True:
        index = text.find("<", index)
        if index < 0 or index + 1 >= len(text):
            return -1
        following = text[index + 1]
        if following == "?":
            index = text.find("?>", index)
        elif text.startswith("<!--", index):
            index = text.find("-->", index)
        elif following == "!":
            return -1  # a declaration (DOCTYPE) — caught by the caller
        else:
            return index
        if index < 0:
            return -1
