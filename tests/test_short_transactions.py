"""Short transactions (issue 11 §4): a matching run over a few thousand seekers holds no transaction while
it loads, scores and runs OR-Tools, so a social worker filing a household meanwhile is not held up.

Runs in a subprocess against a database of its own (a SQLite file in WAL mode — the embedded default, one
write lock for everyone — or a PostgreSQL database beside the test database), like the backup drill: two
threads, one executing the run, the other filing households one after another while the run is going.
Before the fix the run's single `atomic()` held SQLite's write lock for the whole run, and each filing
waited until the run ended.
"""

from __future__ import annotations

import json

import pytest

from bench.short_transactions import SCRIPT
from tests.test_backup_drill import Site, site  # noqa: F401 - the drill's fixture: a database of its own

pytestmark = pytest.mark.slow


def test_filing_is_not_held_up_by_a_matching_run(site: Site) -> None:  # noqa: F811
    site.run("manage.py", "migrate", "-v", "0")
    figures = json.loads(site.run("-c", SCRIPT).stdout.strip().splitlines()[-1])
    print(f"filing alone {figures['alone'] * 1000:.0f} ms; during a {figures['run_seconds']:.1f} s run of "
          f"{figures['seekers']} seekers: {len(figures['during'])} filings, slowest "
          f"{max(figures['during'], default=0) * 1000:.0f} ms")
    assert figures["errors"] == [] and figures["status"] == "done" and figures["seekers"] == 3000
    # The run was long enough to matter, and filings went on during it …
    assert figures["run_seconds"] > 1.0 and len(figures["during"]) >= 3
    # … none waiting for more than the run's short final write (bound: 1 s, or a fifth of the run).
    assert max(figures["during"]) < max(1.0, figures["run_seconds"] / 5)
