"""An office that types its own way, through the pages and the API (issue 10 §2, §3, §4).

The number typed on a phone in full-width digits with a half-width X and an ideographic space, the name pasted
with a no-break space, the phone with dashes in full-width digits: stored as the plain values, so the API
refuses the same person again and every search finds the one record. A 遭受意外或灾害日期 after today is
refused by the form and the API alike.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from bangfu.core.sensitive import blind_index
from bangfu.people.idgen import make_id_number
from bangfu.people.models import HardshipFile, Person
from bangfu.people.tests.helpers import new_id

pytestmark = pytest.mark.django_db
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
GENUINE_LATER_CODE = "440106198005151230"  # 天河区 (created 1985) on a number of a man born in 1980


def _id_ending_in_x() -> str:
    birth = dt.date(1976, 7, 8)
    return next(n for n in (make_id_number("440106", birth, seq, "M") for seq in range(1, 400)) if n.endswith("X"))


@pytest.fixture
def worker(org_tree: Any, make_user: Any) -> Any:
    return make_user("street_social_worker", org_tree["wushan"])


def _apply_form(org_pk: int, head_id: str, *, name: str = "欧阳明", phone: str = "",
                incident_on: str = "") -> dict[str, Any]:
    data = {
        "org": org_pk, "address": "五山路1号", "level": "grassroots", "primary_cause": "accident",
        "incident_on": incident_on, "contact": "", "note": "",
        "members-TOTAL_FORMS": "2", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "members-0-name": name, "members-0-id_number": head_id, "members-0-phone": phone,
        "members-0-relation": "self", "members-0-employment_status": "unemployed", "members-0-monthly_income": "800",
    }
    return data | {"members-1-name": "", "members-1-id_number": "", "members-1-relation": "",
                   "members-1-employment_status": "", "members-1-monthly_income": ""}


def _api_payload(head_id: str, *, incident_on: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "org": "440106011", "address": "五山路9号", "primary_cause": "accident",
        "members": [{"person": {"name": "欧阳明", "id_number": head_id}, "relation": "self",
                     "employment_status": "unemployed", "monthly_income_fen": 60_000}]}
    return payload | ({"incident_on": incident_on} if incident_on else {})


def _api_post(client: Any, name: str, body: dict[str, Any]) -> Any:
    return client.post(reverse(f"api:{name}"), json.dumps(body), content_type="application/json")


def test_a_number_typed_in_full_width_on_the_page_is_the_one_person_the_api_and_searches_know(
        worker: Any, org_tree: Any, login: Any) -> None:
    number = _id_ending_in_x()
    typed = number[:6].translate(FULL_WIDTH) + "\u3000" + number[6:-1].translate(FULL_WIDTH) + "X"
    client = login(worker)
    response = client.post(reverse("people:household_create"),
                           _apply_form(org_tree["wushan"].pk, typed, name="欧阳\u00a0明", phone="１３８-0013 8000"))
    assert response.status_code == 302, response.content.decode()[:2000]
    head = HardshipFile.objects.get().household.head
    assert (head.id_number, head.id_index, head.name, head.phone) == (
        number, blind_index(number), "欧阳明", "13800138000")

    # The same person typed plainly with a lower-case x, then spaced out, through the API: refused, not a second
    again = _api_post(client, "create_household", _api_payload(number[:-1] + "x"))
    assert again.status_code == 409 and "该号码已在系统中登记" in again.json()["detail"]
    spaced = _api_post(client, "create_household", _api_payload(" ".join(number)))
    assert spaced.status_code == 409
    assert Person.objects.count() == 1

    # Every search finds the one record: by ID on the page (POST) and the API, by the name typed either way
    page = client.post(reverse("people:household_list"), {"id_number": number.lower()}).content.decode()
    assert "共 1 条" in page and "欧阳明" in page
    for variant in (number, typed, number[:-1] + "ｘ"):
        found = _api_post(client, "search_households", {"id_number": variant}).json()
        assert found["count"] == 1, variant
    for name in ("欧阳明", "欧阳\u00a0明", "欧阳　明"):
        listing = client.get(reverse("api:list_households"), {"q": name}).json()
        assert listing["count"] == 1, name


def test_a_number_whose_area_code_is_younger_than_its_holder_is_filed_through_the_api(
        worker: Any, login: Any) -> None:
    response = _api_post(login(worker), "create_household", _api_payload(GENUINE_LATER_CODE))
    assert response.status_code == 201, response.content
    person = Person.objects.get()
    assert (person.id_number, person.birth_date, person.sex) == (GENUINE_LATER_CODE, dt.date(1980, 5, 15), "M")


def test_a_future_incident_date_is_refused_by_the_page_and_the_api(worker: Any, org_tree: Any, login: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client = login(worker)
    page = client.post(reverse("people:household_create"),
                       _apply_form(org_tree["wushan"].pk, new_id(), incident_on=f"{tomorrow:%Y-%m-%d}"))
    assert page.status_code == 400
    assert "遭受意外或灾害日期" in page.content.decode() and "晚于今天" in page.content.decode()
    api = _api_post(client, "create_household", _api_payload(new_id(), incident_on=tomorrow.isoformat()))
    assert api.status_code == 400
    assert api.json()["detail"].startswith("遭受意外或灾害日期：") and "晚于今天" in api.json()["detail"]
    assert not HardshipFile.objects.exists() and not Person.objects.exists()
