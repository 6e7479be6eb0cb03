"""Sensitive fields (PIPL Art. 28): encrypted at rest, a blind index for lookup, masked on display.

Keys come from `BANGFU_FIELD_KEYS` (comma-separated Fernet keys, newest first), never from SECRET_KEY,
so that a leaked SECRET_KEY or a database backup alone does not expose ID numbers. The blind index
uses `BANGFU_INDEX_KEY` (HMAC-SHA256) so equal values can be found and kept unique without decryption.
Its rotation: `BANGFU_INDEX_KEY=new,old`, restart, `manage.py reencrypt` rebuilds every index under the new
key (lookups accept the old index meanwhile, see `blind_indexes`), then drop the old key.

A stored value carries the id of the key that encrypted it: `bf1:<key id>:<Fernet token>`, the key id
being the first 8 hex digits of the key's SHA-256 (it names a key without revealing it). Rotation:
put a new key first in `BANGFU_FIELD_KEYS`, restart, run `manage.py reencrypt`, then drop the old key.

Decryption fails closed: a wrong or missing key raises `SensitiveDataError`; ciphertext is never shown.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from bangfu.core.idnumbers import IdNumberError, IdNumberFacts, normalize_id_number, parse_id_number
from bangfu.core.keyfiles import read_or_create

TOKEN_PREFIX = "bf1"  # noqa: S105 - a format marker, not a secret


class SensitiveDataError(RuntimeError):
    """Encrypted data cannot be read with the configured keys (missing, wrong or rotated away)."""


@dataclass(frozen=True)
class FieldKeys:
    """The loaded keys: Fernet keys by key id (newest first) and the blind-index key."""

    ciphers: dict[str, Fernet]
    newest: str
    index_keys: tuple[bytes, ...]  # newest first; older ones only while `reencrypt` rebuilds the index

    @property
    def index_key(self) -> bytes:
        return self.index_keys[0]


def key_id(key: str) -> str:
    """A short public name of a key: first 8 hex digits of its SHA-256."""
    return hashlib.sha256(key.strip().encode("ascii")).hexdigest()[:8]


def generate_field_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _key_file() -> Path:
    return Path(settings.VAR_DIR) / "field-keys.txt"


def _new_key_file_text() -> str:
    index_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    return f"{generate_field_key()}\n{index_key}\n"


def _development_keys() -> tuple[list[str], str]:
    """Outside production, keys live in var/field-keys.txt (made once), never in the repository.

    Line 1: Fernet keys, comma-separated, newest first; line 2: the index key.
    """
    path = _key_file()
    lines = read_or_create(path, _new_key_file_text).split()
    if len(lines) < 2:
        raise SensitiveDataError(f"密钥文件 {path} 不完整：第一行应为加密密钥，第二行应为索引密钥。")
    return [key for key in lines[0].split(",") if key], lines[1]


@lru_cache(maxsize=1)
def _keys() -> FieldKeys:
    raw_keys = os.environ.get("BANGFU_FIELD_KEYS", "")
    raw_index = os.environ.get("BANGFU_INDEX_KEY", "")
    if raw_keys and raw_index:
        fernet_keys = [key.strip() for key in raw_keys.split(",") if key.strip()]
        index_key = raw_index
    elif getattr(settings, "PRODUCTION", False):
        raise SensitiveDataError("生产环境必须设置 BANGFU_FIELD_KEYS 和 BANGFU_INDEX_KEY（加密密钥与索引密钥）。")
    else:
        fernet_keys, index_key = _development_keys()
    if not fernet_keys:
        raise SensitiveDataError("BANGFU_FIELD_KEYS 中没有加密密钥。")
    ciphers: dict[str, Fernet] = {}
    for key in fernet_keys:
        try:
            ciphers[key_id(key)] = Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise SensitiveDataError("BANGFU_FIELD_KEYS 中的密钥格式不正确（应为 Fernet 密钥）。") from None
    index_keys = tuple(key.strip().encode("utf-8") for key in index_key.split(",") if key.strip())
    if not index_keys:
        raise SensitiveDataError("BANGFU_INDEX_KEY 中没有索引密钥。")
    return FieldKeys(ciphers=ciphers, newest=key_id(fernet_keys[0]), index_keys=index_keys)


def reset_key_cache() -> None:
    """Forget the loaded keys (after rotation, and in tests that change them)."""
    _keys.cache_clear()


def current_key_id() -> str:
    return _keys().newest


def key_id_of(stored: str) -> str | None:
    """The key id a stored value was encrypted with; None for a value without one (legacy token)."""
    if stored.startswith(TOKEN_PREFIX + ":"):
        return stored.split(":", 2)[1]
    return None


def encrypt(plaintext: str) -> str:
    keys = _keys()
    token = keys.ciphers[keys.newest].encrypt(plaintext.encode("utf-8")).decode("ascii")
    return f"{TOKEN_PREFIX}:{keys.newest}:{token}"


def decrypt(stored: str) -> str:
    keys = _keys()
    kid = key_id_of(stored)
    try:
        if kid is None:  # a bare Fernet token from before key ids: try every configured key
            return MultiFernet(list(keys.ciphers.values())).decrypt(stored.encode("ascii")).decode("utf-8")
        cipher = keys.ciphers.get(kid)
        if cipher is None:
            raise SensitiveDataError(f"无法解密敏感字段：密钥 {kid} 未配置（BANGFU_FIELD_KEYS）。")
        return cipher.decrypt(stored.split(":", 2)[2].encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError, UnicodeError):
        raise SensitiveDataError("无法解密敏感字段：密钥缺失或不匹配。") from None


# --- Bytes (stored files, see bangfu.core.files): the same keys and the same `bf1:<key id>:` prefix. ---

BYTES_PREFIX = f"{TOKEN_PREFIX}:".encode("ascii")
BYTES_HEADER_LENGTH = len(BYTES_PREFIX) + 8 + 1  # b"bf1:" + 8 hex digits of the key id + b":"
_HEX_DIGITS = frozenset(b"0123456789abcdef")


def encrypt_bytes(data: bytes) -> bytes:
    """`b"bf1:<key id>:<Fernet token>"` under the newest key (the token is ASCII, ~4/3 of the data)."""
    keys = _keys()
    return f"{TOKEN_PREFIX}:{keys.newest}:".encode("ascii") + keys.ciphers[keys.newest].encrypt(data)


def key_id_of_bytes(stored: bytes) -> str | None:
    """The key id encrypted bytes name; None when they do not begin `bf1:<key id>:` (e.g. a clear file)."""
    head = stored[:BYTES_HEADER_LENGTH]
    kid = head[len(BYTES_PREFIX):-1]
    if len(head) != BYTES_HEADER_LENGTH or not head.startswith(BYTES_PREFIX) or not head.endswith(b":"):
        return None
    return kid.decode("ascii") if set(kid) <= _HEX_DIGITS else None


def decrypt_bytes(stored: bytes) -> bytes:
    """The clear bytes of `encrypt_bytes` output; SensitiveDataError if not encrypted, key missing or wrong."""
    kid = key_id_of_bytes(stored)
    if kid is None:
        raise SensitiveDataError("无法解密：数据不是加密格式（应以 bf1:<密钥 id>: 开头）。")
    cipher = _keys().ciphers.get(kid)
    if cipher is None:
        raise SensitiveDataError(f"无法解密：密钥 {kid} 未配置（BANGFU_FIELD_KEYS）。")
    try:
        return cipher.decrypt(stored[BYTES_HEADER_LENGTH:])
    except InvalidToken:
        raise SensitiveDataError("无法解密：密钥不匹配或密文已被改动。") from None


def needs_rotation(stored: str) -> bool:
    return bool(stored) and key_id_of(stored) != current_key_id()


def rotate(stored: str) -> str:
    """Re-encrypt a stored value under the newest key (used by `manage.py reencrypt`)."""
    return encrypt(decrypt(stored))


def blind_index(normalized_value: str) -> str:
    """HMAC-SHA256 of an already-normalised value, hex. Same value → same index; no way back."""
    return hmac.new(_keys().index_key, normalized_value.encode("utf-8"), hashlib.sha256).hexdigest()


def blind_indexes(normalized_value: str) -> tuple[str, ...]:
    """The value's index under every configured index key, newest first. While a new index key is being
    rolled out (`BANGFU_INDEX_KEY=new,old`, `manage.py reencrypt` rebuilding), a record may still carry its
    old index: lookups and uniqueness checks match any of these."""
    value = normalized_value.encode("utf-8")
    return tuple(hmac.new(key, value, hashlib.sha256).hexdigest() for key in _keys().index_keys)


def index_rotation_pending() -> bool:
    return len(_keys().index_keys) > 1


def blind_indexed_fields(model: type[models.Model]) -> dict[str, str]:
    """index field → value field, as the model declares them (`BLIND_INDEXES = {"id_index": "id_number"}`)."""
    return dict(getattr(model, "BLIND_INDEXES", {}))


class EncryptedExact(Exact):
    """`field=""` / `field=None` only: ciphertext is randomised, so equality on a value never matches."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                f"加密字段“{self.lhs.target.name}”不能按值查询（密文每次不同）：请按它的盲索引字段查询。"
            )
        return self.rhs


