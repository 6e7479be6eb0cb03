"""The status policy's 403 ("the role lacks the permission"), over every route, pages and API alike.

An outside tester found 68 routes answering a signed-in user with no role an empty list (API lists) or a
404 (assistance pages) instead of 403. The rule is central (`bangfu.accounts.routes`, applied by
`RoutePermissionMiddleware` and the API's authentication); these tests hold every route to it:

- a user without any role is refused every URL pattern and every API operation (every method), except
  the routes every signed-in user has;
- over every scope probe, with the probe's record in the user's own unit, a single role whose scope
  reaches the record either shows it or answers 403 — an empty list or a 404 means the role lacks the
  route's permission and was not told so; a role reading only its own records (仅本人) is refused every
  route of an app it holds no permission in.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from bangfu.accounts.models import ApiToken, DataScope, OrgUnit, User
from bangfu.accounts.roles import ROLES, role_permission_patterns
from bangfu.accounts.routes import OPEN_ROUTES, open_to_every_user
from config.api import api
from tests.scope_matrix import Probe, all_probes, build_wide_tree

pytestmark = pytest.mark.django_db

SAMPLE_VALUES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}


def _page_patterns() -> list[tuple[str, str]]:
    """(view name, a path built from sample values) for every named page pattern; the API is listed
    by operation below, Django's admin (regex patterns, superusers only) is left out."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in ("api", "admin"):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                kwargs = {key: SAMPLE_VALUES.get(type(converter).__name__.removesuffix("Converter").lower(), "1")
                          for key, converter in getattr(pattern.pattern, "converters", {}).items()}
                name = namespace + pattern.name
                found.append((name, reverse(name, kwargs=kwargs)))

    walk(get_resolver().url_patterns, "", "")
    return sorted(set(found))


def _api_operations() -> list[tuple[str, str]]:
    """(method, path) for every operation of the OpenAPI description, path parameters filled with 1."""
    schema = api.get_openapi_schema()
    operations = []
    for template, methods in schema["paths"].items():
        path = template
        for name in {part.split("}")[0] for part in template.split("{")[1:]}:
            path = path.replace("{" + name + "}", "1")
        operations += [(method.upper(), path) for method in methods]
    return operations


def _is_open(path: str) -> bool:
    return open_to_every_user(resolve(path.split("?")[0]).view_name)


def test_open_routes_exist() -> None:
    """A renamed route must not silently leave the open list (and with it, its users)."""
    names = {name for name, _path in _page_patterns()} | {f"api:{name}" for name in _api_url_names()}
    assert sorted(OPEN_ROUTES - names - {"api:api-root", "api:openapi-json", "api:openapi-view"}) == []


def _api_url_names() -> set[str]:
    return {resolve(path).url_name or "" for _method, path in _api_operations()}


def test_a_user_without_roles_is_refused_every_page(client: Client, org_tree: dict[str, OrgUnit]) -> None:
    client.force_login(User.objects.create_user(username="no-role", org=org_tree["tianhe"]))
    wrong = []
    checked = 0
    for name, path in _page_patterns():
        if open_to_every_user(name):
            continue
        for method in ("get", "post"):
            status = getattr(client, method)(path).status_code
            checked += 1
            if status != 403:
                wrong.append(f"{method.upper()} {name} {path} → {status}")
    assert wrong == []
    assert checked > 300


@pytest.mark.parametrize("by_token", [True, False], ids=["token", "session"])
def test_a_user_without_roles_is_refused_every_api_operation(org_tree: dict[str, OrgUnit], by_token: bool) -> None:
    """Every method of every operation, with a body that does not fit its schema: the refusal comes first."""
    user = User.objects.create_user(username="no-role", org=org_tree["tianhe"])
    client = Client()
    if by_token:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user, 'probe')[1]}")
    else:
        client.force_login(user)
    wrong = []
    operations = _api_operations()
    for method, path in operations:
        if _is_open(path):
            continue
        response = client.generic(method, path, data=json.dumps({"x": 1}), content_type="application/json")
        is_json = response.get("Content-Type", "").startswith("application/json")
        detail = str(response.json().get("detail", "")) if is_json else ""
        if response.status_code != 403 or "权限" not in detail:
            wrong.append(f"{method} {path} → {response.status_code} {detail[:40]}")
    assert wrong == []
    assert len(operations) > 190


