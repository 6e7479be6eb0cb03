"""On a phone (375 px), a list keeps names and units whole — the table scrolls sideways — rather than wrapping
them one character per line; headings of the table stay on one line. Asserted on element sizes."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.security.tests.helpers import fake_id_number
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _household(org: Any, actor: Any, name: str) -> None:
    from bangfu.people import services

    member = services.MemberInput(person=services.PersonInput(name=name, id_number=fake_id_number()))
    data = services.HouseholdInput(members=(member,), file=services.FileInput(primary_cause="major_illness"))
    services.create_household(actor=actor, org=org, data=data)


def test_a_phone_width_list_keeps_names_whole(page: Any, org_tree: Any, make_user: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"], username="phone_worker")
    for name in ("欧阳建国", "司马晓燕", "张三丰"):
        _household(org_tree["wushan"], worker, name)
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "phone_worker")
    page.goto(page.base_url + "/people/")
    page.wait_for_selector("#file-table tbody tr")
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#file-table tbody td')).lineHeight)"
                         " || 24")
    for link in page.locator("#file-table tbody td:first-child a").all():
        box = link.bounding_box()
        assert box is not None
        text = link.inner_text()
        # one line, wider than tall: never a column one character wide with the name stacked down it
        assert box["height"] <= line * 1.5 and box["width"] > box["height"], (text, box)
    unit = page.locator("#file-table tbody td:nth-child(3)").first.bounding_box()
    name_cell = page.locator("#file-table tbody td:first-child").first.bounding_box()
    assert unit is not None and name_cell is not None
    assert unit["height"] <= name_cell["height"] + 1 and unit["width"] > unit["height"]  # the unit on one line too
    for heading in page.locator("#file-table thead th").all():
        heading_box = heading.bounding_box()
        assert heading_box is not None and heading_box["height"] <= line * 2.5, heading.inner_text()
