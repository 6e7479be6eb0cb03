"""Evidence files through the real pages: encrypted on disk (canary), decrypted on download with a neutral
name and no caching, fail-closed (503) on a wrong or missing key or a clear file, scoped and audited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from bangfu.core import sensitive
from bangfu.core.models import AuditEvent, FieldKeyCheck
from bangfu.core.sensitive import key_id, key_id_of_bytes
from bangfu.people.models import Evidence
from bangfu.people.tests.helpers import apply_family

pytestmark = pytest.mark.django_db

CANARY = "CANARY-9b2d 精神障碍 诊断".encode()
PDF = b"%PDF-1.4\n1 0 obj << /Title (" + CANARY + b") >> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + CANARY + b"\xff\xd9"
STRAY = Fernet.generate_key().decode()


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def worker(org_tree: Any, make_user: Any) -> Any:
    return make_user("street_social_worker", org_tree["wushan"])


def _upload(client: Any, worker: Any, org_tree: Any, name: str, data: bytes, content_type: str) -> Evidence:
    hardship_file = apply_family(worker, org_tree["wushan"], head="王小明")
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    response = client.post(reverse("people:evidence_upload", args=[hardship_file.household_id]),
                           {"kind": "illness", "upload": upload})
    assert response.status_code == 302
    return Evidence.objects.get(hardship_file=hardship_file)


def _disk(media: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in media.rglob("*") if path.is_file()}


def _download(client: Any, evidence: Evidence) -> Any:
    return client.get(reverse("people:evidence_download", args=[evidence.pk]))


@pytest.mark.parametrize(("name", "data", "content_type", "suffix"), [
    ("诊断证明-王小明.pdf", PDF, "application/pdf", ".pdf"),
    ("残疾证-王小明.JPG", JPEG, "image/jpeg", ".jpg"),
])
def test_the_canary_never_reaches_the_disk_and_comes_back_on_download(
        login: Any, worker: Any, org_tree: Any, media: Path, name: str, data: bytes, content_type: str,
        suffix: str) -> None:
    client = login(worker)
    evidence = _upload(client, worker, org_tree, name, data, content_type)
    disk = _disk(media)
    assert list(disk) == [media / evidence.upload.name]
    (stored,) = disk.values()
    assert CANARY not in stored and data[:4] not in stored and "王小明" not in evidence.upload.name
    assert key_id_of_bytes(stored) == sensitive.current_key_id()
    assert (evidence.content_type, evidence.size_bytes, evidence.original_name) == (content_type, len(data), name)

    response = _download(client, evidence)
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="evidence-{evidence.pk}{suffix}"'
    assert response["Cache-Control"] == "no-store" and response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="people.evidence.download")
    assert event.actor_id == worker.pk and event.changes == {"evidence": evidence.pk, "kind": "illness"}


def test_outside_scope_is_404_and_not_audited_as_a_download(login: Any, worker: Any, org_tree: Any,
                                                             make_user: Any, media: Path) -> None:
    evidence = _upload(login(worker), worker, org_tree, "a.pdf", PDF, "application/pdf")
    stranger = make_user("street_social_worker", org_tree["chigang"])
    response = _download(login(stranger), evidence)
    assert response.status_code == 404 and CANARY not in response.content
    assert not AuditEvent.objects.filter(action="people.evidence.download").exists()
    assert AuditEvent.objects.filter(action="access.not_found", actor_id=stranger.pk).count() == 1
    district = make_user("district_officer", org_tree["tianhe"])
    assert b"".join(_download(login(district), evidence).streaming_content) == PDF


@pytest.mark.parametrize("seal", ["missing key", "wrong key", "tampered"])
def test_a_file_that_does_not_decrypt_fails_closed_with_503(login: Any, worker: Any, org_tree: Any, media: Path,
                                                            seal: str) -> None:
    client = login(worker)
    evidence = _upload(client, worker, org_tree, "a.pdf", PDF, "application/pdf")
    path = media / evidence.upload.name
    token = Fernet(STRAY.encode()).encrypt(PDF)
    path.write_bytes({
        "missing key": f"bf1:{key_id(STRAY)}:".encode() + token,
        "wrong key": f"bf1:{sensitive.current_key_id()}:".encode() + token,
        "tampered": path.read_bytes()[:-6] + b"AAAAAA",
    }[seal])
    response = _download(client, evidence)
    body = response.content
    assert response.status_code == 503 and "敏感数据无法解密" in body.decode()
    assert CANARY not in body and b"bf1:" not in body and token not in body
    assert not AuditEvent.objects.filter(action="people.evidence.download").exists()
    assert AuditEvent.objects.get(action="sensitive.decrypt_failed").outcome == "failure"


def test_a_clear_file_from_before_sealing_is_refused_until_reencrypt_seals_it(
        login: Any, worker: Any, org_tree: Any, media: Path) -> None:
    client = login(worker)
    evidence = _upload(client, worker, org_tree, "a.pdf", PDF, "application/pdf")
    legacy = media / evidence.upload.name
    legacy.write_bytes(PDF)  # what an upload looked like before sealing
    response = _download(client, evidence)
    assert response.status_code == 503 and CANARY not in response.content

    call_command("reencrypt")
    evidence.refresh_from_db()
    assert not legacy.exists() and all(CANARY not in data for data in _disk(media).values())
    assert b"".join(_download(client, evidence).streaming_content) == PDF


def test_a_file_gone_from_disk_is_404(login: Any, worker: Any, org_tree: Any, media: Path) -> None:
    client = login(worker)
    evidence = _upload(client, worker, org_tree, "a.pdf", PDF, "application/pdf")
    (media / evidence.upload.name).unlink()
    assert _download(client, evidence).status_code == 404


@pytest.fixture
def only_env_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Keys from the environment, and a database that has not yet seen any key (as on a new install)."""
    FieldKeyCheck.objects.all().delete()

    def use(*keys: str) -> None:
        monkeypatch.setenv("BANGFU_FIELD_KEYS", ",".join(keys))
        monkeypatch.setenv("BANGFU_INDEX_KEY", "index-key-for-evidence")
        sensitive.reset_key_cache()

    yield use
    monkeypatch.delenv("BANGFU_FIELD_KEYS", raising=False)
    monkeypatch.delenv("BANGFU_INDEX_KEY", raising=False)
    sensitive.reset_key_cache()


def test_after_rotation_the_old_key_can_go(only_env_keys: Any, login: Any, worker: Any, org_tree: Any,
                                           media: Path) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    only_env_keys(old)
    client = login(worker)
    evidence = _upload(client, worker, org_tree, "a.pdf", PDF, "application/pdf")
    assert key_id_of_bytes((media / evidence.upload.name).read_bytes()) == key_id(old)
    only_env_keys(new, old)
    assert b"".join(_download(client, evidence).streaming_content) == PDF  # both keys read meanwhile
    call_command("reencrypt")
    only_env_keys(new)
    evidence.refresh_from_db()
    (stored,) = _disk(media).values()
    assert key_id_of_bytes(stored) == key_id(new) and CANARY not in stored
    assert b"".join(_download(client, evidence).streaming_content) == PDF
