"""Page and API write the same audit events (issue 11 §2).

For every action offered both by a page and by the API, the same user does it once through each path on
records made alike; the events each path adds — action, outcome, kind of record — must be the same, and
not empty. The audit writes live in the service or query both paths call, never in a view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from bangfu.accounts.models import User
from bangfu.assistance.tests.scope_probes import _program_kwargs
from bangfu.core.models import AuditEvent
from bangfu.people.tests.helpers import apply_family
from bangfu.security.tests.scope_probes import _person_id_number

pytestmark = pytest.mark.django_db

Context = dict[str, Any]


@dataclass
class Pair:
    name: str
    role: str
    unit: str
    make: Callable[[Any, Any], Context]
    page: Callable[[Client, Context], Any]
    api: Callable[[Client, Context], Any]


def _family(org: Any, user: Any) -> Context:
    hardship_file = apply_family(user, org, head="对照户主")
    return {"number": hardship_file.household.head.id_number}


def _colleague(org: Any) -> User:
    worker = User.objects.create_user(username=f"parity-worker-{User.objects.count()}", org=org)
    worker.groups.set([Group.objects.get(role_profile__key="street_social_worker")])
    return User.objects.get(pk=worker.pk)


def _family_filed_by_a_worker(org: Any, user: Any) -> Context:
    return _family(org, _colleague(org))


def _applied(org: Any, user: Any) -> Context:
    # Four eyes: a colleague files the application, so the user may take it to 初审.
    hardship_file = apply_family(_colleague(org), org, head="对照户主")
    return {"pk": hardship_file.household_id, "version": hardship_file.version}


def _reveal(org: Any, user: Any) -> Context:
    kwargs, _marker = _person_id_number(org, user)
    return kwargs


def _program(org: Any, user: Any) -> Context:
    kwargs, _marker = _program_kwargs(org, user)
    return kwargs


PAIRS = [
    Pair("search by full ID number", "street_social_worker", "wushan", _family,
         lambda c, x: c.post(reverse("people:household_list"), {"id_number": x["number"]}),
         lambda c, x: c.post("/api/v1/households/search", {"id_number": x["number"]}, content_type="application/json")),
    Pair("a step of the filing workflow (初审)", "street_social_worker", "wushan", _applied,
         lambda c, x: c.post(reverse("people:file_transition", kwargs={"pk": x["pk"], "action": "review"}),
                             {"version": x["version"]}),
         lambda c, x: c.post(f"/api/v1/households/{x['pk']}/transitions", {"action": "review", "version": x["version"]},
                             content_type="application/json")),
    Pair("show an ID number in clear", "district_officer", "tianhe", _reveal,
         lambda c, x: c.get(reverse("security:reveal", kwargs=x)),
         lambda c, x: c.get(reverse("api:reveal_value", kwargs=x))),
    Pair("public notice out of the system", "district_officer", "tianhe", _program,
         lambda c, x: c.get(reverse("assistance:notice_export", kwargs=x)),
         lambda c, x: c.get(f"/api/v1/assistance/programs/{x['pk']}/notice")),
    Pair("campaign reconciliation out of the system", "city_officer", "guangzhou", _program,
         lambda c, x: c.get(reverse("assistance:reconciliation_export", kwargs=x)),
         lambda c, x: c.get(f"/api/v1/assistance/programs/{x['pk']}/reconciliation")),
    Pair("statistical bulletin out of the system", "district_officer", "tianhe", _family_filed_by_a_worker,
         lambda c, x: c.get(reverse("reports:bulletin_txt")),
         lambda c, x: c.get("/api/v1/reports/hardship", {"published": "true"})),
]


def _events_of(call: Callable[[], Any]) -> list[tuple[str, str, str]]:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    response = call()
    assert response.status_code in (200, 302), response.content[:300]  # a page's POST redirects when done
    return list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")
                .values_list("action", "outcome", "object_type"))


@pytest.mark.parametrize("pair", PAIRS, ids=[pair.name for pair in PAIRS])
def test_page_and_api_write_the_same_audit_events(pair: Pair, org_tree: Any, make_user: Any) -> None:
    user = make_user(pair.role, org_tree[pair.unit])
    client = Client()
    client.force_login(user)
    by_page = _events_of(lambda: pair.page(client, pair.make(org_tree[pair.unit], user)))
    by_api = _events_of(lambda: pair.api(client, pair.make(org_tree[pair.unit], user)))
    assert by_page, f"{pair.name}: the page wrote no audit event"
    assert by_page == by_api
