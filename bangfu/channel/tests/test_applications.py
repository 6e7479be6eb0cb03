"""A worker's application flows into the register (or legal aid) through their own services, and back to the
worker's status page; staff outside the street union cannot see or touch it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.channel import queries, services
from bangfu.channel.models import ApplicationPhoto, ApplicationStatus, WorkerApplication
from bangfu.channel.tests.helpers import apply_hardship, bound_account, hardship_input, legal_input, photo, sign_in
from bangfu.core.errors import ServiceError
from bangfu.core.files import read_sealed
from bangfu.legal.models import Channel, LegalCase
from bangfu.people.models import Evidence, FileStatus, HardshipFile
from bangfu.people.tests.helpers import investigation, notice_has_run, step

pytestmark = pytest.mark.django_db


def file_of(application: WorkerApplication) -> HardshipFile:
    application.refresh_from_db()
    assert application.hardship_file is not None
    return application.hardship_file


def case_of(application: WorkerApplication) -> LegalCase:
    application.refresh_from_db()
    assert application.legal_case is not None
    return application.legal_case


def _labels(application: Any) -> list[tuple[str, str]]:
    application.refresh_from_db()
    return [(s.label, s.state) for s in queries.progress(application).steps]


def test_an_unbound_worker_cannot_apply(org_tree: dict) -> None:
    account = sign_in().account
    with pytest.raises(ServiceError) as refused:
        services.submit_legal_application(account=account, data=legal_input(org_tree["wushan"]))
    assert refused.value.status == 403 and "实名认证" in str(refused.value)


def test_the_applicant_must_be_the_bound_person_and_consent(org_tree: dict) -> None:
    account = bound_account()
    other = bound_account(name="别人")
    with pytest.raises(ServiceError, match="本人"):
        services.submit_hardship_application(account=other, data=hardship_input(account, org_tree["wushan"]))
    with pytest.raises(ServiceError, match="核对授权"):
        services.submit_hardship_application(account=account, data=hardship_input(account, org_tree["wushan"],
                                                                                   consent=False))
    with pytest.raises(ServiceError, match="街道"):
        services.submit_hardship_application(account=account, data=hardship_input(account, org_tree["tianhe"]))


def test_a_bad_member_row_is_named(org_tree: dict) -> None:
    account = bound_account()
    data = hardship_input(account, org_tree["wushan"])
    bad = (data.members[0], services.MemberIn(name="严小雨", id_number="123", relation="child"))
    with pytest.raises(ServiceError, match="家庭成员第 2 行 身份证号"):
        services.submit_hardship_application(account=account, data=hardship_input(account, org_tree["wushan"],
                                                                                   members=bad))


def test_photos_are_sealed_and_must_be_images_or_pdf(org_tree: dict) -> None:
    account = bound_account()
    application = apply_hardship(account, org_tree["wushan"], photos=2)
    stored = ApplicationPhoto.objects.filter(application=application)
    assert stored.count() == 2
    raw = stored[0].upload.storage.open(stored[0].upload.name).read()
    assert not raw.startswith(b"\x89PNG") and read_sealed(stored[0].upload).startswith(b"\x89PNG")
    fake = SimpleUploadedFile("收入证明.png", b"not a png at all", content_type="image/png")
    for bad in (photo("a.exe"), fake):
        with pytest.raises(ServiceError, match="证明材料"):
            services.submit_hardship_application(account=account, data=hardship_input(account, org_tree["wushan"]),
                                                 photos=[bad])


def test_hardship_application_becomes_a_register_file_and_the_worker_follows_it(org_tree: dict,
                                                                                staff: dict) -> None:
    account = bound_account()
    application = apply_hardship(account, org_tree["wushan"])
    assert _labels(application)[:2] == [("已提交", "done"), ("已受理", "current")]
    services.accept_application(actor=staff["wushan"], application=application,
                                expected_version=application.version, staff_phone="020-87654321")
    hardship_file = file_of(application)
    assert application.status == ApplicationStatus.ACCEPTED and hardship_file.status == FileStatus.APPLIED
    assert hardship_file.org == org_tree["wushan"] and hardship_file.created_by == staff["wushan"]
    assert hardship_file.household.members.count() == 2
    assert "核对授权" in hardship_file.events.get(action="apply").note
    assert Evidence.objects.filter(hardship_file=hardship_file).count() == 1
    assert queries.contact_of(application) == ("五山街道总工会", "020-87654321")
    assert _labels(application)[2] == ("入户调查", "current")
    # The register's own steps, with its four eyes: 初审 by a colleague, then 入户调查, 公示.
    hardship_file = step(staff["wushan_colleague"], hardship_file, "review")
    hardship_file = step(staff["wushan"], hardship_file, "investigate", investigation=investigation())
    assert _labels(application)[3] == ("公示", "current")
    step(staff["wushan"], hardship_file, "publicise")
    notice_has_run(hardship_file)
    assert not queries.progress(application).closed
    step(staff["tianhe"], hardship_file, "approve")
    application.refresh_from_db()
    progress = queries.progress(application)
    assert progress.closed and progress.steps[-1].state == "done" and "已建档" in progress.summary
    rated = services.rate_application(account=account, application=application, rating=5, note="很快",
                                      closed=progress.closed)
    assert rated.rating == 5
    with pytest.raises(ServiceError) as twice:
        services.rate_application(account=account, application=application, rating=1, closed=True)
    assert twice.value.status == 409


def test_a_rejected_file_tells_the_worker_why(org_tree: dict, staff: dict) -> None:
    application = apply_hardship(bound_account(), org_tree["wushan"], photos=0)
    services.accept_application(actor=staff["wushan"], application=application, expected_version=1)
    step(staff["wushan_colleague"], file_of(application), "reject", reason="家庭人均收入高于当地标准两倍")
    application.refresh_from_db()
    progress = queries.progress(application)
    assert progress.closed and progress.reason == "家庭人均收入高于当地标准两倍"
    assert ("入户调查", "done") not in [(s.label, s.state) for s in progress.steps]


def test_staff_outside_the_street_get_404_and_a_stale_version_409(org_tree: dict, staff: dict) -> None:
    application = apply_hardship(bound_account(), org_tree["wushan"])
    with pytest.raises(ServiceError) as outside:
        services.accept_application(actor=staff["chigang"], application=application, expected_version=1)
    assert outside.value.status == 404
    with pytest.raises(ServiceError) as auditor:
        services.accept_application(actor=staff["auditor"], application=application, expected_version=1)
    assert auditor.value.status == 403
    services.ask_worker(actor=staff["wushan"], application=application, expected_version=1,
                        needed="请补充孩子的住院费用清单")
    with pytest.raises(ServiceError) as stale:
        services.accept_application(actor=staff["wushan"], application=application, expected_version=1)
    assert stale.value.status == 409
    assert [a.pk for a in queries.applications(staff["chigang"])] == []
    assert [a.pk for a in queries.applications(staff["tianhe"])] == [application.pk]


def test_a_declined_application_is_closed_with_its_reason(org_tree: dict, staff: dict) -> None:
    application = apply_hardship(bound_account(), org_tree["wushan"])
    services.decline_application(actor=staff["wushan"], application=application, expected_version=1,
                                 reason="户籍不在本街道，已告知到户籍地申请")
    application.refresh_from_db()
    progress = queries.progress(application)
    assert progress.closed and progress.reason == "户籍不在本街道，已告知到户籍地申请"
    with pytest.raises(ServiceError) as again:
        services.accept_application(actor=staff["wushan"], application=application,
                                    expected_version=application.version)
    assert again.value.status == 409


def test_legal_application_becomes_an_online_legal_aid_case(org_tree: dict, staff: dict) -> None:
    account = bound_account(name="王建军")
    application = services.submit_legal_application(account=account, data=legal_input(org_tree["wushan"]),
                                                     photos=[photo("欠条.png")])
    with pytest.raises(ServiceError, match="工作站"):
        services.accept_application(actor=staff["wushan"], application=application, expected_version=1)
    stations = list(queries.stations_for_application(staff["wushan"], application))
    assert stations == [staff["station"]]
    services.accept_application(actor=staff["wushan"], application=application, expected_version=1,
                                station=staff["station"])
    case = case_of(application)
    assert case.channel == Channel.ONLINE and case.claimed_fen == 1_800_000 and case.documents.count() == 1
    claimant = case.claimants.get()
    assert claimant.name == "王建军" and claimant.id_number == account.id_number
    assert [(s.label, s.state) for s in queries.progress(application).steps][2] == ("审查", "current")


def test_a_worker_reads_only_their_own_applications(org_tree: dict) -> None:
    mine, theirs = bound_account(), bound_account(name="别人")
    own = apply_hardship(mine, org_tree["wushan"])
    other = apply_hardship(theirs, org_tree["wushan"])
    assert queries.my_application(mine, own.pk) == own
    for probe in (other.pk, str(other.pk), "x", None, 10**9):
        with pytest.raises(Exception) as missing:
            queries.my_application(mine, probe)
        assert missing.type.__name__ == "Http404"
    with pytest.raises(ServiceError) as rating:
        services.rate_application(account=mine, application=other, rating=5, closed=True)
    assert rating.value.status == 404


@pytest.mark.parametrize("phone", ["abc<b>", "12", "电话 020"])
def test_the_staff_phone_given_to_the_worker_is_a_phone_number(org_tree: dict, staff: dict, phone: str) -> None:
    """An outside tester saved `abc<b>` as the phone the worker is told to call."""
    application = apply_hardship(bound_account(), org_tree["wushan"])
    with pytest.raises(ServiceError, match="联系电话"):
        services.accept_application(actor=staff["wushan"], application=application,
                                    expected_version=application.version, staff_phone=phone)
