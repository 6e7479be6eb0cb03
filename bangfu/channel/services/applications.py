"""A worker's application from the phone, and the staff's decision on it.

The worker submits (`submit_hardship_application`, `submit_legal_application`): the application is queued to
the street union the worker chose for the household's address, with photos of proof sealed and the signed
consent to income checks (核对授权). Staff of that union accept it (`accept_application`), which calls the
register's `create_household` (a 申请 that then goes through 初审 → 入户调查 → 公示 → 审批 with the register's
own four-eyes rule) or legal aid's `intake_case` (受理 → 审查 → …), copies the photos into that record's
evidence, and links the record: there is no second path to a file or a case. Or they decline it with a
reason, or ask the worker for something.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.accounts.scoping import may
from bangfu.channel.models import (
    ApplicationKind,
    ApplicationPhoto,
    ApplicationStatus,
    WorkerAccount,
    WorkerApplication,
)
from bangfu.channel.queries import Placement
from bangfu.channel.services.placements import (
    PLACEMENT_CONSENT_TEXT,
    JobApplicationIn,
    TrainingApplicationIn,
    accept_job,
    accept_training,
    worker_person,
)
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.files import read_sealed, seal_file
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.core.normalize import normalize_name, normalize_phone
from bangfu.core.sensitive import blind_indexes
from bangfu.legal.models import Channel, Claimant, DisputeType, LegalAidStation, LegalCase, ServiceType
from bangfu.legal.services import ClaimantIn, add_claimant, add_document, intake_case
from bangfu.people.models import EmploymentStatus, EvidenceKind, Relation
from bangfu.people.services import (
    FileInput,
    HouseholdInput,
    MemberInput,
    PersonInput,
    create_household,
    upload_evidence,
)
from bangfu.people.services.common import validate_causes
from bangfu.people.services.evidence import check_upload

MAX_MEMBERS = 20
MAX_PHOTOS = 6
CONSENT_TEXT = (
    "本人及家庭成员同意工会为审核困难帮扶（法律援助）申请，向民政、人社、住建、公安、市场监管、税务、银行等"
    "部门和机构核对本人及家庭成员的收入、财产和社会保险等情况；核对结果仅用于本次申请的审核。"
)


def worker_name(account: WorkerAccount) -> str:
    """How an audit event names a worker (not a staff user): by account id, never by name."""
    return f"职工#{account.pk}"


@dataclass(frozen=True)
class MemberIn:
    name: str
    id_number: str
    relation: str = Relation.SELF
    employment_status: str = EmploymentStatus.EMPLOYED
    monthly_income_fen: int = 0
    has_major_illness: bool = False
    disability_or_mental_illness: bool = False


@dataclass(frozen=True)
class HardshipApplicationIn:
    street: OrgUnit
    address: str
    primary_cause: str
    members: tuple[MemberIn, ...]
    note: str = ""
    consent: bool = False


@dataclass(frozen=True)
class LegalApplicationIn:
    street: OrgUnit
    employer_name: str
    dispute_type: str
    summary: str
    service_type: str = ServiceType.MEDIATION
    knew_on: dt.date | None = None
    claimed_fen: int = 0
    migrant_worker: bool = False
    household_size: int | None = None
    declared_income_fen: int | None = None
    consent: bool = False


def _require_bound(account: WorkerAccount) -> None:
    if not account.is_bound:
        raise ServiceError("请先完成实名认证（姓名和身份证号），再提交申请。", status=403)


def _require_street(street: OrgUnit) -> None:
    if street.level != OrgLevel.STREET:
        raise ServiceError("所在街道（乡镇）：请选择户籍或居住地所在的街道（乡镇）工会。")


def _require_consent(consent: bool, what: str = "") -> None:
    if not consent and what:
        raise ServiceError(f"授权：须{what}，才能提交申请。")
    if not consent:
        raise ServiceError("核对授权：须同意工会向有关部门核对收入和财产情况，才能提交申请。")


def _text(value: str, label: str, max_length: int, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ServiceError(f"{label}：不能为空。")
    if len(text) > max_length:
        raise ServiceError(f"{label}：不能超过 {max_length} 字。")
    return text


def _staff_phone(value: str) -> str:
    """The work phone the worker is given: digits only once written plainly (an outside tester saved `abc<b>`)."""
    text = (value or "").strip()
    digits = normalize_phone(text)
    if text and not (digits.isdecimal() and digits.isascii() and 5 <= len(digits) <= 20 and len(text) <= 20):
        raise ServiceError("联系电话：应为手机号或座机号码（5 至 20 位数字，可带区号和短横线）。")
    return text  # kept as the staff member wrote it (020-87654321 reads better than 02087654321)


def _member(row: int, member: MemberIn) -> dict[str, Any]:
    where = f"家庭成员第 {row} 行"
    name = normalize_name(member.name)
    if not name:
        raise ServiceError(f"{where} 姓名：不能为空。")
    try:
        number = parse_id_number(member.id_number).number
    except IdNumberError as exc:
        raise ServiceError(f"{where} 身份证号：{exc}") from None
    if member.relation not in Relation.values:
        raise ServiceError(f"{where} 与申请人关系：取值无效。")
    if member.employment_status not in EmploymentStatus.values:
        raise ServiceError(f"{where} 就业状况：取值无效。")
    if member.monthly_income_fen < 0:
        raise ServiceError(f"{where} 月收入：不能为负数。")
    return asdict(member) | {"name": name, "id_number": number}


def _members(account: WorkerAccount, members: tuple[MemberIn, ...]) -> list[dict[str, Any]]:
    if not members:
        raise ServiceError("家庭成员：至少填写申请人本人。")
    if len(members) > MAX_MEMBERS:
        raise ServiceError(f"家庭成员：最多 {MAX_MEMBERS} 人。")
    rows = [_member(row, member) for row, member in enumerate(members, start=1)]
    selves = [row for row in rows if row["relation"] == Relation.SELF]
    if len(selves) != 1 or selves[0]["id_number"] != account.id_number:
        raise ServiceError("家庭成员：应有且只有一名“本人”，且其身份证号与实名认证的一致。")
    numbers = [row["id_number"] for row in rows]
    if len(numbers) != len(set(numbers)):
        raise ServiceError("家庭成员：同一身份证号填写了两次。")
    return rows


def _check_photos(photos: list[UploadedFile]) -> list[str]:
    if len(photos) > MAX_PHOTOS:
        raise ServiceError(f"证明材料照片：最多 {MAX_PHOTOS} 张。")
    return [check_upload(photo) for photo in photos]


def daily_limit() -> int:
    """Applications a worker may send in 24 hours (all kinds together); settings may change it."""
    return int(getattr(settings, "BANGFU_WORKER_DAILY_APPLICATIONS", 5))


def guard_worker(account: WorkerAccount, kind: str) -> None:
    """One waiting application of a kind per worker, and a daily cap: a slip of the thumb (or a script) does
    not fill a street union's queue. The account row is locked, so two taps at once cannot both pass."""
    WorkerAccount.objects.select_for_update().filter(pk=account.pk).first()
    waiting = WorkerApplication.objects.filter(account=account, kind=kind,
                                               status=ApplicationStatus.SUBMITTED).order_by("-pk").first()
    if waiting is not None:
        raise ConflictError(f"您已有一份“{waiting.get_kind_display()}”申请（#{waiting.pk}）正在等待受理，"
                            "请勿重复提交；如需补充情况，请在该申请的页面回复。")
    since = timezone.now() - dt.timedelta(hours=24)
    if WorkerApplication.objects.filter(account=account, created_at__gt=since).count() >= daily_limit():
        raise ServiceError(f"24 小时内最多提交 {daily_limit()} 份申请，请明天再试或拨打 12351。", status=429)


