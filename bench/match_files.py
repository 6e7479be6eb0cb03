"""The benchmark instance as the command's input files, in the documented Chinese columns.

    .venv/bin/python bench/match_files.py DIR [--seekers N] [--openings M]

writes DIR/seekers.csv and DIR/openings.csv (UTF-8 with BOM, as Excel saves them) from the same seeded
instance ``bench/matching.py`` scores in memory, so the command is timed on exactly those records.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matching import make_instance  # noqa: E402

from bangfu.matching.engine import ALL_WEEK, DAYS_PER_WEEK, HOURS_PER_DAY, DistrictTable, Opening, Seeker  # noqa: E402
from bangfu.matching.fileio.columns import Column, opening_columns, seeker_columns  # noqa: E402

DAY_NAMES = "一二三四五六日"
TABLE = DistrictTable.default()


def headers(columns: Iterable[Column], keys: list[str]) -> list[object]:
    """The documented Chinese headers of the given fields, in that order."""
    by_key = {column.key: column.header for column in columns}
    return [by_key[key] for key in keys]


SEEKER_KEYS = ["id", "tags", "occupation_codes", "districts", "home_district", "commute_limit_km", "free_slots"]
SEEKER_KEYS += ["wage_floor_fen", "needs", "text", "employment_difficulty"]
OPENING_KEYS = ["id", "title", "occupation_code", "tags", "text", "district", "wage_min_fen", "wage_max_fen"]
OPENING_KEYS += ["shift_slots", "openings_left", "accommodations", "valid_until"]


def week_text(mask: int) -> str:
    """A weekly mask in the documented form, one segment per day: "周一 09-12,14-18；周二 …"."""
    if mask == ALL_WEEK:
        return "不限"
    segments = []
    for day in range(DAYS_PER_WEEK):
        hours = [(mask >> (day * HOURS_PER_DAY + hour)) & 1 for hour in range(HOURS_PER_DAY)] + [0]
        runs, start = [], None
        for hour, on in enumerate(hours):
            if on and start is None:
                start = hour
            elif not on and start is not None:
                runs.append(f"{start:02d}-{hour:02d}")
                start = None
        if runs:
            segments.append(f"周{DAY_NAMES[day]} {','.join(runs)}")
    return "；".join(segments)


def yuan(fen: int) -> str:
    return f"{fen // 100}"


def seeker_rows(seekers: Iterable[Seeker]) -> Iterable[list[object]]:
    yield headers(seeker_columns(TABLE), SEEKER_KEYS)
    for s in seekers:
        yield [
            s.id,
            "、".join(sorted(s.tags)),
            "、".join(s.occupation_codes),
            "、".join(sorted(s.districts)),
            s.home_district or "",
            "" if s.commute_limit_km is None else f"{s.commute_limit_km:g}",
            week_text(s.free_slots),
            yuan(s.wage_floor_fen),
            "、".join(sorted(s.needs)),
            s.text,
            "是" if s.employment_difficulty else "否",
        ]


def opening_rows(openings: Iterable[Opening]) -> Iterable[list[object]]:
    yield headers(opening_columns(TABLE), OPENING_KEYS)
    for o in openings:
        yield [
            o.id,
            o.title,
            o.occupation_code,
            "、".join(sorted(o.tags)),
            o.text,
            o.district,
            yuan(o.wage_min_fen),
            yuan(o.wage_max_fen),
            week_text(o.shift_slots) if o.shift_slots else "",
            o.openings_left,
            "、".join(sorted(o.accommodations)),
            o.valid_until.isoformat() if o.valid_until else "",
        ]


def write_files(directory: Path, seekers: int, openings: int) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    seeker_list, opening_list = make_instance(seekers, openings)
    paths = (directory / "seekers.csv", directory / "openings.csv")
    for path, rows in zip(paths, (seeker_rows(seeker_list), opening_rows(opening_list)), strict=True):
        with path.open("w", encoding="utf-8-sig", newline="") as output:
            csv.writer(output).writerows(rows)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seekers", type=int, default=100_000)
    parser.add_argument("--openings", type=int, default=20_000)
    args = parser.parse_args(argv)
    for path in write_files(args.directory, args.seekers, args.openings):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
