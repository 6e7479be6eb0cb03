"""Whole-backup encryption: a streamed, chunked AES-256-GCM that refuses any damage, reorder, cut or key."""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterator
from typing import Any

import pytest

from bangfu.security import backup_crypto
from bangfu.security.backup_crypto import BackupCryptoError, decrypt_stream, encrypt_stream

CHUNK = 64  # small chunks so that a few hundred bytes make several


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
    encrypt_stream(io.BytesIO(data), out, chunk=CHUNK)
    return out.getvalue()


def _open(sealed: bytes) -> bytes:
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(sealed), out)
    return out.getvalue()


def _chunks(sealed: bytes) -> tuple[bytes, list[bytes]]:
    header, rest, chunks = sealed[:24], sealed[24:], []
    while rest:
        (length,) = struct.unpack(">I", rest[:4])
        chunks.append(rest[: 4 + length])
        rest = rest[4 + length:]
    return header, chunks


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 17])
def test_round_trip_of_any_size(size: int) -> None:
    data = os.urandom(size)
    sealed = _seal(data)
    assert _open(sealed) == data
    if size >= 16:
        assert data not in sealed


def test_a_flipped_byte_is_refused() -> None:
    sealed = bytearray(_seal(b"\xe5\xbc\xa0\xe4\xb8\x89 " * 40))
    sealed[24 + 4 + 10] ^= 1
    with pytest.raises(BackupCryptoError, match="第 1 个分块校验失败"):
        _open(bytes(sealed))


def test_a_cut_after_a_whole_chunk_is_refused() -> None:
    header, chunks = _chunks(_seal(os.urandom(4 * CHUNK)))
    with pytest.raises(BackupCryptoError, match="被截断"):
        _open(header + b"".join(chunks[:2]))


def test_reordered_chunks_are_refused() -> None:
    header, chunks = _chunks(_seal(os.urandom(4 * CHUNK)))
    with pytest.raises(BackupCryptoError, match="第 1 个分块校验失败"):
        _open(header + chunks[1] + chunks[0] + b"".join(chunks[2:]))


def test_bytes_appended_after_the_last_chunk_are_refused() -> None:
    with pytest.raises(BackupCryptoError, match="最后一个分块之后"):
        _open(_seal(os.urandom(3 * CHUNK)) + b"x")


def test_a_key_that_does_not_fit_is_refused(monkeypatch: Any) -> None:
    sealed = _seal(b"household data")
    monkeypatch.setenv("BANGFU_BACKUP_KEY", backup_crypto.generate_backup_key())
    backup_crypto.reset_backup_key_cache()
    with pytest.raises(BackupCryptoError, match="未配置（BANGFU_BACKUP_KEY）"):
        _open(sealed)


def test_an_older_key_still_listed_opens_its_backups(monkeypatch: Any, backup_key: str) -> None:
    sealed = _seal(b"household data")
    monkeypatch.setenv("BANGFU_BACKUP_KEY", f"{backup_crypto.generate_backup_key()},{backup_key}")
    backup_crypto.reset_backup_key_cache()
    assert _open(sealed) == b"household data"


def test_a_clear_file_is_not_taken_for_a_backup() -> None:
    with pytest.raises(BackupCryptoError, match="不是 Bangfu 加密备份"):
        _open(b"SQLite format 3\x00" + b"\x00" * 100)