def _seal_photos(application: WorkerApplication, photos: list[UploadedFile], content_types: list[str]) -> None:
    for photo, content_type in zip(photos, content_types, strict=True):
        row = ApplicationPhoto(application=application, org=application.org,
                               original_name=(photo.name or "photo")[:200], content_type=content_type,
                               size=photo.size or 0)
        seal_file(row.upload, photo.name or "photo", photo)
        row.save()


def _save(account: WorkerAccount, street: OrgUnit, kind: str, details: dict[str, Any],
          photos: list[UploadedFile], content_types: list[str], consent_text: str = CONSENT_TEXT
          ) -> WorkerApplication:
    guard_worker(account, kind)
    application = WorkerApplication.objects.create(
        org=street, account=account, kind=kind, details=json.dumps(details, ensure_ascii=False),
        consent_signed_at=timezone.now(), consent_text=consent_text)
    _seal_photos(application, photos, content_types)
    audit.record("channel.application_submitted", actor_name=worker_name(account), obj=application, org=street,
                 changes={"kind": kind, "photos": len(photos)})
    return application


@transaction.atomic
def submit_hardship_application(*, account: WorkerAccount, data: HardshipApplicationIn,
                                photos: list[UploadedFile] | None = None) -> WorkerApplication:
    """申请困难帮扶: the household as the worker tells it, queued to the street union."""
    _require_bound(account)
    _require_street(data.street)
    primary, _secondaries = validate_causes(data.primary_cause, [])
    details = {"address": _text(data.address, "家庭住址", 200), "primary_cause": primary,
               "note": _text(data.note, "情况说明", 500, required=False), "members": _members(account, data.members)}
    content_types = _check_photos(photos or [])
    _require_consent(data.consent)
    return _save(account, data.street, ApplicationKind.HARDSHIP, details, photos or [], content_types)