class EncryptedTextField(models.TextField):
    """Stores `bf1:<key id>:<Fernet token>`; Python sees plaintext. Never indexable: pair with a blind index."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return EncryptedExact
        raise FieldError(f"加密字段“{self.name}”不支持“{lookup_name}”查询：请使用盲索引字段。")


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]


# --- Resident ID numbers: one value sets the encrypted number, its blind index, sex and birth date. ----


def validate_id_number(value: Any) -> None:
    """Django validator: a GB 11643-1999 number (check digit, birth date, region), message in Chinese."""
    try:
        parse_id_number(value)
    except IdNumberError as error:
        raise ValidationError(str(error), code="invalid_id_number") from None


def id_number_index(value: Any) -> str:
    """The blind index of an ID number as typed (spaces, lower-case `x` and Excel floats allowed)."""
    return blind_index(normalize_id_number(value))


class IdNumberField(EncryptedTextField):
    """An encrypted resident ID number: validated, stored upper-case (`x` → `X`)."""

    default_validators = [validate_id_number]

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalize_id_number(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        if value not in (None, ""):
            value = normalize_id_number(value)
        return super().get_prep_value(value)


class IdNumberMixin:
    """For a model holding an encrypted ID number and its unique blind index (e.g. people.Person).

    `person.set_id_number("110105 19900101 002x")` validates, stores `…002X` encrypted, the blind
    index, and — when the model has them — sex and birth date derived from the number.
    """

    ID_NUMBER_FIELD = "id_number"
    ID_INDEX_FIELD = "id_index"

    def set_id_number(self, value: Any) -> IdNumberFacts:
        facts = parse_id_number(value)
        setattr(self, self.ID_NUMBER_FIELD, facts.number)
        setattr(self, self.ID_INDEX_FIELD, blind_index(facts.number))
        if hasattr(self, "sex"):
            setattr(self, "sex", facts.sex)  # noqa: B010 - the mixin does not declare the model's fields
        if hasattr(self, "birth_date"):
            setattr(self, "birth_date", facts.birth_date)  # noqa: B010
        return facts


def find_by_id_number(queryset: models.QuerySet[Any], value: Any, index_field: str = "id_index") -> Any:
    """Records whose ID number equals `value`, through the blind index (never decrypting)."""
    return queryset.filter(**{f"{index_field}__in": blind_indexes(normalize_id_number(value))})


# --- The keys and the database belong together: a restore without the right keys refuses to serve. ---

KEY_CHECK_PLAINTEXT = "bangfu-key-check"


def check_keys_against_database(using: str = "default", *, record_new_key: bool = True) -> None:
    """Raise SensitiveDataError unless the configured keys are the ones this database was written with.

    Each key leaves one row in `core.FieldKeyCheck`: a known text encrypted under it and the blind
    index of that text. The keys fit when one row decrypts and the index key gives the same index.
    A database without rows (new install) gets one for the newest key (unless `record_new_key` is off:
    checking a restored copy must not write to it).
    """
    from django.db import IntegrityError, transaction

    from bangfu.core.models import FieldKeyCheck

    keys = _keys()
    expected_index = blind_index(KEY_CHECK_PLAINTEXT)
    rows = list(FieldKeyCheck.objects.using(using).order_by("-id"))
    if rows:
        if rows[0].index_check not in blind_indexes(KEY_CHECK_PLAINTEXT):  # an older key: rotation under way
            raise SensitiveDataError("索引密钥（BANGFU_INDEX_KEY）与本数据库不匹配：系统拒绝提供服务。")
        readable = [row for row in rows if row.key_id in keys.ciphers and _reads(row.token)]
        if not readable:
            raise SensitiveDataError("加密密钥（BANGFU_FIELD_KEYS）与本数据库不匹配或缺失：系统拒绝提供服务。")
        if any(row.key_id == keys.newest for row in rows):
            return
    if not record_new_key:
        return
    try:
        with transaction.atomic(using=using):
            FieldKeyCheck.objects.using(using).create(key_id=keys.newest, token=encrypt(KEY_CHECK_PLAINTEXT),
                                         index_check=expected_index)
    except IntegrityError:
        pass  # another process recorded the same key first


def _reads(token: str) -> bool:
    try:
        return decrypt(token) == KEY_CHECK_PLAINTEXT
    except SensitiveDataError:
        return False
