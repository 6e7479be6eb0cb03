"""Seekers and openings from CSV or Excel files; results back to CSV or Excel.

Headers are Chinese (``编号``, ``期望月薪`` …) with English aliases (``id``, ``wage_floor`` …); a unit
in brackets after a header is ignored (``期望月薪（元）``). CSV may be UTF-8 (with or without BOM) or,
as Excel on a Chinese Windows saves it, GB18030. docs/matching.md lists every column.

Bad cells never stop a run: the row is rejected with a Chinese message naming the row (as the
spreadsheet numbers it, header = row 1) and the column, and every valid row is still read. Only a
file that cannot be read at all, or lacks a required column, raises ``InputError``.

The modules: ``errors`` (``InputError``, ``CellError``, ``RowError``), ``cells`` (one cell to one
value), ``week`` (weekly hours as a mask), ``columns`` (the input columns), ``readers`` (files to
records), ``writers`` (result tables to files), ``csvtext`` (large tables as CSV text with numpy).
Every public name is importable from ``bangfu.matching.fileio`` itself.
"""

from ..engine import ALL_WEEK, DAYS_PER_WEEK, HOURS_PER_DAY, DistrictTable, Opening, Seeker, slot_mask
from ..explain import ACCOMMODATION_LABELS
from ..occupations import DEFAULT_EDITION, normalise_code
from . import csvtext
from .cells import (
    parse_accommodations,
    parse_bool,
    parse_code,
    parse_codes,
    parse_date,
    parse_edition,
    parse_list,
    parse_optional_int,
    parse_optional_km,
    parse_required_text,
    parse_sex,
    parse_yuan,
)
from .columns import Column, opening_columns, seeker_columns
from .errors import CellError, InputError, RowError
from .readers import Loaded, T, load_openings, load_seekers, read_rows
from .week import parse_week
from .writers import (
    Outputs,
    Place,
    Table,
    check_outputs,
    check_writable,
    os_reason,
    output_paths,
    write_csv,
    write_tables,
)

# The engine's names that this module used are importable from here too, as they were when it was
# one module.
__all__ = [
    "ACCOMMODATION_LABELS",
    "ALL_WEEK",
    "DAYS_PER_WEEK",
    "DEFAULT_EDITION",
    "HOURS_PER_DAY",
    "CellError",
    "Column",
    "DistrictTable",
    "InputError",
    "Loaded",
    "Opening",
    "Outputs",
    "Place",
    "RowError",
    "Seeker",
    "T",
    "Table",
    "check_outputs",
    "check_writable",
    "csvtext",
    "load_openings",
    "load_seekers",
    "normalise_code",
    "opening_columns",
    "os_reason",
    "output_paths",
    "parse_accommodations",
    "parse_bool",
    "parse_code",
    "parse_codes",
    "parse_date",
    "parse_edition",
    "parse_list",
    "parse_optional_int",
    "parse_optional_km",
    "parse_required_text",
    "parse_sex",
    "parse_week",
    "parse_yuan",
    "read_rows",
    "seeker_columns",
    "slot_mask",
    "write_csv",
    "write_tables",
]