@transaction.atomic
def submit_legal_application(*, account: WorkerAccount, data: LegalApplicationIn,
                             photos: list[UploadedFile] | None = None) -> WorkerApplication:
    """申请法律援助: the dispute as the worker tells it, queued to the street union (its station takes it in)."""
    _require_bound(account)
    _require_street(data.street)
    if data.dispute_type not in DisputeType.values:
        raise ServiceError("争议类型：取值无效。")
    if data.service_type not in ServiceType.values:
        raise ServiceError("需要的服务：取值无效。")
    if data.knew_on is not None and data.knew_on > timezone.localdate():
        raise ServiceError("知道权益受侵害的日期：不能晚于今天。")
    if data.claimed_fen < 0 or (data.declared_income_fen or 0) < 0:
        raise ServiceError("金额：不能为负数。")
    if data.household_size is not None and not 1 <= data.household_size <= 30:
        raise ServiceError("家庭人口：应在 1 至 30 之间。")
    details = {"employer_name": _text(data.employer_name, "用人单位", 100), "dispute_type": data.dispute_type,
               "service_type": data.service_type, "summary": _text(data.summary, "事情经过", 1000),
               "knew_on": data.knew_on.isoformat() if data.knew_on else "", "claimed_fen": data.claimed_fen,
               "migrant_worker": data.migrant_worker, "household_size": data.household_size,
               "declared_income_fen": data.declared_income_fen}
    content_types = _check_photos(photos or [])
    _require_consent(data.consent)
    return _save(account, data.street, ApplicationKind.LEGAL, details, photos or [], content_types)


@transaction.atomic
def submit_training_application(*, account: WorkerAccount, data: TrainingApplicationIn,
                                photos: list[UploadedFile] | None = None) -> WorkerApplication:
    """申请技能培训: what the worker wants to learn and when they are free, queued to the street union."""
    _require_bound(account)
    _require_street(data.street)
    details = {"address": _text(data.address, "家庭住址", 200), "wish": _text(data.wish, "想学的技能", 200),
               "free_time": _text(data.free_time, "空闲时间", 100, required=False),
               "note": _text(data.note, "情况说明", 500, required=False)}
    content_types = _check_photos(photos or [])
    _require_consent(data.consent, "同意向培训机构提供本人信息")
    return _save(account, data.street, ApplicationKind.TRAINING, details, photos or [], content_types,
                 PLACEMENT_CONSENT_TEXT)


