"""The engine, the assignment and the command are pure: importing them loads no Django module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PURE = (
    "bangfu.matching.engine",
    "bangfu.matching.engine.pool",
    "bangfu.matching.assign",
    "bangfu.matching.certificate",
    "bangfu.matching.results",
    "bangfu.matching.__main__",
)


def test_the_engine_and_the_command_import_no_django() -> None:
    script = (
        f"import sys; import {', '.join(PURE)}; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
