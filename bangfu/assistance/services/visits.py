"""Home visits recorded in the field: one per person per campaign; cash given is paid from the ledger.
The photo and the signature are personal data: stored encrypted (bangfu.core.files)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from bangfu.assistance.models import Beneficiary, Fund, ListStatus, Visit
from bangfu.assistance.services.ledger import disburse, nearest_allocation
from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.files import read_sealed, seal_file

MAX_PROOF_BYTES = 5 * 1024 * 1024
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


def record_visit(*, actor: Any, beneficiary: Beneficiary, visited_at: dt.datetime, place: str, key: str,
                 cash_fen: int = 0, fubao_count: int = 0, goods_description: str = "", goods_value_fen: int = 0,
                 photo: ContentFile | None = None, signature: ContentFile | None = None,
                 note: str = "") -> tuple[Visit, bool]:
    """Record the visit; with cash, a disbursement from the list unit's allocation (or the closest above)."""
    existing = Visit.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.beneficiary_id != beneficiary.pk:
            raise ConflictError("该提交编号已用于另一次走访")
        return existing, False
    blist = beneficiary.blist
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
    program = blist.program
    try:
        with transaction.atomic():
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
                fund = campaign_fund(program)
                allocation = nearest_allocation(fund, blist.org)
                if allocation is None:
                    raise ServiceError(f"{blist.org.name}及其上级没有本活动的资金账户")
                visit.disbursement, _created = disburse(
                    actor=actor, allocation=allocation, amount_fen=cash_fen, key=f"visit:{key}",
                    purpose=f"{program.name}走访慰问", payee=beneficiary.person)
                visit.save(update_fields=["disbursement"])
            audit.record("assistance.visit_record", actor=actor, obj=visit, org=visit.org,
                         changes={"cash_fen": cash_fen, "fubao_count": fubao_count, "goods_value_fen": goods_value_fen})
    except IntegrityError:
        existing = Visit.objects.filter(idempotency_key=key).first()
        if existing is not None and existing.beneficiary_id == beneficiary.pk:
            return existing, False
        raise ConflictError("该职工在本次活动中已走访过，同一节日不重复慰问") from None
    return visit, True


def read_visit_proof(*, actor: Any, visit: Visit, kind: str) -> bytes:
    """The photo or signature of a visit in clear (decrypted in memory), the viewing recorded. `visit` comes
    from the scoped lookup; FileNotFoundError when the stored file is gone (nothing recorded)."""
    data = read_sealed(getattr(visit, kind))
    with transaction.atomic():
        audit.record("assistance.visit_proof_view", actor=actor, obj=visit, changes={"kind": kind})
    return data