@transaction.atomic
def submit_job_application(*, account: WorkerAccount, data: JobApplicationIn,
                           photos: list[UploadedFile] | None = None) -> WorkerApplication:
    """申请推荐就业: the work the worker looks for, the lowest wage, free time and experience."""
    _require_bound(account)
    _require_street(data.street)
    if not 0 <= data.wage_floor_fen <= 10_000_000:
        raise ServiceError("期望月薪：应在 0 至 10 万元之间。")
    details = {"address": _text(data.address, "家庭住址", 200), "wish": _text(data.wish, "想找的工作", 200),
               "wage_floor_fen": data.wage_floor_fen, "free_time": _text(data.free_time, "空闲时间", 100,
                                                                         required=False),
               "experience": _text(data.experience, "工作经历和技能", 500, required=False),
               "note": _text(data.note, "情况说明", 500, required=False)}
    content_types = _check_photos(photos or [])
    _require_consent(data.consent, "同意向用人单位提供本人信息")
    return _save(account, data.street, ApplicationKind.JOB, details, photos or [], content_types,
                 PLACEMENT_CONSENT_TEXT)


def details_of(application: WorkerApplication) -> dict[str, Any]:
    return dict(json.loads(application.details))


# --- staff ----------------------------------------------------------------------------------------------


def _require_staff(actor: Any, application: WorkerApplication) -> None:
    if not may(actor, "channel.view_workerapplication", application):
        raise ServiceError("未找到该申请，或不在您的数据范围内。", status=404)
    if not may(actor, "channel.change_workerapplication", application):
        raise ServiceError("您没有受理职工网上申请的权限。", status=403)


def _locked_waiting(application: WorkerApplication, expected_version: int) -> WorkerApplication:
    locked = (WorkerApplication.objects.select_for_update(of=("self",)).select_related("org", "account")
              .get(pk=application.pk))
    if locked.version != expected_version:
        raise ConflictError("该申请已被他人处理，请刷新后重试。")
    if locked.status != ApplicationStatus.SUBMITTED:
        raise ConflictError(f"该申请当前状态为“{locked.get_status_display()}”，不能再受理或退回。")
    return locked


def _photo_uploads(application: WorkerApplication) -> list[UploadedFile]:
    return [SimpleUploadedFile(photo.original_name, read_sealed(photo.upload), content_type=photo.content_type)
            for photo in application.photos.all()]


def _accept_hardship(actor: Any, application: WorkerApplication, details: dict[str, Any]) -> dict[str, Any]:
    members = tuple(
        MemberInput(person=PersonInput(name=m["name"], id_number=m["id_number"],
                                       phone=application.account.phone if m["relation"] == Relation.SELF else ""),
                    relation=m["relation"], employment_status=m["employment_status"],
                    has_major_illness=m["has_major_illness"],
                    disability_or_mental_illness=m["disability_or_mental_illness"],
                    monthly_income_fen=m["monthly_income_fen"])
        for m in details["members"])
    consent = timezone.localtime(application.consent_signed_at).date().isoformat()
    note = f"职工端网上申请 #{application.pk}；已签署核对授权（{consent}）。{details.get('note', '')}"[:500]
    hardship_file = create_household(actor=actor, org=application.org, data=HouseholdInput(
        members=members, address=details["address"], region_code=application.org.region_code,
        file=FileInput(primary_cause=details["primary_cause"], note=note)))
    for upload in _photo_uploads(application):
        upload_evidence(actor=actor, hardship_file=hardship_file, kind=EvidenceKind.OTHER, upload=upload)
    return {"hardship_file": hardship_file}


