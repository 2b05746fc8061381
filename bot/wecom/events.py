"""WeCom callbacks, decrypted: which message or event it is, who sent it, and its key for exactly-once.

Layer: WeCom adapter (standard library only). Shapes as documented for a self-built app (接收消息
与事件): text, image (``MediaId``), voice, video, location, link messages carry a ``MsgId``; events
(``template_card_event`` after a button press, ``click`` on the app menu, ``enter_agent``) carry
none, and WeCom's advice is to deduplicate them by ``FromUserName`` + ``CreateTime``. A ``file``
message is not documented for members writing to an app; if one arrives it is taken with the same
fields as an image (``MediaId``, optionally ``FileName``).

WeCom retries an unanswered callback up to three times with the same content, so ``key`` is what
stays the same across retries and differs between two real messages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.wecom.crypto import parse_xml, xml_fields


@dataclass(frozen=True)
class Incoming:
    """One decrypted callback."""

    user: str
    """``FromUserName``: the member's WeCom userid."""
    kind: str
    """text, image, file, press, click, or other."""
    key: str
    """Stable across WeCom's retries of this callback: the ledger's event id."""
    created: int
    text: str = ""
    media_id: str = ""
    file_name: str | None = None
    task_id: str = ""
    """For a press: the card's ``TaskId``; ``text`` holds the button's key (``EventKey``)."""
    response_code: str = ""
    """For a press: the once-only code that updates the pressed card (valid 72 h)."""
    raw_type: str = ""


def parse_callback(plain: str) -> Incoming:
    fields = xml_fields(parse_xml(plain))
    user = fields.get("FromUserName", "").strip()
    msg_type = fields.get("MsgType", "").strip()
    created = int(fields.get("CreateTime", "0").strip() or 0)
    msg_id = fields.get("MsgId", "").strip()
    if msg_type == "event":
        event = fields.get("Event", "").strip()
        event_key = fields.get("EventKey", "")
        task_id = fields.get("TaskId", "").strip()
        key = _short(f"evt:{user}:{created}:{event}:{task_id}:{event_key}")
        if event == "template_card_event":
            return Incoming(
                user,
                "press",
                key,
                created,
                text=event_key,
                task_id=task_id,
                response_code=fields.get("ResponseCode", "").strip(),
                raw_type=event,
            )
        if event == "click":
            return Incoming(user, "click", key, created, text=event_key, raw_type=event)
        return Incoming(user, "other", key, created, raw_type=event)
    key = _short(f"msg:{msg_id}" if msg_id else f"msg:{user}:{created}:{msg_type}")
    if msg_type == "text":
        return Incoming(user, "text", key, created, text=fields.get("Content", ""), raw_type=msg_type)
    if msg_type in ("image", "file"):
        return Incoming(
            user,
            msg_type,
            key,
            created,
            media_id=fields.get("MediaId", "").strip(),
            file_name=(fields.get("FileName") or "").strip() or None,
            raw_type=msg_type,
        )
    return Incoming(user, "other", key, created, raw_type=msg_type)


KEY_LIMIT = 128
"""The ledger's ``event_id`` column; a longer key (a long button key) is replaced by its digest."""


def _short(key: str) -> str:
    if len(key) <= KEY_LIMIT:
        return key
    return key[:4] + hashlib.sha256(key.encode()).hexdigest()
