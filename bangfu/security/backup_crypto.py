"""Whole-backup encryption with age (through `pyrage`), streamed: memory stays at age's 64 KiB chunk whatever
the database's size. The keys are age X25519 identities in `BANGFU_BACKUP_KEY` — kept outside the database
and apart from the backups, like the field keys; comma-separated, newest first (older ones open older
backups). A backup is encrypted to the newest identity's public recipient.

age's payload is the STREAM construction (ChaCha20-Poly1305 per chunk, the last chunk flagged), so a flipped
byte, reordered or dropped chunks, a cut tail and bytes appended after the end are all refused; we add only a
one-line prefix naming the key (`BFBK2 <key id>\\n`, the id being the first 8 hex digits of SHA-256 of the
recipient), so that a restore can say which key is missing instead of "no matching key".
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import IO

import pyrage
from django.conf import settings
from pyrage import x25519

from bangfu.core.keyfiles import read_or_create

MAGIC = b"BFBK2 "
_PREFIX_LENGTH = len(MAGIC) + 8 + 1
CIPHER = "age v1 (X25519, ChaCha20-Poly1305 STREAM), pyrage"


class BackupCryptoError(RuntimeError):
    """The backup cannot be sealed or opened; the message is Chinese."""


def _key_id(identity: x25519.Identity) -> str:
    return hashlib.sha256(str(identity.to_public()).encode("ascii")).hexdigest()[:8]


def generate_backup_key() -> str:
    return str(x25519.Identity.generate())


def _development_keys() -> str:
    # A file of its own (the earlier AES keys lived in backup-keys.txt and are not age identities).
    path = Path(settings.VAR_DIR) / "backup-identities.txt"
    return read_or_create(path, lambda: generate_backup_key() + "\n").strip()


@lru_cache(maxsize=1)
def _keys() -> dict[str, x25519.Identity]:
    """Key id → age identity, newest first."""
    raw = os.environ.get("BANGFU_BACKUP_KEY", "")
    if not raw:
        if getattr(settings, "PRODUCTION", False):
            raise BackupCryptoError("生产环境必须设置 BANGFU_BACKUP_KEY（备份加密密钥）。")
        raw = _development_keys()
    keys: dict[str, x25519.Identity] = {}
    for part in (part.strip() for part in raw.split(",") if part.strip()):
        try:
            identity = x25519.Identity.from_str(part)
        except (pyrage.IdentityError, ValueError):
            raise BackupCryptoError(
                "BANGFU_BACKUP_KEY 中的密钥格式不正确（应为 age 私钥 AGE-SECRET-KEY-1…，"
                "可用 manage.py backup --generate-key 生成）。") from None
        keys[_key_id(identity)] = identity
    if not keys:
        raise BackupCryptoError("BANGFU_BACKUP_KEY 中没有密钥。")
    return keys


def reset_backup_key_cache() -> None:
    _keys.cache_clear()


def current_backup_key_id() -> str:
    return next(iter(_keys()))


def encrypt_stream(source: IO[bytes], target: IO[bytes]) -> str:
    """Seal `source` into `target` for the newest backup key; returns the key id."""
    kid = current_backup_key_id()
    target.write(MAGIC + kid.encode("ascii") + b"\n")
    try:
        pyrage.encrypt_io(source, target, [_keys()[kid].to_public()])
    except (pyrage.EncryptError, OSError) as error:
        raise BackupCryptoError(f"备份加密失败：{error}") from None
    return kid


def _identity_for(source: IO[bytes]) -> x25519.Identity:
    prefix = source.read(_PREFIX_LENGTH)
    if len(prefix) != _PREFIX_LENGTH or not prefix.startswith(MAGIC) or not prefix.endswith(b"\n"):
        raise BackupCryptoError("备份文件不是 Bangfu 加密备份（文件头不符）。")
    kid = prefix[len(MAGIC):-1].decode("ascii", errors="replace")
    identity = _keys().get(kid)
    if identity is None:
        raise BackupCryptoError(f"备份密钥 {kid} 未配置（BANGFU_BACKUP_KEY）：配置正确的密钥后再恢复。")
    return identity


def decrypt_stream(source: IO[bytes], target: IO[bytes]) -> None:
    """Open a sealed backup into `target`. Only authenticated chunks are written; any damage, cut or
    appended bytes raise BackupCryptoError (the caller discards what was written)."""
    identity = _identity_for(source)
    try:
        pyrage.decrypt_io(source, target, [identity])
    except BrokenPipeError:
        raise  # the reader (pg_restore) stopped: its own message says why
    except (pyrage.DecryptError, OSError):
        raise BackupCryptoError(
            "备份文件校验失败：文件已损坏、被截断、被改动，或不是用该密钥加密的。") from None
