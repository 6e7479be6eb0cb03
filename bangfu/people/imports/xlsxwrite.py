"""A small streaming .xlsx writer for large exports and the benchmark's input: shared strings, like Excel.

openpyxl's write-only mode needs ~130 µs per row of 20 cells here and stores every text as an inline
string; this writer streams the sheet XML straight into the zip (~15 µs per row) and stores text once in
the shared-string table, which is what Excel and WPS write and read fastest. It knows just enough
styling for a register export: a bold header, column widths, text-formatted columns (ID numbers,
phones) and frozen header. Cells are written as given: callers pass them through `safe_cell()` first.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any
from xml.sax.saxutils import escape

_EPOCH = dt.date(1899, 12, 30)
# Style ids in styles.xml below: 0 normal, 1 bold header, 2 text (@), 3 date (yyyy-mm-dd).
NORMAL, HEADER, TEXT, DATE = 0, 1, 2, 3


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass
class SheetSpec:
    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    text_columns: frozenset[int] = frozenset()  # positions formatted as text (@)
    hidden: bool = False


@dataclass
class _SharedStrings:
    index: dict[str, int] = field(default_factory=dict)
    count: int = 0

    def id_of(self, text: str) -> int:
        self.count += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found


def _clean(text: str) -> str:
    """XML 1.0 forbids most control characters: drop them rather than write a corrupt file."""
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        text = "".join(ch for ch in text if ord(ch) >= 32 or ch in "\t\n\r")
    return escape(text)


def _sheet_xml(spec: SheetSpec, strings: _SharedStrings, out: IO[bytes]) -> None:
    letters = [column_letter(i) for i in range(max(len(spec.header), 1) + 64)]
    text_style = f' style="{TEXT}"'
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"'
                   f'{text_style if i in spec.text_columns else ""}/>' for i, w in enumerate(spec.widths))
    out.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
               ' state="frozen"/></sheetView></sheetViews>'
               + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>").encode())
    header = "".join(f'<c r="{letters[i]}1" t="s" s="{HEADER}"><v>{strings.id_of(str(h))}</v></c>'
                     for i, h in enumerate(spec.header))
    out.write(f'<row r="1">{header}</row>'.encode())
    buffer: list[str] = []
    text_columns = spec.text_columns
    for number, row in enumerate(spec.rows, start=2):
        cells = []
        for i, value in enumerate(row):
            if value is None or value == "":
                continue
            ref = f"{letters[i]}{number}"
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float) and i not in text_columns:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif isinstance(value, dt.date):
                day = value.date() if isinstance(value, dt.datetime) else value
                cells.append(f'<c r="{ref}" s="{DATE}"><v>{(day - _EPOCH).days}</v></c>')
            else:
                style = f' s="{TEXT}"' if i in text_columns else ""
                cells.append(f'<c r="{ref}" t="s"{style}><v>{strings.id_of(str(value))}</v></c>')
        buffer.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(buffer) >= 2000:
            out.write("".join(buffer).encode())
            buffer.clear()
    out.write("".join(buffer).encode())
    out.write(b"</sheetData></worksheet>")


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def write_xlsx(target: str | IO[bytes], sheets: Sequence[SheetSpec]) -> None:
    """Write the workbook; rows are consumed as they are written (a generator keeps memory flat)."""
    strings = _SharedStrings()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for position, spec in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{position}.xml", "w", force_zip64=True) as out:
                _sheet_xml(spec, strings, out)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                       '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                       f'count="{strings.count}" uniqueCount="{len(strings.index)}">').encode())
            chunk: list[str] = []
            for text in strings.index:
                chunk.append(f'<si><t xml:space="preserve">{_clean(text)}</t></si>')
                if len(chunk) >= 5000:
                    out.write("".join(chunk).encode())
                    chunk.clear()
            out.write(("".join(chunk) + "</sst>").encode())
        archive.writestr("xl/styles.xml", _STYLES)
        hidden = ' state="hidden"'
        sheet_entries = "".join(
            f'<sheet name="{escape(spec.name)}" sheetId="{i}" r:id="rId{i}"{hidden if spec.hidden else ""}/>'
            for i, spec in enumerate(sheets, start=1))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{sheet_entries}</sheets></workbook>"))
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
        n = len(sheets)
        rels += (f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/sharedStrings" Target="sharedStrings.xml"/>'
                 f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/styles" Target="styles.xml"/>')
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'))
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}"
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
