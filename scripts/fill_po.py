"""Fill a .po catalogue's empty msgstr from a JSON table {msgid: msgstr} (developer tool).

Usage: python scripts/fill_po.py path/to/django.po table.json
Plural entries take a list of forms in the table. Entries not in the table are left as they are
and listed, so a catalogue test can point at what still lacks a translation.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def _unquote(block: list[str]) -> str:
    return "".join(json.loads(line[line.index('"') :]) for line in block)


def fill(po_path: Path, table: dict[str, object]) -> list[str]:
    text = po_path.read_text(encoding="utf-8")
    entries = text.split("\n\n")
    missing: list[str] = []
    out = []
    for entry in entries:
        lines = [line for line in entry.split("\n") if line]
        if not any(line.startswith("msgid ") for line in lines):
            out.append(entry)
            continue
        lines = [line for line in lines if line != "#, fuzzy" and not line.startswith("#| ")]
        if any(line.startswith("#, fuzzy,") for line in lines):
            lines = [line.replace("fuzzy, ", "") if line.startswith("#, fuzzy,") else line for line in lines]
        start = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
        head = lines[:start]
        body = lines[start:]
        msgid_lines: list[str] = []
        plural_lines: list[str] = []
        i = 0
        current = msgid_lines
        while i < len(body):
            line = body[i]
            if line.startswith("msgid_plural "):
                current = plural_lines
            elif line.startswith("msgstr"):
                break
            current.append(line)
            i += 1
        msgid = _unquote(msgid_lines)
        if msgid == "":
            out.append(entry)
            continue
        translation = table.get(msgid)
        existing = body[i:]
        has_value = any(re.match(r'msgstr(\[\d\])? ".+"', line) for line in existing) or (
            len(existing) > 1 and any(line.startswith('"') and line != '""' for line in existing)
        )
        if translation is None:
            if not has_value:
                missing.append(msgid)
            out.append("\n".join(head + body))
            continue
        if plural_lines:
            forms = translation if isinstance(translation, list) else [translation]
            new = [f"msgstr[{n}] {json.dumps(form, ensure_ascii=False)}" for n, form in enumerate(forms)]
        else:
            new = [f"msgstr {json.dumps(translation, ensure_ascii=False)}"]
        out.append("\n".join(head + msgid_lines + plural_lines + new))
    po_path.write_text("\n\n".join(out), encoding="utf-8")
    return missing


if __name__ == "__main__":
    left = fill(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    for msgid in left:
        print("untranslated:", msgid)
