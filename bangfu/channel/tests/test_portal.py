"""The worker's pages over HTTP: sign-in, the separate session, isolation between workers, the phone budget."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from bangfu.channel import services
from bangfu.channel.models import ApplicationStatus, WorkerApplication
from bangfu.channel.tests.helpers import apply_hardship, bound_account, new_id, new_phone, sign_in, ticket_input
from bangfu.channel.worker import COOKIE
from tests.scope_matrix import all_url_names

pytestmark = pytest.mark.django_db
PAGE_BUDGET = 100 * 1024  # bytes of HTML + CSS before images


def _worker_client(account_phone: str | None = None) -> tuple[Client, Any]:
    signed = sign_in(account_phone)
    client = Client()
    client.cookies[COOKIE] = signed.token
    return client, signed.account


def test_sign_in_through_the_pages_sets_only_the_worker_cookie(client: Client) -> None:
    phone = new_phone()
    sent = client.post(reverse("portal:sign_in"), {"phone": phone})
    assert sent.status_code == 200
    code = re.search(r'data-testid="demo-code">[^<]*<strong>(\d{6})</strong>', sent.content.decode())
    assert code is not None
    wrong = client.post(reverse("portal:sign_in"), {"phone": phone, "code": "000000" if code[1] != "000000"
                                                    else "111111"})
    assert wrong.status_code == 400 and "验证码错误" in wrong.content.decode()
    signed = client.post(reverse("portal:sign_in"), {"phone": phone, "code": code[1]})
    assert signed.status_code == 302 and signed["Location"] == reverse("portal:real_name")
    cookie = signed.cookies[COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/w/" and "sessionid" not in signed.cookies
    assert client.get(reverse("portal:real_name")).status_code == 200
    client.post(reverse("portal:sign_out"))
    assert client.get(reverse("portal:applications")).status_code == 302


def test_the_http_sender_never_shows_the_code(client: Client, settings: Any, monkeypatch: Any) -> None:
    settings.BANGFU_SMS_SENDER = "http"
    monkeypatch.setenv("BANGFU_SMS_URL", "https://sms.invalid/send")
    monkeypatch.setenv("BANGFU_SMS_TOKEN", "t")
    response = client.post(reverse("portal:sign_in"), {"phone": new_phone()})
    assert response.status_code == 200 and 'data-testid="demo-code"' not in response.content.decode()


def test_a_worker_session_reaches_no_staff_url(org_tree: dict) -> None:
    client, _account = _worker_client()
    reached = []
    for name in all_url_names():
        if name.startswith(("portal:", "admin:")) or name in ("login", "logout", "healthz", "set_language",
                                                                 "api:openapi-json", "api:openapi-view",
                                                                 "api:api-root"):
            continue
        url = _url(name)
        if url is None:
            continue
        status = client.get(url).status_code
        if status not in (301, 302, 401, 403, 404, 405):
            reached.append((name, status))
    assert reached == []


def _url(name: str) -> str | None:
    """The URL with every argument filled by a plausible value (1, 'x')."""
    from django.urls import NoReverseMatch

    for kwargs in ({}, {"pk": 1}, {"pk": 1, "step": "x"}):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    pattern = _pattern_of(name)
    if pattern is None:
        return None
    filled = re.sub(r"<int:\w+>", "1", pattern)
    filled = re.sub(r"<(?:\w+:)?\w+>", "x", filled)
    return "/" + filled


def _pattern_of(name: str) -> str | None:
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list[Any], namespace: str, prefix: str) -> str | None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                found = walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
                if found:
                    return found
            elif isinstance(pattern, URLPattern) and namespace + (pattern.name or "") == name:
                return prefix + str(pattern.pattern)
        return None

    return walk(get_resolver().url_patterns, "", "")


def test_every_portal_route_with_an_id_is_404_for_another_worker(org_tree: dict) -> None:
    client, mine = _worker_client()
    services.bind_real_name(account=mine, name="严明", id_number=new_id())
    other = bound_account(name="别人")
    theirs = apply_hardship(other, org_tree["wushan"])
    their_ticket = services.submit_web_ticket(account=other, data=ticket_input())
    own = apply_hardship(mine, org_tree["wushan"])
    assert client.get(reverse("portal:application_detail", args=[own.pk])).status_code == 200
    for name, pk in (("portal:application_detail", theirs.pk), ("portal:ticket_detail", their_ticket.pk),
                     ("portal:application_reply", theirs.pk)):
        assert client.get(reverse(name, args=[pk])).status_code in (404, 405)
        assert client.post(reverse(name, args=[pk]), {"rating": 5, "text": "x"}).status_code in (404, 405)
    assert client.post(reverse("portal:application_reply", args=[theirs.pk]), {"text": "x"}).status_code == 404
    listing = client.get(reverse("portal:applications")).content.decode()
    assert f"/w/applications/{own.pk}/" in listing and f"/w/applications/{theirs.pk}/" not in listing
    theirs.refresh_from_db()
    assert theirs.rating is None


def test_a_staff_session_is_not_a_worker(client: Client, staff: dict) -> None:
    client.force_login(staff["wushan"])
    assert client.get(reverse("portal:applications")).status_code == 302


def test_the_worker_applies_on_the_page_and_staff_accept_on_theirs(org_tree: dict, staff: dict,
                                                                   client: Client) -> None:
    worker, account = _worker_client()
    number = new_id()
    assert worker.post(reverse("portal:real_name"), {"name": "严明", "id_number": number}).status_code == 302
    form = {"street": org_tree["wushan"].pk, "address": "五山路 1 号", "primary_cause": "major_illness",
            "note": "", "consent": "on", "m-TOTAL_FORMS": "2", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0",
            "m-MAX_NUM_FORMS": "20", "m-0-name": "严明", "m-0-id_number": number, "m-0-relation": "self",
            "m-0-employment_status": "unemployed", "m-0-monthly_income": "1,200",
            "m-1-relation": "child", "m-1-employment_status": "student"}
    without_consent = worker.post(reverse("portal:apply_hardship"), form | {"consent": ""})
    assert without_consent.status_code == 400
    response = worker.post(reverse("portal:apply_hardship"), form)
    assert response.status_code == 302
    application = WorkerApplication.objects.get(account=account)
    client.force_login(staff["wushan"])
    assert "严明" in client.get(reverse("channel:application_detail", args=[application.pk])).content.decode()
    client.post(reverse("channel:application_step", args=[application.pk, "accept"]),
                {"version": application.version, "staff_phone": "020-1234"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED and application.hardship_file is not None
    page = worker.get(reverse("portal:application_detail", args=[application.pk])).content.decode()
    assert 'data-state="current">入户调查' in page and "020-1234" in page


def test_worker_pages_fit_a_slow_phone(org_tree: dict) -> None:
    client, account = _worker_client()
    services.bind_real_name(account=account, name="严明", id_number=new_id())
    own = apply_hardship(account, org_tree["wushan"])
    css_size = Path(str(finders.find("channel/portal.css"))).stat().st_size
    for url in (reverse("portal:home"), reverse("portal:self_test"), reverse("portal:apply_hardship"),
                reverse("portal:applications"), reverse("portal:application_detail", args=[own.pk])):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200 and "<script" not in html, url
        assert len(response.content) + css_size < PAGE_BUDGET, (url, len(response.content))
        assert 'name="viewport"' in html


def test_self_test_page_answers_in_plain_chinese(org_tree: dict) -> None:
    response = Client().post(reverse("portal:self_test"), {
        "street": org_tree["wushan"].pk, "household_size": "3", "monthly_income": "1,500", "essential_costs": "0"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-verdict="deep"' in html and "人均每月 500.00 元" in html


def test_staff_api_decides_and_reports(org_tree: dict, staff: dict, client: Client) -> None:
    application = apply_hardship(bound_account(), org_tree["wushan"])
    client.force_login(staff["chigang"])
    url = reverse("api:decide_worker_application", args=[application.pk])
    body = {"decision": "accept", "version": application.version}
    assert client.post(url, body, content_type="application/json").status_code == 404
    client.force_login(staff["wushan"])
    answer = client.post(url, body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    assert client.post(url, body, content_type="application/json").status_code == 409
    client.force_login(staff["city"])
    made = client.post(reverse("api:create_ticket"), {
        "caller_name": "陈女士", "caller_phone": "13800138000", "region_code": "440106011", "category": "training",
        "summary": "想参加电工培训"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["org_code"] == "440106011"
    report = client.get(reverse("api:ticket_report") + "?org=4401").json()
    assert report["total"] == 1 and report["rows"][0]["category"] == "培训"
    client.force_login(staff["chigang"])
    assert client.get(reverse("api:ticket_report") + "?org=4401").status_code == 404
