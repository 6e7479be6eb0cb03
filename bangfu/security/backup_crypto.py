"""Whole-backup encryption: AES-256-GCM over 1 MiB chunks, streamed (memory stays at one chunk
whatever the database's size), under `BANGFU_BACKUP_KEY` — kept outside the database and apart from
the backups, like the field keys.

Why not `age`/`pyrage`: neither is in the package set this project may install from; `cryptography`
(already a dependency) provides AES-GCM, and the chunked construction below is the STREAM scheme of
Hoang–Reyhanitabar–Rogaway–Vizár ("online authenticated encryption"), which `age` uses as well.

File layout: `BFBK1` ‖ key id (8 ASCII hex) ‖ nonce prefix (7 random bytes) ‖ chunk size (4 bytes BE),
then chunks, each `length (4 bytes BE) ‖ ciphertext+tag`. Chunk i is sealed with nonce
`prefix ‖ i (4 bytes BE) ‖ last-flag (1 byte)` and the header as associated data, so reordering,
dropping, truncating (the last chunk carries the flag) or splicing chunks of another backup all fail.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

MAGIC = b"BFBK1"
CHUNK = 1 << 20
_HEADER = struct.Struct(">5s8s7sI")
_LENGTH = struct.Struct(">I")


class BackupCryptoError(RuntimeError):
    """The backup cannot be sealed or opened; the message is Chinese."""


def _key_id(secret: bytes) -> str:
    return hashlib.sha256(secret).hexdigest()[:8]


def generate_backup_key() -> str:
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def _development_keys() -> str:
    path = Path(settings.VAR_DIR) / "backup-keys.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_backup_key() + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


@lru_cache(maxsize=1)
def _keys() -> dict[str, bytes]:
    """Key id → 32-byte key, newest first (older keys open older backups)."""
    raw = os.environ.get("BANGFU_BACKUP_KEY", "")
    if not raw:
        if getattr(settings, "PRODUCTION", False):
            raise BackupCryptoError("生产环境必须设置 BANGFU_BACKUP_KEY（备份加密密钥）。")
        raw = _development_keys()
    keys: dict[str, bytes] = {}
    for part in (part.strip() for part in raw.split(",") if part.strip()):
        try:
            secret = base64.urlsafe_b64decode(part.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise BackupCryptoError("BANGFU_BACKUP_KEY 中的密钥格式不正确（应为 32 字节的 base64）。") from None
        if len(secret) != 32:
            raise BackupCryptoError("BANGFU_BACKUP_KEY 中的密钥长度不对（应为 32 字节，AES-256）。")
        keys[_key_id(secret)] = secret
    if not keys:
        raise BackupCryptoError("BANGFU_BACKUP_KEY 中没有密钥。")
    return keys


def reset_backup_key_cache() -> None:
    _keys.cache_clear()


def current_backup_key_id() -> str:
    return next(iter(_keys()))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def encrypt_stream(source: IO[bytes], target: IO[bytes], *, chunk: int = CHUNK) -> str:
    """Seal `source` into `target` under the newest backup key; returns the key id."""
    kid = current_backup_key_id()
    cipher = AESGCM(_keys()[kid])
    header = _HEADER.pack(MAGIC, kid.encode("ascii"), os.urandom(7), chunk)
    prefix = header[13:20]
    target.write(header)
    index, current = 0, source.read(chunk)
    while True:
        following = source.read(chunk) if current else b""
        last = not following
        sealed = cipher.encrypt(_nonce(prefix, index, last), current, header)
        target.write(_LENGTH.pack(len(sealed)) + sealed)
        if last:
            return kid
        if index == 0xFFFFFFFF:
            raise BackupCryptoError("备份过大：超过单个文件的分块上限。")
        index, current = index + 1, following


def _read_exact(source: IO[bytes], size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BackupCryptoError("备份文件不完整：在分块中间结束（文件被截断或损坏）。")
    return data


def decrypt_chunks(source: IO[bytes]) -> Iterator[bytes]:
    """The clear chunks of a sealed backup, checked one by one; BackupCryptoError on any damage."""
    header = source.read(_HEADER.size)
    if len(header) != _HEADER.size:
        raise BackupCryptoError("备份文件不是加密备份，或已损坏（文件头不完整）。")
    magic, raw_kid, prefix, chunk = _HEADER.unpack(header)
    if magic != MAGIC:
        raise BackupCryptoError("备份文件不是 Bangfu 加密备份（文件头不符）。")
    kid = raw_kid.decode("ascii", errors="replace")
    secret = _keys().get(kid)
    if secret is None:
        raise BackupCryptoError(f"备份密钥 {kid} 未配置（BANGFU_BACKUP_KEY）：配置正确的密钥后再恢复。")
    cipher = AESGCM(secret)
    index = 0
    while True:
        raw_length = source.read(_LENGTH.size)
        if len(raw_length) != _LENGTH.size:
            raise BackupCryptoError("备份文件被截断：缺少最后一个分块。")
        (length,) = _LENGTH.unpack(raw_length)
        if length > chunk + 16:
            raise BackupCryptoError(f"备份文件第 {index + 1} 个分块长度不正确（文件已损坏）。")
        sealed = _read_exact(source, length)
        for last in (False, True):
            try:
                clear = cipher.decrypt(_nonce(prefix, index, last), sealed, header)
            except InvalidTag:
                continue
            yield clear
            if last:
                if source.read(1):
                    raise BackupCryptoError("备份文件在最后一个分块之后还有数据（文件已被改动）。")
                return
            break
        else:
            raise BackupCryptoError(f"备份文件第 {index + 1} 个分块校验失败：文件已损坏、被改动，或密钥不符。")
        index += 1


def decrypt_stream(source: IO[bytes], target: IO[bytes]) -> None:
    for clear in decrypt_chunks(source):
        target.write(clear)