def test_a_user_without_roles_keeps_the_routes_every_user_has(client: Client, org_tree: dict[str, OrgUnit]) -> None:
    user = User.objects.create_user(username="no-role", org=org_tree["tianhe"])
    client.force_login(user)
    for name in ("home", "security:password_change", "accounts:api_tokens"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get("/api/v1/me").json()["username"] == "no-role"
    assert client.get("/api/v1/me/tokens").status_code == 200


def _app_of(path: str) -> str:
    """The app a route belongs to: its view's module, or for the API its operation's module."""
    match = resolve(path.split("?")[0])
    module = match.func.__module__
    if match.view_name.startswith("api:"):
        module = _operation_modules()[match.url_name or ""]
    return module.split(".")[1]


def _operation_modules() -> dict[str, str]:
    modules = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                modules[operation.view_func.__name__] = operation.view_func.__module__
    return modules


def _apps_of(role_key: str) -> set[str]:
    return {pattern.split(".")[0] for pattern in role_permission_patterns().get(role_key, [])}


def _answer(client: Client, user: User, url: str, probe: Probe, marker: str) -> tuple[int, bool]:
    client.force_login(user)
    response = client.get(url)
    body = b"" if getattr(response, "streaming", False) else response.content
    text = body.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(response.json(), ensure_ascii=False)
    if probe.kind == "list":
        return response.status_code, response.status_code == 200 and marker in text
    return response.status_code, response.status_code in probe.expected_in_scope


@pytest.mark.parametrize("probe", all_probes(), ids=lambda probe: probe.url_name)
def test_a_role_lacking_the_route_is_told_so(probe: Probe, client: Client, roles: dict[str, Any]) -> None:
    unit = {u.code: u for u in build_wide_tree()}["10112"]  # the scope matrix's owner unit (some makers expect it)
    maker = User.objects.create_user(username="maker", org=unit)
    maker.groups.set([roles[probe.role]])
    kwargs, marker = probe.make(unit, maker)
    url = reverse(probe.url_name, kwargs=kwargs) + probe.query
    if open_to_every_user(resolve(url.split("?")[0]).view_name):
        return
    nobody = User.objects.create_user(username="nobody", org=unit)
    assert _answer(client, nobody, url, probe, marker)[0] == 403, url
    app = _app_of(url)
    wrong = []
    for spec in ROLES:
        user = User.objects.create_user(username=f"only-{spec.key}", org=unit)
        user.groups.set([roles[spec.key]])
        status, shows = _answer(client, user, url, probe, marker)
        if spec.data_scope == DataScope.SELF:
            if app not in _apps_of(spec.key) and status != 403:
                wrong.append(f"{spec.key} (no permission in {app}) → {status}")
        elif spec.key == probe.role and not shows:
            wrong.append(f"{spec.key}, the probe's own role, → {status} without the record")
        elif status != 403 and not shows:
            wrong.append(f"{spec.key} → {status} without the record")
    assert wrong == [], url


def test_a_body_that_does_not_fit_is_422_with_a_chinese_detail_on_every_operation(client: Client) -> None:
    """The status policy's 422 line, over every operation that takes a JSON body with required fields: a body
    of the wrong shape is 422 in every app (not 400 in one and 422 in another, never a 500), with the reason
    in Chinese. Path ids name no record here, so a route that looks its record up first may answer 404 (the
    policy's "does not exist"); a schema whose every field has a default takes any body as empty."""
    from bangfu.security.errors import has_chinese

    client.force_login(User.objects.create_superuser(username="root-probe", password="x" * 12))
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    wrong, checked = [], 0
    for template, methods in schema["paths"].items():
        path = template
        for name in {part.split("}")[0] for part in template.split("{")[1:]}:
            path = path.replace("{" + name + "}", "1")
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            reference = (body or {}).get("schema", {}).get("$ref", "")
            if not reference or not components[reference.rsplit("/", 1)[-1]].get("required"):
                continue
            checked += 1
            response = client.generic(method.upper(), path, data='"no object"', content_type="application/json")
            detail = str(response.json().get("detail", "")) if response.status_code < 500 else ""
            expected = {422, 404} if path != template else {422}
            if response.status_code not in expected or not has_chinese(detail):
                wrong.append(f"{method.upper()} {path} → {response.status_code} {detail[:60]}")
    assert wrong == []
    assert checked > 50


def test_a_read_refused_after_its_view_keeps_the_request_whole(client: Client, roles: dict[str, Any],
                                                               org_tree: dict[str, Any]) -> None:
    """The 403 decided after the view ran (its reads came through no granted permission) lets the view's
    answer go without ending the request: request_finished is sent once, by the server, at the end — sent
    from the middleware it closed the database connection mid-request on PostgreSQL (inside a transaction),
    the denial audit failed and every later query of the process with it (CI's PostgreSQL pass lost 155
    tests this way). The denial is recorded on the same connection afterwards."""
    from django.core import signals

    from bangfu.core.models import AuditEvent

    trainer = User.objects.create_user(username="trainer-only", org=org_tree["tianhe"])
    trainer.groups.set([roles["trainer"]])
    client.force_login(trainer)
    finished: list[object] = []

    def count(sender: object, **kwargs: Any) -> None:
        finished.append(sender)

    signals.request_finished.connect(count)
    try:
        response = client.get("/api/v1/employers")
    finally:
        signals.request_finished.disconnect(count)
    assert response.status_code == 403
    assert len(finished) == 1
    assert AuditEvent.objects.filter(action="access.denied", actor_id=trainer.pk).exists()
