"""The audit key: the chain of audit events is a keyed MAC (HMAC-SHA256) under a key kept outside the
database and outside backups, so that someone who can write the database cannot forge a row.

`BANGFU_AUDIT_KEY` holds comma-separated keys, newest first (urlsafe base64 of 32 random bytes). New
events are sealed with the newest key; every event stores its key id (first 8 hex digits of the key's
SHA-256), so older events stay verifiable while their key is still listed. Rotation: put a new key
(`manage.py reencrypt --generate-audit-key`) first, restart, run `manage.py reencrypt` (it records the
switch under the new key); keep the old keys listed for as long as their events must verify.

Outside production the keys live in `var/audit-keys.txt` (made once), never in the repository.

Checkpoints are signed with Ed25519; the signing key is derived from the audit key (HKDF), so there
is no second secret to keep, and `manage.py audit_checkpoint --public-key` prints what an outside
party needs to check a checkpoint file without being able to write one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from bangfu.core.keyfiles import read_or_create
from bangfu.core.sensitive import SensitiveDataError


@dataclass(frozen=True)
class AuditKeys:
    secrets: dict[str, bytes]  # key id → key bytes, newest first
    newest: str


def audit_key_id(secret: bytes) -> str:
    return hashlib.sha256(secret).hexdigest()[:8]


def generate_audit_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def _decode(raw: str) -> bytes:
    try:
        secret = base64.urlsafe_b64decode(raw.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise SensitiveDataError("BANGFU_AUDIT_KEY 中的密钥格式不正确（应为 32 字节的 base64）。") from None
    if len(secret) < 32:
        raise SensitiveDataError("BANGFU_AUDIT_KEY 中的密钥太短（至少 32 字节）。")
    return secret


def _development_keys() -> str:
    path = Path(settings.VAR_DIR) / "audit-keys.txt"
    return read_or_create(path, lambda: generate_audit_key() + "\n").strip()


@lru_cache(maxsize=1)
def _keys() -> AuditKeys:
    raw = os.environ.get("BANGFU_AUDIT_KEY", "")
    if not raw:
        if getattr(settings, "PRODUCTION", False):
            raise SensitiveDataError("生产环境必须设置 BANGFU_AUDIT_KEY（审计日志密钥）。")
        raw = _development_keys()
    secrets = {}
    for part in (part for part in raw.split(",") if part.strip()):
        secret = _decode(part)
        secrets[audit_key_id(secret)] = secret
    if not secrets:
        raise SensitiveDataError("BANGFU_AUDIT_KEY 中没有密钥。")
    return AuditKeys(secrets=secrets, newest=next(iter(secrets)))


def reset_audit_key_cache() -> None:
    _keys.cache_clear()
    _signing_key.cache_clear()


def current_audit_key_id() -> str:
    return _keys().newest


def configured_audit_key_ids() -> tuple[str, ...]:
    return tuple(_keys().secrets)


def mac(kid: str, message: bytes) -> str | None:
    """HMAC-SHA256 of `message` under the key `kid`, hex; None when that key is not configured."""
    secret = _keys().secrets.get(kid)
    if secret is None:
        return None
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


@lru_cache(maxsize=8)
def _signing_key(kid: str) -> Ed25519PrivateKey | None:
    secret = _keys().secrets.get(kid)
    if secret is None:
        return None
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"bangfu audit checkpoint").derive(secret)
    return Ed25519PrivateKey.from_private_bytes(seed)


def sign(kid: str, message: bytes) -> str:
    key = _signing_key(kid)
    if key is None:
        raise SensitiveDataError(f"审计密钥 {kid} 未配置（BANGFU_AUDIT_KEY）。")
    return base64.b64encode(key.sign(message)).decode("ascii")


def verify_signature(kid: str, message: bytes, signature: str) -> bool | None:
    """True/False; None when the key `kid` is not configured (cannot tell)."""
    from cryptography.exceptions import InvalidSignature

    key = _signing_key(kid)
    if key is None:
        return None
    try:
        key.public_key().verify(base64.b64decode(signature), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def public_key(kid: str | None = None) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = _signing_key(kid or current_audit_key_id())
    assert key is not None
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")
