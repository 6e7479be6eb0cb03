"""Sealed files: uploaded documents that are sensitive personal data (PIPL Art. 28), encrypted at rest.

Scans of diagnoses and disability certificates, visit photos and signatures are written to storage
encrypted with the field keys (`bangfu.core.sensitive.encrypt_bytes`): on disk a sealed file is
`bf1:<key id>:<Fernet token>`, so neither the disk nor a copy of MEDIA_ROOT in a backup shows its
contents, and the key id lets `manage.py reencrypt` move it to a new key.

    seal_file(evidence.upload, upload.name, upload)   # in the service, after the type/size checks
    data = read_sealed(evidence.upload)               # in the scoped, audited download view
    return sealed_response(data, content_type=..., filename="evidence-12.pdf", as_attachment=True)

Reading fails closed: a file whose key is missing or wrong, or a file stored in clear (from before
sealing), raises `SensitiveDataError`, which the security middleware answers with a 503 page; the
stored bytes are never sent. `manage.py reencrypt` seals any clear file of a field listed in
`SEALED_FILE_FIELDS`. Files are encrypted whole in memory: the callers accept at most 10 MB.
"""

from __future__ import annotations

import io
import logging
import posixpath
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from bangfu.core.sensitive import (
    BYTES_HEADER_LENGTH,
    SensitiveDataError,
    current_key_id,
    decrypt_bytes,
    encrypt_bytes,
    key_id_of_bytes,
)

log = logging.getLogger(__name__)

# The file fields whose contents are sealed: their services write with seal_file() and their views read
# with read_sealed(). `reencrypt` rotates (and, for files from before sealing, seals) exactly these.
SEALED_FILE_FIELDS: dict[str, tuple[str, ...]] = {
    "people.Evidence": ("upload",),
    "assistance.Visit": ("photo", "signature"),
    "reports.ImportJob": ("upload",),
    "training.TrainingSession": ("photo",),
    "legal.CaseDocument": ("upload",),
    "channel.ApplicationPhoto": ("upload",),
    "honours.TalkPhoto": ("image",),
}


def seal_file(field_file: FieldFile, name: str, content: bytes | File[Any]) -> None:
    """Store `content` encrypted under the newest key as the field's file. The model is not saved:
    the caller saves it in its transaction. `name` only gives the suffix to the field's `upload_to`."""
    field_file.save(name, ContentFile(encrypt_bytes(_all_bytes(content))), save=False)


def read_sealed(field_file: FieldFile) -> bytes:
    """The clear contents of a sealed file.

    FileNotFoundError when the file is gone (a view answers 404); SensitiveDataError when its key is
    missing or wrong or the file is not sealed (the middleware answers 503).
    """
    if not field_file.name:
        raise FileNotFoundError("no file")
    with field_file.storage.open(field_file.name, "rb") as handle:
        stored = handle.read()
    if key_id_of_bytes(stored) is None:
        log.error("refused a file stored in clear: %s (run manage.py reencrypt to seal it)", field_file.name)
        raise SensitiveDataError("文件未加密存储（早于加密上线）：请运行 manage.py reencrypt 加密后再读取。")
    return decrypt_bytes(stored)


def sealed_response(data: bytes, *, content_type: str, filename: str, as_attachment: bool) -> FileResponse:
    """Stream decrypted bytes: the given type, a neutral file name (never the person's), never cached."""
    response = FileResponse(io.BytesIO(data), content_type=content_type, as_attachment=as_attachment,
                            filename=filename)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _all_bytes(content: bytes | File[Any]) -> bytes:
    if isinstance(content, bytes):
        return content
    content.seek(0)
    data = content.read()
    return data if isinstance(data, bytes) else data.encode("utf-8")


# --- Rotation: `manage.py reencrypt` moves every sealed file to the newest key and seals clear ones. ---


class FileState(Enum):
    CURRENT = "current"  # sealed under the newest key
    OLD_KEY = "old_key"  # sealed under another key
    CLEAR = "clear"  # written before sealing
    MISSING = "missing"  # the row names a file that is not in storage


@dataclass
class FileCounts:
    rotated: int = 0
    sealed: int = 0
    missing: int = 0
    missing_names: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"rotated": self.rotated, "sealed": self.sealed, "missing": self.missing}


def sealed_file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    resolved = []
    for label, names in SEALED_FILE_FIELDS.items():
        model = apps.get_model(label)
        for name in names:
            model_field = model._meta.get_field(name)
            if not isinstance(model_field, models.FileField):
                raise ImproperlyConfigured(f"SEALED_FILE_FIELDS: {label}.{name} is not a FileField")
            resolved.append((model, model_field))
    return resolved


def file_state(storage: Storage, name: str) -> FileState:
    """What `reencrypt` has to do with a stored file (reads only its first bytes)."""
    try:
        with storage.open(name, "rb") as handle:
            head = handle.read(BYTES_HEADER_LENGTH)
    except FileNotFoundError:
        return FileState.MISSING
    kid = key_id_of_bytes(head)
    if kid is None:
        return FileState.CLEAR
    return FileState.CURRENT if kid == current_key_id() else FileState.OLD_KEY


def _stored_names(model: type[models.Model], field_name: str) -> Iterator[tuple[Any, str]]:
    rows = model._default_manager.exclude(**{field_name: ""}).exclude(**{f"{field_name}__isnull": True})
    yield from rows.order_by("pk").values_list("pk", field_name).iterator()


def _fresh_name(old_name: str) -> str:
    """A new random name in the same folder: the old file stays until the row points at the new one."""
    suffix = posixpath.splitext(old_name)[1].lower()[:8]
    return posixpath.join(posixpath.dirname(old_name), f"{uuid.uuid4().hex}{suffix}")


def reseal_file(model: type[models.Model], model_field: models.FileField, pk: Any, name: str) -> bool:
    """Write the file again under the newest key (decrypting it, or taking it as clear), point the row at
    the new file only if it still names the old one, then delete the old file. True if the row moved."""
    storage = model_field.storage
    with storage.open(name, "rb") as handle:
        stored = handle.read()
    clear = stored if key_id_of_bytes(stored) is None else decrypt_bytes(stored)
    new_name = storage.save(_fresh_name(name), ContentFile(encrypt_bytes(clear)))
    with transaction.atomic():
        moved = model._default_manager.filter(pk=pk, **{model_field.name: name}).update(**{model_field.name: new_name})
    storage.delete(name if moved else new_name)  # a concurrent change won: its file is already sealed
    return bool(moved)


def reseal_field(model: type[models.Model], model_field: models.FileField, *, dry_run: bool) -> FileCounts:
    counts = FileCounts()
    for pk, name in _stored_names(model, model_field.name):
        state = file_state(model_field.storage, name)
        if state is FileState.MISSING:
            counts.missing += 1
            counts.missing_names.append(name)
            continue
        if state is FileState.CURRENT or (not dry_run and not reseal_file(model, model_field, pk, name)):
            continue
        if state is FileState.CLEAR:
            counts.sealed += 1
        else:
            counts.rotated += 1
    return counts


def reseal_files(*, dry_run: bool = False) -> dict[str, FileCounts]:
    """Every file of SEALED_FILE_FIELDS under the newest key: {"app.Model.field": counts}."""
    return {
        f"{model._meta.label}.{model_field.name}": reseal_field(model, model_field, dry_run=dry_run)
        for model, model_field in sealed_file_fields()
    }
