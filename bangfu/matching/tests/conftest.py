"""Fixtures the matching tests share (the project's own are in /conftest.py)."""

from __future__ import annotations

import pytest

from bangfu.matching import queries


@pytest.fixture
def fresh_pools() -> None:
    """No opening pool prepared by an earlier test: each test's pool is built from its own data."""
    queries.clear_pools()
