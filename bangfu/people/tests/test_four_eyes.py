"""Issue 9 §3: one person can no longer take a family to 公示 alone. 初审 by someone other than the applicant,
入户调查 with its record, 公示 running its configured days from the day it is recorded, objections answered
before approval; each refusal says why, in Chinese, on the page and over the API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bangfu.core.errors import ServiceError
from bangfu.people import services
from bangfu.people.models import FileStatus, HomeInvestigation, Publicity, PublicityObjection
from bangfu.people.tests.helpers import apply_family, investigation, notice_has_run, other_worker, step

pytestmark = pytest.mark.django_db
S = FileStatus


@pytest.fixture
def people(org_tree: Any, make_user: Any) -> dict[str, Any]:
    worker = make_user("street_social_worker", org_tree["wushan"], username="th_worker")
    return {"worker": worker, "colleague": other_worker(worker),
            "district": make_user("district_officer", org_tree["tianhe"]),
            "auditor": make_user("auditor", org_tree["root"]),
            "outsider": make_user("district_officer", org_tree["haizhu"])}


def _post(client: Any, name: str, body: dict[str, Any], **kwargs: Any) -> Any:
    return client.post(reverse(f"api:{name}", kwargs=kwargs), json.dumps(body, default=str),
                       content_type="application/json")


def test_the_reported_one_minute_filing_is_refused_at_every_step(people: dict[str, Any], org_tree: Any,
                                                                  login: Any) -> None:
    """th_worker's own application, over the API: 初审 403, 入户调查 without a record 400, 公示 then an
    immediate approval 409 — each with its reason."""
    hardship_file = apply_family(people["worker"], org_tree["wushan"])
    me = login(people["worker"])
    kwargs = {"household_id": hardship_file.household_id}
    own = _post(me, "transition_hardship_file", {"action": "review", "version": 1}, **kwargs)
    assert own.status_code == 403
    assert own.json()["detail"] == "初审须由申请人以外的人员办理：该档案由您录入（申请），请由其他社工或干部初审。"
    assert _post(login(people["colleague"]), "transition_hardship_file", {"action": "review", "version": 1},
                 **kwargs).status_code == 200
    bare = _post(me, "transition_hardship_file", {"action": "investigate", "version": 2}, **kwargs)
    assert bare.status_code == 400 and bare.json()["detail"].startswith("入户调查：请填写调查记录")
    record = {"visited_on": str(timezone.localdate()), "visitors": "王社工", "notes": "入户核实情况属实",
              "no_evidence_reason": ""}
    no_evidence = _post(me, "transition_hardship_file", {"action": "investigate", "version": 2,
                                                         "investigation": record}, **kwargs)
    assert no_evidence.status_code == 400
    assert no_evidence.json()["detail"] == "证明材料：档案还没有任何证明材料；请先上传，或说明无法提供的原因。"
    record["no_evidence_reason"] = "失业证明正在补办"
    assert _post(me, "transition_hardship_file", {"action": "investigate", "version": 2, "investigation": record},
                 **kwargs).status_code == 200
    assert _post(me, "transition_hardship_file", {"action": "publicise", "version": 3}, **kwargs).status_code == 200
    early = _post(login(people["district"]), "transition_hardship_file", {"action": "approve", "version": 4},
                  **kwargs)
    until = timezone.localdate() + dt.timedelta(days=7)
    assert early.status_code == 409
    assert early.json()["detail"] == f"公示期至 {until:%Y-%m-%d}尚未结束（公示 7 天），期满后方可审批。"
    hardship_file.refresh_from_db()
    assert hardship_file.status == S.PUBLICISED


def test_objections_must_be_answered_before_approval(people: dict[str, Any], org_tree: Any, login: Any) -> None:
    hardship_file = apply_family(people["worker"], org_tree["wushan"])
    step(people["colleague"], hardship_file, "review")
    step(people["worker"], hardship_file, "investigate", investigation=investigation())
    step(people["worker"], hardship_file, "publicise")
    kwargs = {"household_id": hardship_file.household_id}
    raised = _post(login(people["worker"]), "raise_publicity_objection",
                   {"content": "邻居反映其有经营收入", "raised_by": "匿名"}, **kwargs)
    assert raised.status_code == 201 and raised.json()["open_objections"] == 1
    objection_id = raised.json()["objections"][0]["id"]
    late = _post(login(people["worker"]), "raise_publicity_objection",
                 {"content": "x", "raised_on": str(timezone.localdate() + dt.timedelta(days=30))}, **kwargs)
    assert late.status_code == 400 and late.json()["detail"] == "异议日期：不能晚于今天。"
    notice_has_run(hardship_file)
    waiting = _post(login(people["district"]), "transition_hardship_file", {"action": "approve", "version": 4},
                    **kwargs)
    assert waiting.status_code == 409 and waiting.json()["detail"] == "公示期间有 1 条异议尚未答复，答复后方可审批。"
    answer = {"answer": "核实：店铺已于去年关闭"}
    assert _post(login(people["outsider"]), "answer_publicity_objection", answer, objection_id=objection_id,
                 **kwargs).status_code == 404
    assert _post(login(people["auditor"]), "answer_publicity_objection", answer, objection_id=objection_id,
                 **kwargs).status_code == 403
    assert _post(login(people["district"]), "answer_publicity_objection", answer, objection_id=objection_id,
                 **kwargs).status_code == 200
    again = _post(login(people["district"]), "answer_publicity_objection", answer, objection_id=objection_id,
                  **kwargs)
    assert again.status_code == 409 and again.json()["detail"] == "该异议已答复，不能重复答复。"
    approved = _post(login(people["district"]), "transition_hardship_file", {"action": "approve", "version": 4},
                     **kwargs)
    assert approved.status_code == 200 and approved.json()["status"] == S.FORMAL
    filing = login(people["auditor"]).get(reverse("api:get_filing_record", kwargs=kwargs)).json()
    assert filing["investigations"][0]["visitors"] == "王社工、李社工"
    assert filing["objections"][0]["answer"] == "核实：店铺已于去年关闭"
    assert login(people["outsider"]).get(reverse("api:get_filing_record", kwargs=kwargs)).status_code == 404
    closed = _post(login(people["worker"]), "raise_publicity_objection", {"content": "再提"}, **kwargs)
    assert closed.status_code == 409 and closed.json()["detail"] == "只有公示中的档案可以登记异议。"


def test_the_investigation_record_is_checked_field_by_field(people: dict[str, Any], org_tree: Any,
                                                            settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    hardship_file = apply_family(people["worker"], org_tree["wushan"])
    step(people["colleague"], hardship_file, "review")
    today = timezone.localdate()
    for record, message in [
        (services.InvestigationInput(None, "王社工", "情况"), "走访日期：必须填写。"),
        (services.InvestigationInput(today + dt.timedelta(days=1), "王社工", "情况"), "走访日期：不能晚于办理日期。"),
        (services.InvestigationInput(today, " ", "情况", "无"), "走访人员：必须填写（至少一人）。"),
        (services.InvestigationInput(today, "王社工", "", "无"), "调查情况：必须填写入户看到和核实的情况。"),
    ]:
        with pytest.raises(ServiceError) as refused:
            step(people["worker"], hardship_file, "investigate", investigation=record)
        assert str(refused.value) == message and refused.value.status == 400
    services.upload_evidence(actor=people["worker"], hardship_file=hardship_file, kind="unemployment",
                             upload=SimpleUploadedFile("失业证明.pdf", b"%PDF-1.4 x", content_type="application/pdf"))
    done = step(people["worker"], hardship_file, "investigate",
                investigation=services.InvestigationInput(today, "王社工", "入户核实"))
    assert done.status == S.INVESTIGATED
    assert HomeInvestigation.objects.get(file=hardship_file).evidence_count == 1


def test_the_notice_cannot_be_back_dated_and_its_length_is_a_setting(people: dict[str, Any],
                                                                      org_tree: Any) -> None:
    hardship_file = apply_family(people["worker"], org_tree["wushan"])
    step(people["colleague"], hardship_file, "review")
    step(people["worker"], hardship_file, "investigate", investigation=investigation())
    with pytest.raises(ServiceError, match="公示期从办理当日"):
        step(people["worker"], hardship_file, "publicise", effective_on=timezone.localdate() - dt.timedelta(days=8))
    with override_settings(BANGFU_PUBLICITY_DAYS=10):
        step(people["worker"], hardship_file, "publicise")
    period = Publicity.objects.get(file=hardship_file)
    assert (period.ends_on - period.starts_on).days == 10


def test_the_page_says_why_a_step_waits(people: dict[str, Any], org_tree: Any, login: Any) -> None:
    hardship_file = apply_family(people["worker"], org_tree["wushan"])
    url = reverse("people:household_detail", args=[hardship_file.household_id])
    page = login(people["worker"]).get(url).content.decode()
    assert 'data-testid="step-refused">初审须由申请人以外的人员办理' in page
    assert 'data-testid="step-refused"' not in login(people["colleague"]).get(url).content.decode()
    step(people["colleague"], hardship_file, "review")
    step(people["worker"], hardship_file, "investigate", investigation=investigation())
    step(people["worker"], hardship_file, "publicise")
    page = login(people["district"]).get(url).content.decode()
    assert "尚未结束（公示 7 天），期满后方可审批。" in page and 'data-testid="notice-period"' in page
    response = login(people["worker"]).post(reverse("people:objection_raise", args=[hardship_file.household_id]),
                                            {"content": ""})
    assert response.status_code == 302 and not PublicityObjection.objects.filter(file=hardship_file).exists()
    login(people["worker"]).post(reverse("people:objection_raise", args=[hardship_file.household_id]),
                                 {"content": "收入有出入"})
    objection = PublicityObjection.objects.get(file=hardship_file)
    assert login(people["outsider"]).post(reverse("people:objection_answer", args=[
        hardship_file.household_id, objection.pk]), {"answer": "x"}).status_code == 404
    login(people["district"]).post(reverse("people:objection_answer", args=[hardship_file.household_id,
                                                                            objection.pk]), {"answer": "已核实"})
    objection.refresh_from_db()
    assert objection.answer == "已核实" and objection.answered_by == people["district"]
