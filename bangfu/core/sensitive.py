"""Sensitive fields (PIPL Art. 28): encrypted at rest, a blind index for lookup, masked on display.

Keys come from `BANGFU_FIELD_KEYS` (comma-separated Fernet keys, newest first), never from SECRET_KEY,
so that a leaked SECRET_KEY or a database backup alone does not expose ID numbers. The blind index
uses `BANGFU_INDEX_KEY` (HMAC-SHA256) so equal values can be found and kept unique without decryption.
Decryption fails closed: a wrong or missing key raises `SensitiveDataError`; ciphertext is never shown.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


class SensitiveDataError(RuntimeError):
    """Encrypted data cannot be read with the configured keys (missing, wrong or rotated away)."""


def _key_file() -> Path:
    return Path(settings.VAR_DIR) / "field-keys.txt"


def _development_keys() -> tuple[list[str], str]:
    """Outside production, keys live in var/field-keys.txt (made once), never in the repository."""
    path = _key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fernet_key = Fernet.generate_key().decode()
        index_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
        path.write_text(f"{fernet_key}\n{index_key}\n", encoding="utf-8")
        path.chmod(0o600)
    fernet_key, index_key = path.read_text(encoding="utf-8").split()[:2]
    return [fernet_key], index_key


@lru_cache(maxsize=1)
def _keys() -> tuple[tuple[str, ...], bytes]:
    raw_keys = os.environ.get("BANGFU_FIELD_KEYS", "")
    raw_index = os.environ.get("BANGFU_INDEX_KEY", "")
    if raw_keys and raw_index:
        fernet_keys = [key.strip() for key in raw_keys.split(",") if key.strip()]
        index_key = raw_index
    elif getattr(settings, "PRODUCTION", False):
        raise SensitiveDataError("生产环境必须设置 BANGFU_FIELD_KEYS 和 BANGFU_INDEX_KEY（加密密钥与索引密钥）。")
    else:
        fernet_keys, index_key = _development_keys()
    return tuple(fernet_keys), index_key.encode()


def reset_key_cache() -> None:
    """Forget the loaded keys (after rotation, and in tests that change them)."""
    _keys.cache_clear()
    _cipher.cache_clear()


@lru_cache(maxsize=1)
def _cipher() -> MultiFernet:
    fernet_keys, _index = _keys()
    try:
        return MultiFernet([Fernet(key.encode()) for key in fernet_keys])
    except ValueError:
        raise SensitiveDataError("BANGFU_FIELD_KEYS 中的密钥格式不正确（应为 Fernet 密钥）。") from None


def encrypt(plaintext: str) -> str:
    return _cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        raise SensitiveDataError("无法解密敏感字段：密钥缺失或不匹配。") from None


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key (used by `manage.py reencrypt`)."""
    try:
        return _cipher().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise SensitiveDataError("无法解密敏感字段：密钥缺失或不匹配。") from None


def blind_index(normalized_value: str) -> str:
    """HMAC-SHA256 of an already-normalised value, hex. Same value → same index; no way back."""
    _fernet_keys, index_key = _keys()
    return hmac.new(index_key, normalized_value.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python sees plaintext. Never indexable: pair with a blind index."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
