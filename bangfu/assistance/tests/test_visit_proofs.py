"""Visit proofs (photo, signature) through the real visit form: encrypted on disk (canary), decrypted when
shown, never cached, fail-closed (503) on a key that does not fit, in scope only, audited."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bangfu.assistance.models import Visit
from bangfu.assistance.services import lists
from bangfu.assistance.tests.factories import make_person
from bangfu.core import sensitive
from bangfu.core.models import AuditEvent
from bangfu.core.sensitive import key_id, key_id_of_bytes

pytestmark = pytest.mark.django_db

CANARY = "CANARY-c4e8 家中病床 孩子".encode()
PNG = b"\x89PNG\r\n\x1a\n" + CANARY + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + CANARY


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def entry(bj: Any, campaign: Any, district: Any, approver: Any) -> Any:
    make_person(bj["street"], "张三丰", honours=["national_model"])
    blist = lists.submit_list(actor=district, blist=lists.build_list(actor=district, program=campaign,
                                                                    unit=bj["dongcheng"]))
    return lists.approve_list(actor=approver, blist=blist).entries.get(person__name="张三丰")


def _record(client: Any, entry: Any, **files: Any) -> Visit:
    response = client.post(reverse("assistance:visit_create", kwargs={"pk": entry.pk}), {
        "idempotency_key": "proof-1", "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "place": "家中",
        "cash": "",
        "fubao_count": "1", "goods_description": "", "goods_value": "", "note": "", "signature_data": "", **files,
    })
    assert response.status_code == 302, response.content.decode()
    return Visit.objects.get(person=entry.person)


def _proof(client: Any, visit: Visit, kind: str) -> Any:
    return client.get(reverse("assistance:visit_proof", kwargs={"pk": visit.pk, "kind": kind}))


def test_photo_and_signature_are_encrypted_on_disk_and_shown_decrypted(entry: Any, worker: Any, login: Any,
                                                                       media: Path) -> None:
    client = login(worker)
    visit = _record(client, entry, photo=SimpleUploadedFile("张三丰家.jpg", JPEG, content_type="image/jpeg"),
                    signature_data="data:image/png;base64," + base64.b64encode(PNG).decode())
    disk = {path.relative_to(media).as_posix(): path.read_bytes() for path in media.rglob("*") if path.is_file()}
    assert set(disk) == {visit.photo.name, visit.signature.name} and "张三丰" not in visit.photo.name
    assert all(CANARY not in data and key_id_of_bytes(data) == sensitive.current_key_id() for data in disk.values())

    for kind, data, content_type, extension in (("photo", JPEG, "image/jpeg", "jpg"),
                                                ("signature", PNG, "image/png", "png")):
        response = _proof(client, visit, kind)
        assert response.status_code == 200 and b"".join(response.streaming_content) == data
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'inline; filename="visit-{visit.pk}-{kind}.{extension}"'
        assert response["Cache-Control"] == "no-store" and response["X-Content-Type-Options"] == "nosniff"
    events = AuditEvent.objects.filter(action="assistance.visit_proof_view", actor_id=worker.pk)
    assert sorted(event.changes["kind"] for event in events) == ["photo", "signature"]


def test_proofs_outside_scope_are_404(entry: Any, worker: Any, login: Any, make_user: Any, bj: Any,
                                      media: Path) -> None:
    visit = _record(login(worker), entry, photo=SimpleUploadedFile("p.png", PNG, content_type="image/png"))
    stranger = make_user("street_social_worker", bj["xicheng"])
    response = _proof(login(stranger), visit, "photo")
    assert response.status_code == 404 and CANARY not in response.content
    assert not AuditEvent.objects.filter(action="assistance.visit_proof_view").exists()
    assert _proof(login(worker), visit, "signature").status_code == 404  # none was given


def test_a_proof_under_a_key_not_configured_fails_closed(entry: Any, worker: Any, login: Any,
                                                         media: Path) -> None:
    client = login(worker)
    visit = _record(client, entry, photo=SimpleUploadedFile("p.png", PNG, content_type="image/png"))
    stray = Fernet.generate_key().decode()
    (media / visit.photo.name).write_bytes(f"bf1:{key_id(stray)}:".encode() + Fernet(stray.encode()).encrypt(PNG))
    response = _proof(client, visit, "photo")
    assert response.status_code == 503 and "敏感数据无法解密" in response.content.decode()
    assert CANARY not in response.content and b"bf1:" not in response.content
    assert not AuditEvent.objects.filter(action="assistance.visit_proof_view").exists()
    assert AuditEvent.objects.filter(action="sensitive.decrypt_failed").count() == 1
