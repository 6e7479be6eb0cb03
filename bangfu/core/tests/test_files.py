"""Sealed files: encrypted at rest with the field keys, read fail-closed, rotated and sealed by `reencrypt`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models

from bangfu.core import sensitive
from bangfu.core.files import (
    SEALED_FILE_FIELDS,
    FileState,
    file_state,
    read_sealed,
    reseal_file,
    seal_file,
    sealed_file_fields,
    sealed_response,
)
from bangfu.core.inventory import field_class
from bangfu.core.models import AuditEvent
from bangfu.core.sensitive import SensitiveDataError, decrypt_bytes, encrypt_bytes, key_id, key_id_of_bytes
from bangfu.people.models import Evidence
from bangfu.people.tests.helpers import apply_family

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
STRAY = Fernet.generate_key().decode()
CANARY = "CANARY-5e1f 残疾证 肢体二级".encode()
PDF = b"%PDF-1.4\n% " + CANARY + b"\n%%EOF\n"


@pytest.fixture
def use_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def use(*keys: str) -> None:
        monkeypatch.setenv("BANGFU_FIELD_KEYS", ",".join(keys))
        monkeypatch.setenv("BANGFU_INDEX_KEY", "index-key-for-files")
        sensitive.reset_key_cache()

    yield use
    monkeypatch.delenv("BANGFU_FIELD_KEYS", raising=False)
    monkeypatch.delenv("BANGFU_INDEX_KEY", raising=False)
    sensitive.reset_key_cache()


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def new_evidence(org_tree: Any, make_user: Any, media: Path) -> Any:
    """An unsaved Evidence of a new family (made when called: after the test has chosen its keys)."""

    def make() -> Evidence:
        worker = make_user("street_social_worker", org_tree["wushan"])
        return Evidence(hardship_file=apply_family(worker, org_tree["wushan"]), kind="disability",
                        content_type="application/pdf", uploaded_by=worker)

    return make


def _disk(media: Path) -> dict[str, bytes]:
    return {str(path.relative_to(media)): path.read_bytes() for path in media.rglob("*") if path.is_file()}


def test_bytes_name_their_key_and_hold_no_plaintext(use_keys: Any) -> None:
    use_keys(OLD)
    stored = encrypt_bytes(PDF)
    assert stored.startswith(f"bf1:{key_id(OLD)}:".encode()) and key_id_of_bytes(stored) == key_id(OLD)
    assert CANARY not in stored and b"%PDF" not in stored
    assert encrypt_bytes(PDF) != stored  # randomised
    assert decrypt_bytes(stored) == PDF


@pytest.mark.parametrize("stored", [PDF, b"", b"bf1:", b"bf1:XYZ12345:abc", b"bf1:0123456:abcd", b"\x89PNG\r\n"])
def test_anything_but_the_header_is_not_ours(stored: bytes) -> None:
    assert key_id_of_bytes(stored) is None
    with pytest.raises(SensitiveDataError, match="不是加密格式"):
        decrypt_bytes(stored)


def test_a_missing_or_wrong_key_fails_closed(use_keys: Any) -> None:
    use_keys(STRAY)
    under_stray = encrypt_bytes(PDF)
    use_keys(NEW, OLD)
    with pytest.raises(SensitiveDataError, match=f"密钥 {key_id(STRAY)} 未配置"):
        decrypt_bytes(under_stray)
    forged = f"bf1:{key_id(NEW)}:".encode() + Fernet(STRAY.encode()).encrypt(PDF)  # right id, wrong key
    with pytest.raises(SensitiveDataError, match="密钥不匹配或密文已被改动"):
        decrypt_bytes(forged)
    tampered = bytearray(encrypt_bytes(PDF))
    tampered[-5] ^= 1
    with pytest.raises(SensitiveDataError, match="密钥不匹配或密文已被改动"):
        decrypt_bytes(bytes(tampered))


def test_a_sealed_file_is_encrypted_on_disk_and_reads_back(new_evidence: Any, media: Path) -> None:
    evidence = new_evidence()
    seal_file(evidence.upload, "残疾证-张三丰.pdf", ContentFile(PDF))
    evidence.save()
    (name, on_disk), = _disk(media).items()
    assert name == evidence.upload.name and name.startswith("evidence/") and name.endswith(".pdf")
    assert "张三丰" not in name and CANARY not in on_disk and b"%PDF" not in on_disk
    assert key_id_of_bytes(on_disk) == sensitive.current_key_id()
    assert read_sealed(Evidence.objects.get(pk=evidence.pk).upload) == PDF


def test_a_clear_or_missing_file_is_refused(new_evidence: Any, media: Path) -> None:
    evidence = new_evidence()
    evidence.upload.save("legacy.pdf", ContentFile(PDF), save=True)  # as uploads were stored before sealing
    with pytest.raises(SensitiveDataError, match="文件未加密存储"):
        read_sealed(evidence.upload)
    evidence.upload.storage.delete(evidence.upload.name)
    with pytest.raises(FileNotFoundError):
        read_sealed(evidence.upload)


def test_the_response_streams_the_clear_bytes_with_a_neutral_name_never_cached() -> None:
    response = sealed_response(PDF, content_type="application/pdf", filename="evidence-7.pdf", as_attachment=True)
    assert response.getvalue() == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evidence-7.pdf"'
    assert response["Content-Length"] == str(len(PDF))
    assert (response["Cache-Control"], response["X-Content-Type-Options"]) == ("no-store", "nosniff")
    inline = sealed_response(PDF, content_type="image/png", filename="visit-1-photo.png", as_attachment=False)
    assert inline["Content-Disposition"] == 'inline; filename="visit-1-photo.png"'


def test_reencrypt_moves_sealed_files_to_the_new_key_and_seals_clear_ones(
        use_keys: Any, new_evidence: Any, media: Path, capsys: Any) -> None:
    use_keys(OLD)
    evidence = new_evidence()
    seal_file(evidence.upload, "a.pdf", PDF)
    evidence.save()
    legacy = Evidence.objects.create(hardship_file=evidence.hardship_file, kind="illness",
                                     upload=ContentFile(PDF + b"legacy", name="legacy.pdf"))
    old_names = {evidence.upload.name, legacy.upload.name}
    use_keys(NEW, OLD)

    call_command("reencrypt", dry_run=True)
    out = capsys.readouterr().out
    assert "people.Evidence.upload: 换用新密钥 1 个文件，加密明文 1 个文件" in out
    assert "需要重新加密 2 个文件；缺失 0 个文件。" in out
    assert set(_disk(media)) == old_names  # a dry run writes nothing

    call_command("reencrypt")
    assert "已重新加密 2 个文件；缺失 0 个文件。" in capsys.readouterr().out
    disk = _disk(media)
    rows = {row.pk: row.upload.name for row in Evidence.objects.all()}
    assert set(disk) == set(rows.values()) and not old_names & set(disk)  # old files deleted, rows follow
    assert all(key_id_of_bytes(data) == key_id(NEW) and CANARY not in data for data in disk.values())
    event = AuditEvent.objects.get(action="keys.reencrypt")
    assert event.changes["files"]["people.Evidence.upload"] == {"rotated": 1, "sealed": 1, "missing": 0}

    use_keys(NEW)  # the old key is gone: every file still reads
    assert read_sealed(Evidence.objects.get(pk=evidence.pk).upload) == PDF
    assert read_sealed(Evidence.objects.get(pk=legacy.pk).upload) == PDF + b"legacy"
    call_command("reencrypt")
    assert "已重新加密 0 个文件；缺失 0 个文件。" in capsys.readouterr().out


def test_a_missing_file_is_counted_not_fatal(new_evidence: Any, media: Path, capsys: Any) -> None:
    evidence = new_evidence()
    seal_file(evidence.upload, "a.pdf", PDF)
    evidence.save()
    evidence.upload.storage.delete(evidence.upload.name)
    call_command("reencrypt")
    captured = capsys.readouterr()
    assert "缺失 1 个文件" in captured.out and f"文件缺失 {evidence.upload.name}" in captured.err


def test_a_row_changed_meanwhile_keeps_its_new_file(use_keys: Any, new_evidence: Any, media: Path) -> None:
    use_keys(OLD)
    evidence = new_evidence()
    seal_file(evidence.upload, "a.pdf", PDF)
    evidence.save()
    stale = evidence.upload.name
    seal_file(evidence.upload, "b.pdf", PDF + b"newer")  # a concurrent edit replaced the file
    evidence.save()
    use_keys(NEW, OLD)
    model_field = Evidence._meta.get_field("upload")
    assert isinstance(model_field, models.FileField)
    assert reseal_file(Evidence, model_field, evidence.pk, stale) is False
    assert Evidence.objects.get(pk=evidence.pk).upload.name == evidence.upload.name
    assert set(_disk(media)) == {stale, evidence.upload.name}  # the rotated copy of the stale file is gone
    assert file_state(evidence.upload.storage, evidence.upload.name) is FileState.OLD_KEY


def test_sealed_fields_are_file_fields_classified_sensitive() -> None:
    resolved = {f"{model._meta.label}.{model_field.name}" for model, model_field in sealed_file_fields()}
    assert resolved == {f"{label}.{name}" for label, names in SEALED_FILE_FIELDS.items() for name in names}
    assert resolved >= {"people.Evidence.upload", "assistance.Visit.photo", "assistance.Visit.signature"}
    for model, model_field in sealed_file_fields():
        assert field_class(model, model_field.name) in ("sensitive", "minor")
