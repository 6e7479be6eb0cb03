"""The register's API: the same services and scope as the pages; 404 outside scope, 409 on stale versions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from bangfu.people.models import DuplicateCandidate, FileStatus, HardshipFile
from bangfu.people.tests.helpers import apply_family, new_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(org_tree: Any, make_user: Any) -> dict[str, Any]:
    return {"worker": make_user("street_social_worker", org_tree["wushan"]),
            "district": make_user("district_officer", org_tree["tianhe"]),
            "city": make_user("city_officer", org_tree["guangzhou"]),
            "haizhu": make_user("district_officer", org_tree["haizhu"])}


def _post(client: Any, name: str, body: dict[str, Any], **kwargs: Any) -> Any:
    return client.post(reverse(f"api:{name}", kwargs=kwargs), json.dumps(body), content_type="application/json")


def _payload(number: str) -> dict[str, Any]:
    return {"org": "440106011", "address": "五山路9号", "primary_cause": "laid_off",
            "secondary_causes": ["major_illness"],
            "members": [{"person": {"name": "孙悟空", "id_number": number}, "relation": "self",
                         "employment_status": "unemployed", "monthly_income_fen": 60_000}]}


def test_create_get_and_list(users: dict[str, Any], login: Any) -> None:
    client = login(users["worker"])
    number = new_id()
    response = _post(client, "create_household", _payload(number))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == FileStatus.APPLIED and body["tier"] == "relative"
    assert body["head_id_number_masked"] == number[:6] + "********" + number[-4:]
    assert number not in response.content.decode()
    assert body["allowed_actions"] == ["reject", "review"]
    assert body["waiting_actions"]["review"].startswith("初审须由申请人以外的人员办理")
    detail = client.get(reverse("api:get_household", kwargs={"household_id": body["household_id"]})).json()
    assert detail["events"][0]["action"] == "apply" and detail["members"][0]["name"] == "孙悟空"
    listing = client.get(reverse("api:list_households"), {"q": "swk"}).json()
    assert listing["count"] == 1 and listing["items"][0]["head_name"] == "孙悟空"


def test_create_refuses_a_filed_number_with_409(users: dict[str, Any], login: Any) -> None:
    number = new_id()
    client = login(users["worker"])
    _post(client, "create_household", _payload(number))
    response = _post(client, "create_household", _payload(number))
    assert response.status_code == 409
    assert response.json()["detail"].startswith("家庭成员第 1 行 身份证号：该号码已在系统中登记")


def test_transitions_and_stale_versions(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    hardship_file = apply_family(users["worker"], org_tree["wushan"])
    client = login(users["worker"])
    kwargs = {"household_id": hardship_file.household_id}
    own = _post(client, "transition_hardship_file", {"action": "review", "version": 1}, **kwargs)
    assert own.status_code == 403 and own.json()["detail"].startswith("初审须由申请人以外的人员办理")
    response = _post(login(users["city"]), "transition_hardship_file", {"action": "review", "version": 1}, **kwargs)
    assert response.status_code == 200 and response.json()["status"] == FileStatus.STREET_REVIEWED
    stale = _post(client, "transition_hardship_file", {"action": "investigate", "version": 1}, **kwargs)
    assert stale.status_code == 409 and stale.json()["detail"] == "该档案已被他人处理或修改，请刷新后重试。"
    refused = _post(client, "transition_hardship_file", {"action": "approve", "version": 2}, **kwargs)
    assert refused.status_code == 409 and "不能执行“审批建档”" in refused.json()["detail"]


def test_patch_with_a_stale_version_is_409(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    hardship_file = apply_family(users["worker"], org_tree["wushan"])
    client = login(users["worker"])
    url = reverse("api:update_household", kwargs={"household_id": hardship_file.household_id})
    ok = client.patch(url, json.dumps({"version": 1, "address": "新址1号"}), content_type="application/json")
    assert ok.status_code == 200 and ok.json()["address"] == "新址1号" and ok.json()["version"] == 2
    stale = client.patch(url, json.dumps({"version": 1, "address": "旧址"}), content_type="application/json")
    assert stale.status_code == 409
    assert HardshipFile.objects.get(pk=hardship_file.pk).household.address == "新址1号"


def test_writes_outside_scope_are_404(users: dict[str, Any], org_tree: Any, login: Any, make_user: Any) -> None:
    hardship_file = apply_family(users["worker"], org_tree["wushan"])
    client = login(users["haizhu"])
    kwargs = {"household_id": hardship_file.household_id}
    assert client.get(reverse("api:get_household", kwargs=kwargs)).status_code == 404
    assert _post(client, "transition_hardship_file", {"action": "reject", "version": 1, "reason": "x"},
                 **kwargs).status_code == 404
    patch = client.patch(reverse("api:update_household", kwargs=kwargs), json.dumps({"version": 1}),
                         content_type="application/json")
    assert patch.status_code == 404
    chigang_worker = make_user("street_social_worker", org_tree["chigang"])
    response = _post(login(chigang_worker), "create_household", _payload(new_id()))
    assert response.status_code == 404  # 440106011 (五山) is not theirs


def test_search_by_id_in_the_body(users: dict[str, Any], org_tree: Any, login: Any) -> None:
    number = new_id()
    apply_family(users["worker"], org_tree["wushan"], head="唐僧", head_id=number)
    client = login(users["district"])
    found = _post(client, "search_households", {"id_number": number}).json()
    assert found["count"] == 1 and found["items"][0]["head_name"] == "唐僧"
    assert _post(login(users["haizhu"]), "search_households", {"id_number": number}).json()["count"] == 0


def test_duplicate_queue_and_resolution(users: dict[str, Any], org_tree: Any, login: Any,
                                        make_user: Any) -> None:
    chigang = make_user("street_social_worker", org_tree["chigang"])
    first = apply_family(users["worker"], org_tree["wushan"], head="甲乙", address="五山路100号3栋201")
    second = apply_family(chigang, org_tree["chigang"], head="丙丁", address="五山路100号3栋201房")
    client = login(users["city"])
    queue = client.get(reverse("api:list_duplicate_candidates")).json()
    assert queue["count"] == 1 and queue["items"][0]["file_a"] == first.pk
    candidate = DuplicateCandidate.objects.get()
    denied = _post(login(users["district"]), "resolve_duplicate_candidate", {"decision": "distinct"},
                   candidate_id=candidate.pk)
    assert denied.status_code == 404  # the pair is not wholly in Tianhe's scope
    client = login(users["city"])
    done = _post(client, "resolve_duplicate_candidate", {"decision": "merge", "keep_file_id": second.pk},
                 candidate_id=candidate.pk)
    assert done.status_code == 200 and done.json()["status"] == "merged"
    assert HardshipFile.objects.get(pk=first.pk).status == FileStatus.MERGED


def test_out_of_range_and_nul_inputs_are_client_errors(users: dict[str, Any], login: Any) -> None:
    client = login(users["city"])
    assert client.get(reverse("api:get_household", kwargs={"household_id": 10**20})).status_code == 422
    nul = client.get(reverse("api:list_households"), {"q": "a\x00b", "cause": "\x00"})  # refused by core's middleware
    assert (nul.status_code, nul.json()["detail"]) == (400, "请求中含有不允许的空字符（NUL），请检查输入后重试。")
    assert client.get(reverse("api:list_households"), {"offset": 10**12}).status_code == 422
    body = _payload(new_id())
    body["members"][0]["monthly_income_fen"] = 10**20
    assert _post(client, "create_household", body).status_code == 422
