"""Evidence attachments: scans and photos of certificates, checked for size and real type, then stored
encrypted (bangfu.core.files): a diagnosis or a disability certificate is sensitive personal data."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from bangfu.core.errors import ServiceError
from bangfu.core.files import read_sealed, seal_file
from bangfu.people.models import Evidence, EvidenceKind, HardshipFile
from bangfu.people.services.common import add_event, record_audit, require_file_in_scope, require_permission

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# The first bytes of each accepted type: the name's suffix alone proves nothing.
SIGNATURES: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}


def check_upload(upload: UploadedFile) -> str:
    """The content type of an acceptable upload, or a ServiceError naming the field."""
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    if suffix not in SIGNATURES:
        raise ServiceError("证明材料：只接受 PDF、JPG 或 PNG 文件。")
    if upload.size is None or upload.size == 0:
        raise ServiceError("证明材料：文件为空。")
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ServiceError(f"证明材料：文件不能超过 {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB。")
    magic, content_type = SIGNATURES[suffix]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise ServiceError("证明材料：文件内容与扩展名不符。")
    return content_type


@transaction.atomic
def upload_evidence(*, actor: Any, hardship_file: HardshipFile, kind: str, upload: UploadedFile) -> Evidence:
    require_permission(actor, "people.add_evidence", "上传证明材料")
    require_file_in_scope(actor, hardship_file, "people.add_evidence")
    if kind not in EvidenceKind.values:
        raise ServiceError("材料类别：取值无效。")
    content_type = check_upload(upload)
    evidence = Evidence(hardship_file=hardship_file, kind=kind, original_name=(upload.name or "")[:200],
                        content_type=content_type, size_bytes=upload.size or 0, uploaded_by=actor)
    seal_file(evidence.upload, upload.name or "upload", upload)
    evidence.save()
    HardshipFile.objects.filter(pk=hardship_file.pk).update(updated_at=evidence.uploaded_at)
    add_event(hardship_file, actor=actor, action="evidence", changes={"evidence": evidence.pk, "kind": kind})
    record_audit("people.evidence.upload", actor=actor, instance=hardship_file,
                 changes={"evidence": evidence.pk, "kind": kind, "size_bytes": evidence.size_bytes})
    return evidence


def read_evidence(*, actor: Any, evidence: Evidence) -> bytes:
    """The evidence file in clear (decrypted in memory), its download recorded. `evidence` comes from the
    scoped `queries.evidence_for_download`; FileNotFoundError when the stored file is gone (nothing recorded)."""
    data = read_sealed(evidence.upload)
    with transaction.atomic():
        record_audit("people.evidence.download", actor=actor, instance=evidence.hardship_file,
                     changes={"evidence": evidence.pk, "kind": evidence.kind})
    return data
