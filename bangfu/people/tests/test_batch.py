"""Batch work on the register: approve, give a contact person, schedule re-checks — each row through its own
service; a refused row keeps its reason and the others are done."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bangfu.core.models import AuditEvent
from bangfu.people.models import FileStatus, HardshipFile
from bangfu.people.services.batch import BatchInput, BatchItem, run_batch
from bangfu.people.tests.helpers import apply_family, investigation, notice_has_run, other_worker, step

pytestmark = pytest.mark.django_db


def _publicised(worker: Any, name: str) -> HardshipFile:
    hardship_file = apply_family(worker, worker.org, head=name)
    step(other_worker(worker), hardship_file, "review")
    step(worker, hardship_file, "investigate", investigation=investigation())
    hardship_file = step(worker, hardship_file, "publicise")
    notice_has_run(hardship_file)
    hardship_file.refresh_from_db()
    return hardship_file


def _items(*files: HardshipFile) -> tuple[BatchItem, ...]:
    for hardship_file in files:
        hardship_file.refresh_from_db()
    return tuple(BatchItem(f.pk, f.version) for f in files)


def test_batch_approval_refuses_one_row_with_its_reason_and_files_the_others(workers: dict[str, Any]) -> None:
    first, second = _publicised(workers["wushan"], "李一"), _publicised(workers["wushan"], "李二")
    waiting = apply_family(workers["wushan"], workers["wushan"].org, head="李三")  # still 申请: not for approval
    results = run_batch(actor=workers["district"], data=BatchInput("approve", _items(first, waiting, second)))
    assert [(r.head_name, r.done) for r in results] == [("李一", True), ("李三", False), ("李二", True)]
    assert results[1].message == "档案当前状态为“申请”，不能执行“审批建档”。"
    statuses = dict(HardshipFile.objects.values_list("household__head__name", "status"))
    assert statuses == {"李一": FileStatus.FORMAL, "李二": FileStatus.FORMAL, "李三": FileStatus.APPLIED}
    assert AuditEvent.objects.filter(action="people.file.approve").count() == 2


def test_a_stale_row_and_a_row_outside_scope_are_refused_alone(workers: dict[str, Any]) -> None:
    mine = _publicised(workers["wushan"], "王一")
    stale = _publicised(workers["wushan"], "王二")
    elsewhere = _publicised(workers["chigang"], "王三")  # 海珠: outside the 天河 officer's scope
    items = (*_items(mine), BatchItem(stale.pk, stale.version - 1), *_items(elsewhere))
    results = run_batch(actor=workers["district"], data=BatchInput("approve", items))
    assert [r.done for r in results] == [True, False, False]
    assert "已被他人处理或修改" in results[1].message
    assert results[2].message == "未找到该档案，或不在您的数据范围内。" and results[2].head_name == ""
    elsewhere.refresh_from_db()
    assert elsewhere.status == FileStatus.PUBLICISED


def test_contact_person_and_recheck_date_for_many_files(workers: dict[str, Any]) -> None:
    officer = workers["district"]
    files = [_publicised(workers["wushan"], name) for name in ("赵一", "赵二")]
    run_batch(actor=officer, data=BatchInput("approve", _items(*files)))
    contact = workers["wushan"]
    results = run_batch(actor=officer, data=BatchInput("assign_contact", _items(*files), contact=contact))
    assert all(r.done for r in results)
    assert set(HardshipFile.objects.values_list("contact_id", flat=True)) == {contact.pk}
    due = timezone.localdate() + dt.timedelta(days=30)
    results = run_batch(actor=officer, data=BatchInput("schedule_recheck", _items(*files), due_on=due))
    assert all(r.done for r in results), [r.message for r in results]
    assert set(HardshipFile.objects.values_list("recheck_due", flat=True)) == {due}
    assert AuditEvent.objects.filter(action="people.file.schedule_recheck").count() == 2


def test_recheck_dates_and_empty_batches_are_refused_with_the_field(workers: dict[str, Any]) -> None:
    from bangfu.core.errors import ServiceError

    hardship_file = _publicised(workers["wushan"], "钱一")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ServiceError, match="复核日期：不能早于今天"):
        run_batch(actor=workers["district"], data=BatchInput("schedule_recheck", _items(hardship_file),
                                                               due_on=yesterday))
    with pytest.raises(ServiceError, match="请至少勾选一行"):
        run_batch(actor=workers["district"], data=BatchInput("approve", ()))
    result = run_batch(actor=workers["district"], data=BatchInput(
        "schedule_recheck", _items(hardship_file), due_on=timezone.localdate()))[0]
    assert not result.done and "只有在档的档案可以安排复核" in result.message


def test_the_page_lists_each_row_with_its_result(client: Client, workers: dict[str, Any]) -> None:
    ok = _publicised(workers["wushan"], "孙一")
    own = apply_family(workers["wushan"], workers["wushan"].org, head="孙二")
    client.force_login(workers["district"])
    listing = client.get("/people/").content.decode()
    assert f'value="{ok.pk}:{ok.version}"' in listing and 'id="batch-form"' in listing
    response = client.post("/people/batch/", {"action": "approve", "rows": [f"{ok.pk}:{ok.version}",
                                                                             f"{own.pk}:{own.version}"],
                                              "back": "q=sun&page=2"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "完成 1 行，被拒绝 1 行" in text and "不能执行“审批建档”" in text
    assert 'href="/people/?q=sun&amp;page=2"' in text
    nothing = client.post("/people/batch/", {"action": "approve"})
    assert nothing.status_code == 400 and "请至少勾选一行" in nothing.content.decode()
    forged = client.post("/people/batch/", {"action": "approve", "rows": ["1;DROP"], "back": "//evil.example"})
    assert forged.status_code == 400 and "evil.example" not in forged.content.decode()


def test_a_street_worker_cannot_approve_in_batch(client: Client, workers: dict[str, Any]) -> None:
    hardship_file = _publicised(workers["wushan"], "周一")
    client.force_login(workers["chigang"])
    page = client.post("/people/batch/", {"action": "approve", "rows": [f"{hardship_file.pk}:{hardship_file.version}"]})
    assert "未找到该档案" in page.content.decode()
    hardship_file.refresh_from_db()
    assert hardship_file.status == FileStatus.PUBLICISED


def _api_batch(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/households/batch", data=json.dumps(body, default=str),
                       content_type="application/json")


def test_the_api_runs_the_same_batch_row_by_row(client: Client, workers: dict[str, Any]) -> None:
    ok = _publicised(workers["wushan"], "吴一")
    waiting = apply_family(workers["wushan"], workers["wushan"].org, head="吴二")
    elsewhere = _publicised(workers["chigang"], "吴三")  # 海珠: outside the 天河 officer's scope
    client.force_login(workers["district"])
    rows = [{"file_id": f.pk, "version": f.version} for f in (ok, waiting, elsewhere)]
    answer = _api_batch(client, {"action": "approve", "rows": rows})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["done"], body["refused"]) == (1, 2)
    assert [(r["head_name"], r["done"]) for r in body["rows"]] == [("吴一", True), ("吴二", False), ("", False)]
    assert body["rows"][2]["message"] == "未找到该档案，或不在您的数据范围内。"  # outside scope reads as absent
    ok.refresh_from_db()
    assert ok.status == FileStatus.FORMAL
    contact = workers["wushan"]
    assigned = _api_batch(client, {"action": "assign_contact", "contact": contact.username,
                                   "rows": [{"file_id": ok.pk, "version": ok.version}]})
    assert assigned.status_code == 200 and assigned.json()["done"] == 1
    ok.refresh_from_db()
    assert ok.contact_id == contact.pk
    # The same request again carries a stale version: refused row by row, nothing overwritten.
    stale = _api_batch(client, {"action": "assign_contact", "contact": contact.username,
                                "rows": [{"file_id": ok.pk, "version": ok.version - 1}]})
    assert stale.json()["refused"] == 1 and "已被他人修改" in stale.json()["rows"][0]["message"]
    refusals = [
        ({"action": "assign_contact", "contact": workers["chigang"].username}, "帮扶联系人：找不到用户名"),
        ({"action": "assign_contact", "contact": "nobody-here"}, "帮扶联系人：找不到用户名"),
        ({"action": "schedule_recheck"}, "复核日期：请填写日期"),
        ({"action": "delete_everything"}, "未知的操作"),
    ]
    for fields, message in refusals:
        refused = _api_batch(client, {**fields, "rows": [{"file_id": ok.pk, "version": ok.version}]})
        assert refused.status_code == 400 and message in refused.json()["detail"], (fields, refused.content)
    many = [{"file_id": ok.pk, "version": ok.version}] * 201
    too_many = _api_batch(client, {"action": "approve", "rows": many})
    assert too_many.status_code == 400 and "一次最多 200 行" in too_many.json()["detail"]


def test_a_street_worker_cannot_approve_through_the_api(client: Client, workers: dict[str, Any]) -> None:
    hardship_file = _publicised(workers["wushan"], "郑一")
    client.force_login(workers["wushan"])  # their own street, but approving is not a street worker's step
    answer = _api_batch(client, {"action": "approve",
                                 "rows": [{"file_id": hardship_file.pk, "version": hardship_file.version}]})
    assert answer.status_code == 200 and answer.json()["refused"] == 1
    hardship_file.refresh_from_db()
    assert hardship_file.status == FileStatus.PUBLICISED
