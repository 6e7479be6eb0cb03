"""Fixtures of the honours tests: a city officer (maker), a second city officer (approver), a street social
worker, and an officer of a sibling district (outside the records' scope)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def officer(org_tree: dict, make_user: Any) -> Any:
    return make_user("city_officer", org_tree["guangzhou"], username="gz_maker")


@pytest.fixture
def approver(org_tree: dict, make_user: Any) -> Any:
    return make_user("city_officer", org_tree["guangzhou"], username="gz_approver")


@pytest.fixture
def worker(org_tree: dict, make_user: Any) -> Any:
    return make_user("street_social_worker", org_tree["wushan"], username="ws_worker")


@pytest.fixture
def outsider(org_tree: dict, make_user: Any) -> Any:
    return make_user("district_officer", org_tree["haizhu"], username="hz_officer")
