"""Home visits recorded in the field: one per person per campaign; cash given is paid from the ledger.
The photo and the signature are personal data: stored encrypted (bangfu.core.files)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from bangfu.assistance.models import (
    Allocation,
    Beneficiary,
    BeneficiaryList,
    CashTopUp,
    Fund,
    ListStatus,
    TopUpStatus,
    Visit,
)
from bangfu.assistance.services.ledger import disburse, nearest_allocation
from bangfu.assistance.services.programs import require_open
from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.files import read_sealed, seal_file
from bangfu.core.money import format_yuan
from bangfu.people.models import Person

MAX_PROOF_BYTES = 5 * 1024 * 1024
# Defaults of the settings VISIT_CLOCK_DRIFT (seconds a phone's clock may run ahead), BANGFU_VISIT_CASH_MAX_FEN
# (one visit's cash), BANGFU_CASH_PERIOD_DAYS and BANGFU_CASH_PERIOD_MAX_FEN (one person's cash over a period).
DEFAULT_CLOCK_DRIFT_SECONDS = 300
DEFAULT_VISIT_CASH_MAX_FEN = 500_000
DEFAULT_PERIOD_DAYS = 365
DEFAULT_PERIOD_MAX_FEN = 2_000_000
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def image_extension(head: bytes) -> str | None:
    for signature, extension in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def proof_file(upload: UploadedFile | None, what: str) -> ContentFile | None:
    """An uploaded photo or signature, checked to be a PNG/JPEG/WebP image of at most 5 MB."""
    if upload is None:
        return None
    if upload.size and upload.size > MAX_PROOF_BYTES:
        raise ServiceError(f"{what}不能超过 5 MB")
    data = upload.read()
    extension = image_extension(data[:16])
    if extension is None:
        raise ServiceError(f"{what}应为 PNG、JPEG 或 WebP 图片")
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}")


def signature_from_data_url(value: str) -> ContentFile | None:
    """The signature pad posts `data:image/png;base64,…`."""
    if not value:
        return None
    prefix = "data:image/png;base64,"
    if not value.startswith(prefix):
        raise ServiceError("签名格式不正确")
    try:
        data = base64.b64decode(value[len(prefix):], validate=True)
    except (binascii.Error, ValueError):
        raise ServiceError("签名格式不正确") from None
    if len(data) > MAX_PROOF_BYTES or image_extension(data[:16]) != "png":
        raise ServiceError("签名应为不超过 5 MB 的 PNG 图片")
    return ContentFile(data, name=f"{uuid.uuid4().hex}.png")


def campaign_fund(program: Any) -> Fund:
    fund = Fund.objects.filter(program=program).order_by("pk").first()
    if fund is None:
        raise ServiceError("本活动还没有资金，不能发放现金")
    return fund


def _first_approved_at(blist: BeneficiaryList) -> dt.datetime | None:
    """When the list was first approved: a revision keeps the approval of the version it revises."""
    earliest = blist.approved_at
    previous = blist.previous
    while previous is not None:
        if previous.approved_at is not None:
            earliest = previous.approved_at
        previous = previous.previous
    return earliest


def check_visit_time(visited_at: dt.datetime, blist: BeneficiaryList) -> None:
    """Not in the future (beyond the allowed clock drift of a phone), not before the list was approved."""
    if timezone.is_naive(visited_at):
        visited_at = timezone.make_aware(visited_at)
    drift = dt.timedelta(seconds=int(getattr(settings, "VISIT_CLOCK_DRIFT", DEFAULT_CLOCK_DRIFT_SECONDS)))
    if visited_at > timezone.now() + drift:
        raise ServiceError(f"走访时间：{timezone.localtime(visited_at):%Y-%m-%d %H:%M} 晚于当前时间，"
                           f"不能登记未来的走访（允许误差 {int(drift.total_seconds() // 60)} 分钟）")
    approved_at = _first_approved_at(blist)
    # forms give minutes: a visit in the minute of the approval is not "before" it
    if approved_at is not None and visited_at < approved_at.replace(second=0, microsecond=0):
        raise ServiceError(f"走访时间：{timezone.localtime(visited_at):%Y-%m-%d %H:%M} 早于名单审批时间 "
                           f"{timezone.localtime(approved_at):%Y-%m-%d %H:%M}")


def period_cash_fen(person_id: int, until: dt.datetime) -> int:
    """Cash a person received at visits and through approved top-ups over the configured period."""
    since = until - dt.timedelta(days=int(getattr(settings, "BANGFU_CASH_PERIOD_DAYS", DEFAULT_PERIOD_DAYS)))
    at_visits = Visit.objects.filter(person_id=person_id, visited_at__gt=since).aggregate(t=Sum("cash_fen"))["t"]
    topped = CashTopUp.objects.filter(person_id=person_id, status=TopUpStatus.APPROVED,
                                      decided_at__gt=since).aggregate(t=Sum("amount_fen"))["t"]
    return int(at_visits or 0) + int(topped or 0)


def lock_person(person_id: int) -> None:
    """Serialise the cash checks of one person (visits and top-ups of any campaign) until commit: the period
    limit is a sum over several tables, so no constraint can hold it."""
    Person.objects.select_for_update().filter(pk=person_id).exists()


def check_period_cash(person_id: int, extra_fen: int, when: dt.datetime) -> None:
    limit = int(getattr(settings, "BANGFU_CASH_PERIOD_MAX_FEN", DEFAULT_PERIOD_MAX_FEN))
    days = int(getattr(settings, "BANGFU_CASH_PERIOD_DAYS", DEFAULT_PERIOD_DAYS))
    already = period_cash_fen(person_id, when)
    if already + extra_fen > limit:
        raise ServiceError(f"现金：该职工近 {days} 天已领取现金 {format_yuan(already)}，再发 {format_yuan(extra_fen)} "
                           f"将超过每人 {format_yuan(limit)} 的上限")


def check_visit_cash(beneficiary: Beneficiary, cash_fen: int, when: dt.datetime) -> None:
    """At most the amount on the approved list (more is a separate, approved top-up), the per-visit ceiling
    and the per-person limit over the period."""
    if cash_fen > beneficiary.amount_fen:
        raise ServiceError(f"现金：{format_yuan(cash_fen)} 超过名单核定金额 {format_yuan(beneficiary.amount_fen)}；"
                           "超出部分须另行申请追加，经第二人审批后发放")
    ceiling = int(getattr(settings, "BANGFU_VISIT_CASH_MAX_FEN", DEFAULT_VISIT_CASH_MAX_FEN))
    if cash_fen > ceiling:
        raise ServiceError(f"现金：单次走访现金不能超过 {format_yuan(ceiling)}，实际为 {format_yuan(cash_fen)}")
    if cash_fen:
        check_period_cash(beneficiary.person_id, cash_fen, when)


def _replayed_visit(existing: Visit, beneficiary: Beneficiary, cash_fen: int, fubao_count: int,
                    goods_value_fen: int) -> Visit:
    """A retry must be the same visit: same person on the same list entry, same cash and gifts."""
    if (existing.beneficiary_id, existing.cash_fen, existing.fubao_count, existing.goods_value_fen) != (
            beneficiary.pk, cash_fen, fubao_count, goods_value_fen):
        raise ConflictError(f"提交编号“{existing.idempotency_key}”已用于另一次不同的走访")
    return existing


def record_visit(*, actor: Any, beneficiary: Beneficiary, visited_at: dt.datetime, place: str, key: str,
                 cash_fen: int = 0, fubao_count: int = 0, goods_description: str = "", goods_value_fen: int = 0,
                 photo: ContentFile | None = None, signature: ContentFile | None = None,
                 note: str = "") -> tuple[Visit, bool]:
    """Record the visit; with cash, a disbursement from the list unit's allocation (or the closest above)."""
    existing = Visit.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _replayed_visit(existing, beneficiary, cash_fen, fubao_count, goods_value_fen), False
    blist = beneficiary.blist
    require_open(blist.program, "登记走访")
    if blist.status != ListStatus.APPROVED or not beneficiary.included:
        raise ServiceError("只能走访已审批名单中列入的人员")
    if min(cash_fen, goods_value_fen, fubao_count) < 0:
        raise ServiceError("现金、福包数量和物品价值不能为负数")
    if not place.strip():
        raise ServiceError("请填写走访地点")
    if cash_fen == 0 and fubao_count == 0 and not goods_description.strip():
        raise ServiceError("请填写送出的现金、福包或物品")
    if goods_value_fen and not goods_description.strip():
        raise ServiceError("填写了物品价值时，请同时填写物品名称")
    check_visit_time(visited_at, blist)
    program = blist.program
    try:
        with transaction.atomic():
            lock_person(beneficiary.person_id)
            check_visit_cash(beneficiary, cash_fen, visited_at)
            visit = Visit(program=program, person_id=beneficiary.person_id, beneficiary=beneficiary,
                          visited_by=actor, visited_at=visited_at, place=place.strip()[:200], cash_fen=cash_fen,
                          fubao_count=fubao_count, goods_description=goods_description.strip()[:200],
                          goods_value_fen=goods_value_fen, note=note.strip()[:300], idempotency_key=key,
                          org_id=beneficiary.org_id, created_by=actor)
            if photo is not None:
                seal_file(visit.photo, photo.name or "photo", photo)
            if signature is not None:
                seal_file(visit.signature, signature.name or "signature", signature)
            visit.save()
            if cash_fen > 0:
                allocation = paying_allocation(program, blist.org)
                visit.disbursement, _created = disburse(
                    actor=actor, allocation=allocation, amount_fen=cash_fen, key=key, space="visit",
                    purpose=f"{program.name}走访慰问", payee=beneficiary.person)
                visit.save(update_fields=["disbursement"])
            audit.record("assistance.visit_record", actor=actor, obj=visit, org=visit.org,
                         changes={"cash_fen": cash_fen, "fubao_count": fubao_count, "goods_value_fen": goods_value_fen})
    except IntegrityError:
        existing = Visit.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return _replayed_visit(existing, beneficiary, cash_fen, fubao_count, goods_value_fen), False
        raise ConflictError("该职工在本次活动中已走访过，同一节日不重复慰问") from None
    return visit, True


def read_visit_proof(*, actor: Any, visit: Visit, kind: str) -> bytes:
    """The photo or signature of a visit in clear (decrypted in memory), the viewing recorded. `visit` comes
    from the scoped lookup; FileNotFoundError when the stored file is gone (nothing recorded)."""
    data = read_sealed(getattr(visit, kind))
    with transaction.atomic():
        audit.record("assistance.visit_proof_view", actor=actor, obj=visit, changes={"kind": kind})
    return data


def paying_allocation(program: Any, unit: Any) -> Allocation:
    """The account a list's cash is paid from: the list unit's own, or the closest one above."""
    allocation = nearest_allocation(campaign_fund(program), unit)
    if allocation is None:
        raise ServiceError(f"{unit.name}及其上级没有本活动的资金账户")
    return allocation
