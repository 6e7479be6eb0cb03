"""Whole-backup encryption (age through pyrage, streamed): refuses any damage, reorder, cut, appended bytes or
a key that does not fit, and names the missing key."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import Any

import pytest

from bangfu.security import backup_crypto
from bangfu.security.backup_crypto import BackupCryptoError, decrypt_stream, encrypt_stream

AGE_CHUNK = 64 * 1024  # age's STREAM chunk of clear text
SEALED_CHUNK = AGE_CHUNK + 16


@pytest.fixture(autouse=True)
def backup_key(monkeypatch: Any) -> Iterator[str]:
    key = backup_crypto.generate_backup_key()
    monkeypatch.setenv("BANGFU_BACKUP_KEY", key)
    backup_crypto.reset_backup_key_cache()
    yield key
    monkeypatch.delenv("BANGFU_BACKUP_KEY")
    backup_crypto.reset_backup_key_cache()


def _seal(data: bytes) -> bytes:
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out)
    return out.getvalue()


def _open(sealed: bytes) -> bytes:
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(sealed), out)
    return out.getvalue()


def _split(sealed: bytes) -> tuple[bytes, list[bytes]]:
    """(everything before the first chunk, the sealed chunks): age's header ends with the `---` MAC line,
    then a 16-byte nonce, then the chunks."""
    mac_line = sealed.index(b"\n---")
    start = sealed.index(b"\n", mac_line + 1) + 1 + 16
    body = sealed[start:]
    return sealed[:start], [body[i:i + SEALED_CHUNK] for i in range(0, len(body), SEALED_CHUNK)]


@pytest.mark.parametrize("size", [0, 1, AGE_CHUNK - 1, AGE_CHUNK, AGE_CHUNK + 1, 3 * AGE_CHUNK + 17])
def test_round_trip_of_any_size(size: int) -> None:
    data = os.urandom(size)
    sealed = _seal(data)
    assert _open(sealed) == data
    if size >= 16:
        assert data[:16] not in sealed


def test_names_and_addresses_are_not_in_the_sealed_file() -> None:
    clear = "张三 广州市天河区五山路 100 号 低保".encode() * 50
    assert "张三".encode() not in _seal(clear)


def test_a_flipped_byte_is_refused() -> None:
    sealed = bytearray(_seal("张三 ".encode() * 40))
    sealed[-10] ^= 1
    with pytest.raises(BackupCryptoError, match="校验失败"):
        _open(bytes(sealed))


def test_a_cut_after_a_whole_chunk_is_refused() -> None:
    head, chunks = _split(_seal(os.urandom(3 * AGE_CHUNK + 5)))
    assert len(chunks) == 4
    with pytest.raises(BackupCryptoError, match="被截断"):
        _open(head + b"".join(chunks[:2]))


def test_reordered_chunks_are_refused() -> None:
    head, chunks = _split(_seal(os.urandom(3 * AGE_CHUNK + 5)))
    with pytest.raises(BackupCryptoError, match="校验失败"):
        _open(head + chunks[1] + chunks[0] + b"".join(chunks[2:]))


def test_bytes_appended_after_the_last_chunk_are_refused() -> None:
    with pytest.raises(BackupCryptoError, match="校验失败"):
        _open(_seal(os.urandom(2 * AGE_CHUNK)) + b"x")


def test_a_key_that_does_not_fit_is_refused_and_named(monkeypatch: Any) -> None:
    sealed = _seal(b"household data")
    kid = backup_crypto.current_backup_key_id()
    monkeypatch.setenv("BANGFU_BACKUP_KEY", backup_crypto.generate_backup_key())
    backup_crypto.reset_backup_key_cache()
    with pytest.raises(BackupCryptoError, match=f"备份密钥 {kid} 未配置（BANGFU_BACKUP_KEY）"):
        _open(sealed)


def test_an_older_key_still_listed_opens_its_backups(monkeypatch: Any, backup_key: str) -> None:
    sealed = _seal(b"household data")
    monkeypatch.setenv("BANGFU_BACKUP_KEY", f"{backup_crypto.generate_backup_key()},{backup_key}")
    backup_crypto.reset_backup_key_cache()
    assert _open(sealed) == b"household data"
    assert _seal(b"x").split(b"\n")[0] != sealed.split(b"\n")[0]  # new backups go to the newest key


def test_a_malformed_key_is_refused_in_chinese(monkeypatch: Any) -> None:
    monkeypatch.setenv("BANGFU_BACKUP_KEY", "not-a-key")
    backup_crypto.reset_backup_key_cache()
    with pytest.raises(BackupCryptoError, match="AGE-SECRET-KEY-1"):
        _seal(b"x")


def test_a_clear_file_is_not_taken_for_a_backup() -> None:
    with pytest.raises(BackupCryptoError, match="不是 Bangfu 加密备份"):
        _open(b"SQLite format 3\x00" + b"\x00" * 100)
