"""Training and job referral from the phone, a worker joining a collective case, replies to 补充材料, and the
limits on how much one worker may send."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangfu.channel import queries, services
from bangfu.channel.models import ApplicationStatus, WorkerApplication
from bangfu.channel.tests.helpers import apply_hardship, bound_account, legal_input, new_id, photo
from bangfu.channel.tests.test_portal import _worker_client
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.jobs import services as jobs_services
from bangfu.jobs.models import ReferralStatus
from bangfu.jobs.tests.helpers import make_opening
from bangfu.legal.models import CaseStatus, Claimant, LegalCase
from bangfu.legal.tests.helpers import make_case
from bangfu.training.models import PlanStatus
from bangfu.training.tests.helpers import make_course

pytestmark = pytest.mark.django_db


def training_in(street: Any, **extra: Any) -> services.TrainingApplicationIn:
    fields: dict[str, Any] = {"street": street, "address": "五山路 1 号", "wish": "想学电商运营，在家开网店",
                              "free_time": "工作日上午", "consent": True}
    return services.TrainingApplicationIn(**(fields | extra))


def job_in(street: Any, **extra: Any) -> services.JobApplicationIn:
    fields: dict[str, Any] = {"street": street, "address": "五山路 1 号", "wish": "电商客服或运营",
                              "wage_floor_fen": 400_000, "experience": "做过三年仓库管理", "consent": True}
    return services.JobApplicationIn(**(fields | extra))


def _labels(application: WorkerApplication) -> list[tuple[str, str]]:
    return [(step.label, step.state) for step in queries.progress(application).steps]


def test_a_training_request_becomes_a_home_training_plan(org_tree: dict, staff: dict) -> None:
    account = bound_account(name="严明")
    application = services.submit_training_application(account=account, data=training_in(org_tree["wushan"]))
    assert application.consent_text.startswith("本人同意工会为安排技能培训")
    with pytest.raises(ServiceError, match="培训课程"):
        services.accept_application(actor=staff["wushan"], application=application, expected_version=1)
    course = make_course(org_tree["wushan"])
    choice = queries.placement(staff["wushan"], course=course.pk)
    services.accept_application(actor=staff["wushan"], application=application, expected_version=1, choice=choice)
    application.refresh_from_db()
    plan = application.training_plan
    assert plan is not None and plan.course == course and plan.person.name == "严明"
    assert plan.person.id_number == account.id_number and "电商运营" in plan.goals and "工作日上午" in plan.goals
    assert _labels(application)[2] == ("上门培训", "current")
    plan.status = PlanStatus.COMPLETED
    plan.save(update_fields=["status"])
    application.refresh_from_db()
    assert queries.progress(application).closed and "已结业" in queries.progress(application).summary


def test_a_job_request_registers_the_seeker_and_follows_the_referral(org_tree: dict, staff: dict) -> None:
    account = bound_account(name="严明")
    application = services.submit_job_application(account=account, data=job_in(org_tree["wushan"]))
    opening = make_opening(org_tree["wushan"], positions=2)
    services.accept_application(actor=staff["wushan"], application=application, expected_version=1,
                                choice=queries.placement(staff["wushan"], opening=opening.pk))
    application.refresh_from_db()
    profile = application.seeker_profile
    assert profile is not None
    assert profile.person.id_number == account.id_number
    assert profile.intention == "电商客服或运营" and profile.wage_floor_fen == 400_000
    referral = application.referral
    assert referral is not None and referral.status == ReferralStatus.RECOMMENDED
    assert _labels(application)[3] == ("面试", "current") and "电商运营专员" in queries.progress(application).summary
    jobs_services.schedule_interview(actor=staff["wushan"], referral=referral, on=timezone.localdate())
    jobs_services.record_hire(actor=staff["wushan"], referral=referral, on=timezone.localdate())
    application.refresh_from_db()
    progress = queries.progress(application)
    assert progress.closed and progress.steps[-1].state == "done" and "已录用" in progress.summary


def test_a_worker_joins_the_collective_case_of_their_workmates(org_tree: dict, staff: dict) -> None:
    case = make_case(staff["station"], count=3, employer="探针建筑劳务有限公司")
    account = bound_account(name="王建军")
    application = services.submit_legal_application(account=account, data=legal_input(org_tree["wushan"]),
                                                     photos=[photo("欠条.png")])
    assert [c.pk for c in queries.collective_cases_in_reach(staff["wushan"], application)] == [case.pk]
    services.accept_application(actor=staff["wushan"], application=application, expected_version=1,
                                choice=queries.placement(staff["wushan"], case=case.pk))
    application.refresh_from_db()
    case.refresh_from_db()
    joined = Claimant.objects.get(case=case, row=4)
    assert application.legal_case == case and case.claimant_count == 4 and joined.name == "王建军"
    assert joined.claimed_fen == 1_800_000 and case.documents.count() == 1
    other = make_case(staff["station"], count=2)
    with pytest.raises(Http404):
        queries.placement(staff["chigang"], case=other.pk)


def test_the_worker_answers_a_request_for_more(org_tree: dict, staff: dict) -> None:
    account = bound_account()
    application = apply_hardship(account, org_tree["wushan"], photos=1)
    with pytest.raises(ConflictError):
        services.reply_to_union(account=account, application=application, text="补上了")
    services.ask_worker(actor=staff["wushan"], application=application, expected_version=1,
                        needed="请补充孩子的住院费用清单")
    application.refresh_from_db()
    assert application.awaits_reply
    with pytest.raises(ServiceError) as not_mine:
        services.reply_to_union(account=bound_account(), application=application, text="x")
    assert not_mine.value.status == 404
    with pytest.raises(ServiceError, match="回复内容"):
        services.reply_to_union(account=account, application=application, text="  ")
    services.reply_to_union(account=account, application=application, text="已拍住院费用清单",
                            photos=[photo("清单.png")])
    application.refresh_from_db()
    assert application.worker_reply == "已拍住院费用清单" and application.photos.count() == 2
    assert not application.awaits_reply
    with pytest.raises(ConflictError):
        services.reply_to_union(account=account, application=application, text="再补一张")


def test_the_reply_form_is_on_the_status_page(org_tree: dict, staff: dict, client: Client) -> None:
    worker_client, account = _worker_client()
    services.bind_real_name(account=account, name="严明", id_number=new_id())
    application = apply_hardship(account, org_tree["wushan"], photos=0)
    url = reverse("portal:application_detail", args=[application.pk])
    assert 'data-testid="reply-form"' not in worker_client.get(url).content.decode()
    services.ask_worker(actor=staff["wushan"], application=application, expected_version=1, needed="请补充病历")
    assert 'data-testid="reply-form"' in worker_client.get(url).content.decode()
    answer = worker_client.post(reverse("portal:application_reply", args=[application.pk]),
                                {"text": "病历已拍照", "photos": photo("病历.png")})
    assert answer.status_code == 302
    page = worker_client.get(url).content.decode()
    assert "病历已拍照" in page and 'data-testid="reply-form"' not in page
    client.force_login(staff["wushan"])
    staff_page = client.get(reverse("channel:application_detail", args=[application.pk])).content.decode()
    assert "病历已拍照" in staff_page


def test_one_waiting_application_a_kind_and_a_daily_cap(org_tree: dict, settings: Any) -> None:
    account = bound_account()
    first = services.submit_training_application(account=account, data=training_in(org_tree["wushan"]))
    with pytest.raises(ConflictError, match=f"#{first.pk}"):
        services.submit_training_application(account=account, data=training_in(org_tree["wushan"]))
    settings.BANGFU_WORKER_DAILY_APPLICATIONS = 2
    services.submit_job_application(account=account, data=job_in(org_tree["wushan"]))
    with pytest.raises(ServiceError) as capped:
        services.submit_legal_application(account=account, data=legal_input(org_tree["wushan"]))
    assert capped.value.status == 429
    WorkerApplication.objects.filter(account=account).update(
        created_at=timezone.now() - dt.timedelta(hours=25), status=ApplicationStatus.DECLINED)
    assert services.submit_training_application(account=account, data=training_in(org_tree["wushan"]))


def test_training_and_job_pages_submit_with_consent(org_tree: dict) -> None:
    worker_client, account = _worker_client()
    services.bind_real_name(account=account, name="严明", id_number=new_id())
    page = worker_client.get(reverse("portal:apply_training"))
    assert page.status_code == 200 and "本人同意工会为安排技能培训" in page.content.decode()
    refused = worker_client.post(reverse("portal:apply_job"), {
        "street": org_tree["wushan"].pk, "address": "五山路 1 号", "wish": "客服"})
    assert refused.status_code == 400
    made = worker_client.post(reverse("portal:apply_job"), {
        "street": org_tree["wushan"].pk, "address": "五山路 1 号", "wish": "客服", "wage_floor": "4,500",
        "consent": "on"})
    assert made.status_code == 302
    assert WorkerApplication.objects.get(kind="job").org == org_tree["wushan"]


def test_one_of_the_claimants_follows_the_closed_case_without_being_counted_twice(org_tree: dict,
                                                                                  staff: dict) -> None:
    case = make_case(staff["station"], count=2)
    first = case.claimants.order_by("row").first()
    assert first is not None
    # Closed as the legal demo's seed case is (its steps are legal's own tests).
    LegalCase.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, outcome="settled")
    Claimant.objects.filter(pk=first.pk).update(name="李建国")  # the helper's names carry a row number
    account = bound_account(name="李建国", id_number=first.id_number)
    application = services.submit_legal_application(account=account, data=legal_input(org_tree["wushan"]))
    assert [c.pk for c in queries.collective_cases_in_reach(staff["wushan"], application)] == [case.pk]
    services.accept_application(actor=staff["wushan"], application=application, expected_version=1,
                                choice=queries.placement(staff["wushan"], case=case.pk))
    application.refresh_from_db()
    case.refresh_from_db()
    assert application.legal_case == case and case.claimant_count == 2
    assert queries.progress(application).closed
    stranger = services.submit_legal_application(account=bound_account(), data=legal_input(org_tree["wushan"]))
    assert list(queries.collective_cases_in_reach(staff["wushan"], stranger)) == []
    with pytest.raises(ConflictError, match="已结案"):
        services.accept_application(actor=staff["wushan"], application=stranger, expected_version=1,
                                    choice=queries.placement(staff["wushan"], case=case.pk))
