"""Fixtures the workforce tests share (the project's own are in /conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def officer(org_tree: dict, make_user: Any) -> Any:
    """A district officer of 天河 (proposes decisions)."""
    return make_user("district_officer", org_tree["tianhe"])


@pytest.fixture
def approver(org_tree: dict, make_user: Any) -> Any:
    """A city officer of 广州 (approves what the district officer proposes)."""
    return make_user("city_officer", org_tree["guangzhou"])
