"""Signed checkpoints of the audit chain, kept outside the database (`BANGFU_AUDIT_CHECKPOINTS`, an
append-only file: put it on another disk or host, `chattr +a` it).

A line is JSON: the head's `seq` and MAC, when, the audit key id and an Ed25519 signature over those.
`audit_verify` reads the file: a checkpoint whose event is gone means the tail was cut; one whose MAC
differs means events were rewritten from that row or earlier. A line changed in the file fails its
signature. Lines are appended after the event's transaction commits (never for a rolled-back event):
every `BANGFU_AUDIT_CHECKPOINT_EVERY` events, and on demand (`manage.py audit_checkpoint`).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bangfu.core import auditkeys

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    mac: str
    at: str
    key_id: str


@dataclass
class CheckpointFile:
    valid: list[Checkpoint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def checkpoint_path() -> Path | None:
    value = getattr(settings, "BANGFU_AUDIT_CHECKPOINTS", None)
    return Path(value) if value else None


def _message(seq: int, mac: str, at: str, kid: str) -> bytes:
    return json.dumps([seq, mac, at, kid], separators=(",", ":")).encode("utf-8")


def append_checkpoint(seq: int, mac: str, path: Path | None = None) -> Checkpoint:
    """Append one signed checkpoint line (O_APPEND: one write, never rewriting what is there)."""
    target = path or checkpoint_path()
    if target is None:
        raise RuntimeError("BANGFU_AUDIT_CHECKPOINTS 未设置：没有写检查点的位置。")
    kid = auditkeys.current_audit_key_id()
    at = timezone.now().isoformat()
    line = {"seq": seq, "mac": mac, "at": at, "key_id": kid,
            "sig": auditkeys.sign(kid, _message(seq, mac, at, kid))}
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (json.dumps(line) + "\n").encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return Checkpoint(seq=seq, mac=mac, at=at, key_id=kid)


def _append_or_log(seq: int, mac: str) -> None:
    """After the commit the user's change is saved: a checkpoint that cannot be written (disk, rights) must
    not turn it into an error page. It is logged; `manage.py audit_checkpoint` writes the next one."""
    try:
        append_checkpoint(seq, mac)
    except (OSError, RuntimeError) as error:
        log.error("审计检查点未能写入（第 %s 号事件）：%s", seq, error)


def maybe_checkpoint_after_commit(seq: int, mac: str) -> None:
    """Called by `audit.record` for every event: every N-th one is checkpointed once it is committed."""
    every = int(getattr(settings, "BANGFU_AUDIT_CHECKPOINT_EVERY", 0) or 0)
    if every > 0 and seq % every == 0 and checkpoint_path() is not None:
        transaction.on_commit(lambda: _append_or_log(seq, mac))


def read_checkpoints(path: Path | str) -> CheckpointFile:
    """The checkpoints whose signature holds, and a Chinese line for each one that does not."""
    result = CheckpointFile()
    target = Path(path)
    if not target.exists():
        return result
    with target.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
                mark = Checkpoint(seq=int(data["seq"]), mac=str(data["mac"]), at=str(data["at"]),
                                  key_id=str(data["key_id"]))
                signature = str(data["sig"])
            except (ValueError, KeyError, TypeError):
                result.problems.append(f"检查点文件 {target} 第 {number} 行格式不正确（文件被改动）")
                continue
            verdict = auditkeys.verify_signature(mark.key_id, _message(mark.seq, mark.mac, mark.at, mark.key_id),
                                                 signature)
            if verdict is None:
                result.problems.append(f"检查点文件第 {number} 行的审计密钥 {mark.key_id} 未配置，无法校验")
            elif not verdict:
                result.problems.append(f"检查点文件第 {number} 行签名无效（第 {mark.seq} 号检查点被改动）")
            else:
                result.valid.append(mark)
    return result
