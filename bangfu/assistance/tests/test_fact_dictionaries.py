"""The details of each kind of person fact are code lists an administrator keeps (字典管理): a renamed detail
is what the fact form, the fact list and the rule builder say; a disabled one is no longer offered or recorded,
while a fact that holds it keeps showing its name; the codes (which rules name) cannot be added to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from bangfu.assistance.forms import FactForm
from bangfu.assistance.models import FactKind
from bangfu.assistance.models.facts import fact_detail_dictionary
from bangfu.assistance.rules.fields import field_spec
from bangfu.assistance.services.programs import record_fact
from bangfu.assistance.tests.factories import make_fact, make_person
from bangfu.core.errors import ServiceError
from bangfu.sysadmin.dictionary_services import EntryInput, save_entry

pytestmark = pytest.mark.django_db

ILLNESS = fact_detail_dictionary(FactKind.TEMPORARY_DIFFICULTY)


def _offered(form: FactForm) -> dict[str, list[str]]:
    field: Any = form.fields["detail"]
    return {str(group): [str(name) for _code, name in options] for group, options in field.choices}


def test_a_kept_detail_list_is_what_form_list_and_rules_say(client: Client, make_user: Any, bj: Any,
                                                             district: Any) -> None:
    admin = make_user("system_admin", bj["beijing"].parent, username="dict-admin")
    person = make_person(bj["dongcheng"], "钱多多")
    make_fact(person, FactKind.TEMPORARY_DIFFICULTY, "covid")
    save_entry(actor=admin, key=ILLNESS, data=EntryInput("own_illness", "本人患病（含慢性病）", 5, True, None))
    save_entry(actor=admin, key=ILLNESS, data=EntryInput("covid", "新冠肺炎疫情影响", 60, False, None))

    offered = _offered(FactForm())
    assert offered["生活临时困难"][0] == "本人患病（含慢性病）"  # renamed and moved first
    assert "新冠肺炎疫情影响" not in offered["生活临时困难"]  # disabled: no longer offered
    assert "新冠肺炎" in offered["重大任务中涌现的先进模范"][0]  # another kind's list is its own
    rule_field = field_spec(f"fact.{FactKind.TEMPORARY_DIFFICULTY}.detail")
    assert rule_field is not None and ("own_illness", "本人患病（含慢性病）") in rule_field.choice_list()
    with pytest.raises(ServiceError, match=r"具体情况：.*没有可选的具体情况“covid”"):
        record_fact(actor=district, person=person, kind=FactKind.TEMPORARY_DIFFICULTY, detail="covid",
                    valid_from=dt.date(2026, 12, 1))
    record_fact(actor=district, person=person, kind=FactKind.TEMPORARY_DIFFICULTY, detail="own_illness",
                valid_from=dt.date(2026, 12, 1))

    client.force_login(district)
    listed = client.get("/assistance/facts/").content.decode()
    assert "本人患病（含慢性病）" in listed and "新冠肺炎疫情影响" in listed  # a held, disabled detail keeps its name


def test_the_detail_lists_are_closed_and_shown_on_the_dictionary_pages(client: Client, make_user: Any,
                                                                       bj: Any) -> None:
    admin = make_user("system_admin", bj["beijing"].parent, username="dict-admin")
    with pytest.raises(ServiceError, match="代码由系统规定"):
        save_entry(actor=admin, key=fact_detail_dictionary(FactKind.SECONDED),
                   data=EntryInput("new_code", "新的情况", 1, True, None))
    client.force_login(admin)
    index = client.get("/system/dictionaries/").content.decode()
    assert "人员情况细项：派驻挂职" in index and "人员情况细项：艰苦行业一线" in index
    detail = client.get(f"/system/dictionaries/{fact_detail_dictionary(FactKind.SECONDED)}/")
    assert detail.status_code == 200 and "赴基层工作" in detail.content.decode()
