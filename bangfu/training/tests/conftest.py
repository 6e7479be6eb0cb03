"""Fixtures the training tests share (the project's own are in /conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def officer(org_tree: dict, make_user: Any, client: Any) -> Any:
    """A district officer of 天河, signed in on ``client``."""
    user = make_user("district_officer", org_tree["tianhe"])
    client.force_login(user)
    return user
