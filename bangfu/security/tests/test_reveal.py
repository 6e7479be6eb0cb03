""""Show in clear": masked by default, a control for permitted users, scoped, recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from bangfu.core.models import AuditEvent
from bangfu.security.tests.helpers import make_person

pytestmark = pytest.mark.django_db


def _url(person: Any, field: str = "id_number") -> str:
    return f"/security/reveal/people/person/{person.pk}/{field}/"


def _render(person: Any, user: Any, field: str = "id_number") -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% load sensitive %}{% masked person field %}')
    return template.render(Context({"person": person, "field": field, "request": request, "user": user}))


def test_the_tag_masks_and_offers_the_control_to_permitted_users(make_user: Any, org_tree: Any) -> None:
    person = make_person(org_tree["wushan"])
    masked = person.id_number[:6] + "********" + person.id_number[-4:]
    worker = make_user("street_social_worker", org_tree["wushan"])
    officer = make_user("district_officer", org_tree["tianhe"])
    assert _render(person, worker) == masked
    html = _render(person, officer)
    assert masked in html and f'hx-get="{_url(person)}"' in html and person.id_number not in html
    assert _render(person, officer, "name") == "测**员"  # personal, not revealable: masked, no control


def test_a_permitted_officer_reveals_one_value_and_it_is_recorded(client: Client, make_user: Any,
                                                                 org_tree: Any) -> None:
    person = make_person(org_tree["wushan"], health_note="矽肺二期")
    officer = make_user("district_officer", org_tree["tianhe"])
    client.force_login(officer)
    response = client.get(_url(person), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert person.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"].split(", ")
    event = AuditEvent.objects.get(action="sensitive.reveal")
    assert (event.actor_id, event.object_type, event.object_id, event.changes) == (
        officer.pk, "people.Person", str(person.pk), {"field": "id_number"})
    assert person.id_number not in str(event.changes) + event.object_repr
    assert "矽肺二期" in client.get(_url(person, "health_note")).content.decode()


def test_hiding_again_renders_the_masked_value_and_records_nothing(client: Client, make_user: Any,
                                                                    org_tree: Any) -> None:
    person = make_person(org_tree["wushan"])
    client.force_login(make_user("city_officer", org_tree["guangzhou"]))
    body = client.get(_url(person) + "?hide=1").content.decode()
    assert person.id_number not in body and person.id_number[-4:] in body
    assert not AuditEvent.objects.filter(action="sensitive.reveal").exists()


def test_outside_the_scope_is_404(client: Client, make_user: Any, org_tree: Any) -> None:
    person = make_person(org_tree["wushan"])
    client.force_login(make_user("district_officer", org_tree["haizhu"]))
    assert client.get(_url(person)).status_code == 404
    assert not AuditEvent.objects.filter(action="sensitive.reveal").exists()


def test_without_the_permission_is_403(client: Client, make_user: Any, org_tree: Any) -> None:
    person = make_person(org_tree["wushan"])
    for role in ("street_social_worker", "system_admin", "auditor"):
        client.force_login(make_user(role, org_tree["root"] if role != "street_social_worker" else org_tree["wushan"]))
        assert client.get(_url(person)).status_code == 403, role
    assert not AuditEvent.objects.filter(action="sensitive.reveal").exists()


@pytest.mark.parametrize(
    "path",
    [
        "people/person/{pk}/name/",  # personal, not sensitive
        "people/person/{pk}/id_index/",  # a blind index
        "people/person/{pk}/no_such_field/",
        "accounts/user/{pk}/password/",  # a credential
        "auth/user/{pk}/password/",
        "nosuchapp/nosuchmodel/{pk}/id_number/",
    ],
)
def test_only_revealable_fields_of_bangfu_models(client: Client, make_user: Any, org_tree: Any, path: str) -> None:
    person = make_person(org_tree["wushan"])
    client.force_login(make_user("city_officer", org_tree["root"]))
    assert client.get("/security/reveal/" + path.format(pk=person.pk)).status_code == 404


def _api_url(person: Any, field: str = "id_number") -> str:
    return f"/api/v1/security/reveal/people/person/{person.pk}/{field}"


def test_the_api_reveals_through_the_same_service_with_the_same_refusals(client: Client, make_user: Any,
                                                                         org_tree: Any) -> None:
    person = make_person(org_tree["wushan"])
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    response = client.get(_api_url(person))
    assert response.status_code == 200 and response.json() == {"field_name": "id_number", "value": person.id_number}
    assert AuditEvent.objects.filter(action="sensitive.reveal", object_id=str(person.pk)).count() == 1
    assert client.get(_api_url(person, "id_index")).status_code == 404  # a blind index is never revealed
    client.force_login(make_user("district_officer", org_tree["haizhu"]))
    outside = client.get(_api_url(person))
    assert outside.status_code == 404 and "数据范围" in outside.json()["detail"]
    client.force_login(make_user("street_social_worker", org_tree["wushan"]))
    denied = client.get(_api_url(person))
    assert denied.status_code == 403 and "权限" in denied.json()["detail"]
    assert AuditEvent.objects.filter(action="sensitive.reveal").count() == 1