def _accept_legal(actor: Any, application: WorkerApplication, details: dict[str, Any],
                  station: LegalAidStation | None, case: LegalCase | None) -> dict[str, Any]:
    account = application.account
    claimant = ClaimantIn(name=account.name, id_number=account.id_number, phone=account.phone,
                          migrant_worker=details["migrant_worker"], household_size=details["household_size"],
                          declared_income_fen=details["declared_income_fen"], claimed_fen=details["claimed_fen"])
    if case is not None:  # one of the workers a collective case speaks for, or one more of them
        if not Claimant.objects.filter(case=case, id_index__in=blind_indexes(account.id_number)).exists():
            add_claimant(actor=actor, case=case, data=claimant, expected_version=case.version)
        _add_documents(actor, application, case)
        return {"legal_case": case}
    if station is None:
        raise ServiceError("法律援助工作站：请选择受理本申请的工作站，或选择职工加入的集体案件。")
    knew_on = dt.date.fromisoformat(details["knew_on"]) if details["knew_on"] else None
    case = intake_case(actor=actor, station=station, intake_date=timezone.localdate(),
                       employer_name=details["employer_name"], dispute_type=details["dispute_type"],
                       service_type=details["service_type"], claimants=[claimant], channel=Channel.ONLINE,
                       summary=details["summary"], knew_on=knew_on)
    _add_documents(actor, application, case)
    return {"legal_case": case}


def _add_documents(actor: Any, application: WorkerApplication, case: LegalCase) -> None:
    for upload in _photo_uploads(application):
        add_document(actor=actor, case=case, title=f"职工上传材料：{upload.name}"[:100], upload=upload)


def _accept_placement(actor: Any, application: WorkerApplication, details: dict[str, Any],
                      choice: Placement) -> dict[str, Any]:
    account, org = application.account, application.org
    person = worker_person(actor=actor, org=org, name=account.name, id_number=account.id_number,
                           phone=account.phone)
    district = (org.region_code or "")[:6]
    if application.kind == ApplicationKind.TRAINING:
        return accept_training(actor, person=person, course=choice.course, address=details["address"],
                               wish=details["wish"], free_time=details["free_time"], district_code=district)
    return accept_job(actor, person=person, org=org, opening=choice.opening, wish=details["wish"],
                      wage_floor_fen=details["wage_floor_fen"], experience=details["experience"],
                      district_code=district)


def _made(actor: Any, application: WorkerApplication, choice: Placement) -> dict[str, Any]:
    details = details_of(application)
    if application.kind == ApplicationKind.HARDSHIP:
        return _accept_hardship(actor, application, details)
    if application.kind == ApplicationKind.LEGAL:
        return _accept_legal(actor, application, details, choice.station, choice.case)
    return _accept_placement(actor, application, details, choice)


@transaction.atomic
def accept_application(*, actor: Any, application: WorkerApplication, expected_version: int,
                       staff_phone: str = "", station: LegalAidStation | None = None,
                       choice: Placement | None = None) -> WorkerApplication:
    """受理: the register's, legal aid's, training's or jobs' own service makes the record (a file, a case or
    a claimant of a collective one, a home training plan, a seeker profile and referral); the application
    follows it."""
    _require_staff(actor, application)
    locked = _locked_waiting(application, expected_version)
    choice = choice or Placement(station=station)
    made = _made(actor, locked, choice)
    update_versioned(application, expected_version, status=ApplicationStatus.ACCEPTED, decided_by=actor,
                     decided_at=timezone.now(), staff_phone=_staff_phone(staff_phone),
                     needed_from_worker="", **made)
    record = next(iter(made.values()))
    audit.record("channel.application_accepted", actor=actor, obj=application,
                 changes={"kind": locked.kind, "record": f"{record._meta.label}#{record.pk}"})
    return application


