"""Issue 9 §7: every error a person meets is Chinese, in the site's look, with the way back — pages and
API alike, with DEBUG on (the demo) as off — and the same status for the same situation."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import path

from bangfu.security.errorpages import PAGE_TEXTS
from bangfu.security.errors import has_chinese
from config import urls as site_urls

pytestmark = pytest.mark.django_db


def _boom(request: Any) -> Any:
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), *site_urls.urlpatterns]


def _is_chinese_page(response: Any, status: int) -> bool:
    body = response.content.decode()
    return (response.status_code == status and f'data-status="{status}"' in body
            and PAGE_TEXTS[status][0] in body and "返回首页" in body and "Traceback" not in body)


@pytest.mark.parametrize("debug", [True, False])
def test_unknown_page_is_a_chinese_404_in_every_environment(client: Client, make_user: Any, org_tree: Any,
                                                          debug: bool) -> None:
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    with override_settings(DEBUG=debug):
        assert _is_chinese_page(client.get("/no-such-page/"), 404)
        assert _is_chinese_page(client.get("/orgs/440105011-none/"), 404)  # a record that is not there


@pytest.mark.parametrize("debug", [True, False])
def test_a_page_the_role_does_not_grant_is_a_chinese_403(client: Client, make_user: Any, org_tree: Any,
                                                         debug: bool) -> None:
    client.force_login(make_user("street_social_worker", org_tree["wushan"]))
    with override_settings(DEBUG=debug):
        assert _is_chinese_page(client.get("/users/"), 403)


def test_a_bug_is_a_chinese_500_and_still_reaches_the_log(make_user: Any, org_tree: Any,
                                                          caplog: Any) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    with override_settings(ROOT_URLCONF="tests.test_error_pages", DEBUG=True):
        response = client.get("/boom/")
    assert response.status_code == 500 and "系统出错" in response.content.decode()
    assert "a bug" not in response.content.decode()
    assert any("Internal Server Error" in record.message for record in caplog.records)


def test_the_api_answers_the_same_statuses_in_chinese(client: Client, make_user: Any, org_tree: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"])
    assert Client().get("/api/v1/me").status_code == 401
    client.force_login(worker)
    answers = {
        404: client.get("/api/v1/orgs/440105"),  # another district's unit: outside scope
        403: client.get("/api/v1/tokens"),  # the worker's role does not list tokens
        405: client.delete("/api/v1/me"),
        400: client.post("/api/v1/users/1/roles", data="{", content_type="application/json"),
    }
    for status, response in answers.items():
        assert response.status_code == status, (status, response.content)
        assert has_chinese(response.json()["detail"]), status
    # The page for the same situation answers the same status.
    assert client.get("/orgs/440105/").status_code == 404
    assert client.get("/tokens/").status_code == 403
