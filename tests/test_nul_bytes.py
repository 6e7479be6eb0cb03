"""NUL characters in input are refused with a Chinese 400, on pages and API, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bangfu.core.middleware import NUL_MESSAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client: Client, org_tree: dict[str, Any], make_user: Any) -> Client:
    client.force_login(make_user("city_officer", org_tree["guangzhou"]))
    return client


def test_nul_in_an_api_query_is_a_400_in_chinese(officer_client: Client) -> None:
    response = officer_client.get("/api/v1/openings", {"q": "电商\x00"})
    assert response.status_code == 400
    assert response.json() == {"detail": NUL_MESSAGE}


def test_nul_in_a_json_body_is_a_400(officer_client: Client) -> None:
    response = officer_client.post(
        "/api/v1/matching/runs", data='{"org": "4401\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == NUL_MESSAGE


def test_nul_in_a_page_query_is_a_400(officer_client: Client) -> None:
    response = officer_client.get("/orgs/", {"q": "五山\x00"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def test_ordinary_input_passes(officer_client: Client) -> None:
    """The same search without the NUL finds the unit it names, and only it (the result table alone)."""
    response = officer_client.get("/orgs/", {"q": "五山"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "五山街道总工会" in body and "海珠区总工会" not in body