@transaction.atomic
def decline_application(*, actor: Any, application: WorkerApplication, expected_version: int,
                        reason: str, staff_phone: str = "") -> WorkerApplication:
    """不予受理, with the reason the worker will read."""
    _require_staff(actor, application)
    _locked_waiting(application, expected_version)
    update_versioned(application, expected_version, status=ApplicationStatus.DECLINED, decided_by=actor,
                     decided_at=timezone.now(), decline_reason=_text(reason, "不予受理的理由", 200),
                     staff_phone=_staff_phone(staff_phone))
    audit.record("channel.application_declined", actor=actor, obj=application)
    return application


@transaction.atomic
def ask_worker(*, actor: Any, application: WorkerApplication, expected_version: int, needed: str,
               staff_phone: str = "") -> WorkerApplication:
    """Tell the worker what is still needed (a document, a visit time); shown on their status page."""
    _require_staff(actor, application)
    _locked_waiting(application, expected_version)
    update_versioned(application, expected_version, needed_from_worker=_text(needed, "需要职工补充的材料", 200),
                     asked_at=timezone.now(), staff_phone=_staff_phone(staff_phone))
    audit.record("channel.application_asked", actor=actor, obj=application)
    return application


@transaction.atomic
def reply_to_union(*, account: WorkerAccount, application: WorkerApplication, text: str,
                   photos: list[UploadedFile] | None = None) -> WorkerApplication:
    """The worker answers a 补充材料 request: a few words and the photos asked for, on the same application."""
    locked = WorkerApplication.objects.select_for_update(of=("self",)).select_related("org").get(pk=application.pk)
    if locked.account_id != account.pk:
        raise ServiceError("未找到该申请。", status=404)
    if not locked.awaits_reply:
        raise ConflictError("工会目前没有要求您补充材料；如有新情况请拨打 12351。")
    reply = _text(text, "回复内容", 500)
    content_types = _check_photos(photos or [])
    if locked.photos.count() + len(content_types) > MAX_PHOTOS * 2:
        raise ServiceError(f"证明材料照片：一份申请最多 {MAX_PHOTOS * 2} 张。")
    _seal_photos(locked, photos or [], content_types)
    WorkerApplication.objects.filter(pk=locked.pk).update(worker_reply=reply, worker_replied_at=timezone.now())
    application.refresh_from_db()
    audit.record("channel.application_replied", actor_name=worker_name(account), obj=application,
                 changes={"photos": len(content_types)})
    return application


@transaction.atomic
def rate_application(*, account: WorkerAccount, application: WorkerApplication, rating: int,
                     note: str = "", closed: bool) -> WorkerApplication:
    """The worker rates the service once the matter is closed (`closed` is read from its status steps)."""
    if application.account_id != account.pk:
        raise ServiceError("未找到该申请。", status=404)
    if not closed:
        raise ConflictError("办理结束后才能评价。")
    if application.rating is not None:
        raise ConflictError("您已评价过本次服务。")
    if not 1 <= rating <= 5:
        raise ServiceError("满意度：请选择 1 至 5 星。")
    updated = WorkerApplication.objects.filter(pk=application.pk, rating__isnull=True).update(
        rating=rating, rating_note=_text(note, "评价意见", 200, required=False))
    if updated != 1:
        raise ConflictError("您已评价过本次服务。")
    application.refresh_from_db()
    audit.record("channel.application_rated", actor_name=worker_name(account), obj=application,
                 changes={"rating": rating})
    return application


def read_photo(*, actor: Any, photo: ApplicationPhoto) -> bytes:
    """A photo of proof in clear (decrypted in memory), its viewing recorded. `photo` comes from the scoped
    `queries.photo_for`."""
    data = read_sealed(photo.upload)
    with transaction.atomic():
        audit.record("channel.photo_viewed", actor=actor, obj=photo.application, changes={"photo": photo.pk})
    return data
