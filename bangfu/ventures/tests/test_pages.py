"""The pages: forms in scope, refusals shown with their status (400 / 403 / 409), lists without N+1."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from bangfu.ventures.models import ProjectStatus, SubsidyPolicy, VentureProject
from bangfu.ventures.tests.helpers import make_loan, make_policy, make_project, make_run, repay

pytestmark = pytest.mark.django_db


def test_register_a_project_on_the_page(org_tree: dict, worker: Any, client: Any) -> None:
    client.force_login(worker)
    form = client.get(reverse("ventures:project_create")).content.decode()
    assert "五山街道总工会" in form and "海珠区总工会" not in form  # only units in scope are offered
    bad = client.post(reverse("ventures:project_create"), {"org": org_tree["wushan"].pk, "name": "x",
                                                            "sector": "y", "level": "corps",
                                                            "submitted_on": "2019/13/40"})
    assert bad.status_code == 400
    refused = client.post(reverse("ventures:project_create"), {"org": org_tree["wushan"].pk, "name": "x",
                                                                "sector": "y", "level": "corps",
                                                                "submitted_on": "2019-10-01"})
    assert refused.status_code == 400 and "申报人" in refused.content.decode()
    made = client.post(reverse("ventures:project_create"), {"org": org_tree["wushan"].pk, "name": "社区便民菜店",
                                                             "sector": "零售", "level": "regiment",
                                                             "group_name": "社区合伙", "submitted_on": "2019年10月1日"})
    project = VentureProject.objects.get(name="社区便民菜店")
    assert made.status_code == 302 and project.submitted_on == dt.date(2019, 10, 1)
    step = client.post(reverse("ventures:project_step", args=[project.pk, "review"]), {"version": 1})
    assert step.status_code == 302
    stale = client.post(reverse("ventures:project_step", args=[project.pk, "operate"]), {"version": 1})
    assert stale.status_code == 409
    denied = client.post(reverse("ventures:project_step", args=[project.pk, "approve"]), {"version": 2})
    assert denied.status_code == 403
    project.refresh_from_db()
    assert project.status == ProjectStatus.REVIEWED


def test_loan_page_schedule_and_repayment_form(org_tree: dict, officer: Any, client: Any) -> None:
    project = make_project(org_tree["tianhe"])
    client.force_login(officer)
    created = client.post(reverse("ventures:loan_create", args=[project.pk]), {
        "bank": "农行", "contract_number": "P-1", "principal": "1,000,000", "annual_rate": "4.35",
        "start_on": "2019-12-10", "term_months": "12", "plan": "bullet"})
    assert created.status_code == 302
    page = client.get(created["Location"])
    assert "3,745.83" in page.content.decode()  # the first month's interest
    over = client.post(created["Location"], {"number": "1", "paid_on": "2020-01-10", "principal": "0",
                                             "interest": "9999", "reference": "X1"})
    assert over.status_code == 400 and "超过应还金额" in over.content.decode()
    ok = client.post(created["Location"], {"number": "1", "paid_on": "2020-01-10", "principal": "0",
                                           "interest": "3745.83", "reference": "X1"})
    assert ok.status_code == 302


def test_policy_page_edits_make_revisions_and_are_refused_to_district_officers(
        org_tree: dict, officer: Any, make_user: Any, client: Any) -> None:
    policy = make_policy(org_tree["guangzhou"])
    url = reverse("ventures:policy_detail", args=[policy.pk])
    client.force_login(officer)
    terms = {"share_percent": "80", "cap_per_year": "200000", "cap_per_project": "", "grace_days": "5",
             "note": "财政配套调整"}
    assert client.post(url, {**terms, "version": 1}).status_code == 302
    assert client.post(url, {**terms, "version": 1}).status_code == 409
    policy = SubsidyPolicy.objects.get(pk=policy.pk)
    assert (policy.revision, str(policy.share_percent), policy.cap_per_year_fen) == (2, "80.00", 20_000_000)
    assert "财政配套调整" in client.get(url).content.decode()
    client.force_login(make_user("district_officer", org_tree["guangzhou"]))
    assert client.post(url, {**terms, "version": 2}).status_code == 403


def test_run_pages_submit_and_approve(org_tree: dict, officer: Any, approver: Any, client: Any) -> None:
    loan = make_loan(make_project(org_tree["tianhe"]))
    repay(loan, through=dt.date(2020, 3, 31))
    policy = make_policy(org_tree["guangzhou"])
    client.force_login(officer)
    computed = client.post(reverse("ventures:run_list"), {"policy": policy.pk, "period_start": "2020-01-01",
                                                          "period_end": "2020-03-31"})
    assert computed.status_code == 302
    run_url = computed["Location"]
    assert "10,995.83" in client.get(run_url).content.decode()
    run_pk = int(run_url.rstrip("/").split("/")[-1])
    assert client.post(reverse("ventures:run_decide", args=[run_pk, "submit"]), {"version": 1}).status_code == 302
    assert client.post(reverse("ventures:run_decide", args=[run_pk, "approve"]), {"version": 2}).status_code == 403
    client.force_login(approver)
    assert client.post(reverse("ventures:run_decide", args=[run_pk, "approve"]), {"version": 2}).status_code == 302
    assert client.post(reverse("ventures:run_decide", args=[run_pk, "approve"]), {"version": 3}).status_code == 409
    assert client.post(reverse("ventures:run_decide", args=[run_pk, "other"]), {"version": 3}).status_code == 404


def test_lists_and_report_read_a_bounded_number_of_queries(org_tree: dict, officer: Any, client: Any,
                                                           django_assert_max_num_queries: Any) -> None:
    for number in range(8):
        loan = make_loan(make_project(org_tree["tianhe"], f"项目{number}"))
        repay(loan, through=dt.date(2020, 3, 31))
    make_run(make_policy(org_tree["guangzhou"]))
    client.force_login(officer)
    for name in ("ventures:project_list", "ventures:arrears", "ventures:run_list", "ventures:report"):
        with django_assert_max_num_queries(25):
            assert client.get(reverse(name)).status_code == 200, name
    report = client.get(reverse("ventures:report"), {"org": "4401", "start": "2019-01-01", "end": "2019/12/31"})
    assert "800.00" in report.content.decode()  # 8 loans of 100 万元 started in 2019
    assert client.get(reverse("ventures:report"), {"start": "not a date"}).status_code == 400
    assert client.get(reverse("ventures:report"), {"org": "110000"}).status_code == 404


def test_templates_download(officer: Any, client: Any) -> None:
    client.force_login(officer)
    for name in ("ventures:repayment_template", "ventures:employed_template"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and response.content[:2] == b"PK"
