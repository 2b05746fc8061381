"""Evidence from a local file (the terminal chat's ``/attach PATH``), so 佐证材料 can be tried without Telegram.

Layer: services. The file is read once: its bytes are kept with the record (as for WeCom, whose media
expire), its SHA-256 stands in for Telegram's ``file_unique_id`` (attaching the same file twice is
recognised), and the usual checks of ``activity.attach_evidence`` (size, type) apply.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from bot.services.activity import EVIDENCE_MAX_BYTES, EvidenceFile
from bot.services.errors import ValidationFailed


def evidence_from_path(text: str) -> EvidenceFile:
    """``~/签到表.pdf`` → an ``EvidenceFile`` with its bytes; a missing or unreadable path is refused."""
    raw = text.strip().strip("\"'")
    if not raw:
        raise ValidationFailed("activity.evidence.need_path")
    path = Path(raw).expanduser()
    if not path.is_file():
        raise ValidationFailed("activity.evidence.no_file", path=raw)
    size = path.stat().st_size
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationFailed("activity.evidence.too_large", limit_mb=EVIDENCE_MAX_BYTES // (1024 * 1024))
    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    mime, _ = mimetypes.guess_type(path.name)
    return EvidenceFile(
        telegram_file_id=f"local:{digest}",
        file_unique_id=f"sha256:{digest}",
        file_name=path.name,
        mime_type=mime,
        file_size=size,
        content=content,
    )
