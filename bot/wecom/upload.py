"""One-time upload links: how a PDF or a spreadsheet becomes evidence on WeCom.

Layer: WeCom adapter (standard library only). WeCom documents no file messages from a member to a
self-built app (text, image, voice, video, location, link only), so for office files the bot sends
a link to a page of its own callback server. The link's token is

    base64url(JSON {u: userid, c: the saved record's card, e: expiry, n: nonce}) "." base64url(HMAC-SHA256)

signed with a key derived from the app's secret and EncodingAESKey (so every WeCom process of the
app can check it, and nobody without them can mint one), bound to the member and the record,
valid ``LIFETIME``, and used once: the nonce goes into the processed-events ledger when a file is
accepted (``bot.wecom.transport``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.wecom.server import UPLOAD_PATH

LIFETIME = 24 * 3600
"""A day: long enough to fetch the file from an office PC, short enough that a forwarded link dies."""


class InvalidLink(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        """``expired`` or ``invalid``."""


@dataclass(frozen=True)
class Ticket:
    user: str
    card: str
    """The ``task_id`` of the saved record's card: the file is evidence of that record."""
    expires: int
    nonce: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def derive_key(*parts: str) -> bytes:
    return hashlib.sha256(("cdo-bot wecom upload link\0" + "\0".join(parts)).encode()).digest()


class UploadLinks:
    def __init__(
        self, key: bytes, base_url: str, *, lifetime: int = LIFETIME, now: Callable[[], float] = time.time
    ) -> None:
        self._key = key
        self._base = base_url.rstrip("/")
        self._lifetime = lifetime
        self._now = now

    def token(self, user: str, card: str) -> str:
        payload = {
            "u": user,
            "c": card,
            "e": int(self._now()) + self._lifetime,
            "n": secrets.token_hex(8),
        }
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body}.{_b64(self._sign(body))}"

    def url(self, user: str, card: str) -> str:
        return f"{self._base}{UPLOAD_PATH}{self.token(user, card)}"

    def open(self, token: str) -> Ticket:
        body, _, sig = token.partition(".")
        try:
            valid = hmac.compare_digest(_unb64(sig), self._sign(body))
            payload = json.loads(_unb64(body)) if valid else None
        except (ValueError, TypeError):
            payload = None
        if not isinstance(payload, dict):
            raise InvalidLink("invalid")
        try:
            ticket = Ticket(str(payload["u"]), str(payload["c"]), int(payload["e"]), str(payload["n"]))
        except (KeyError, TypeError, ValueError):
            raise InvalidLink("invalid") from None
        if self._now() > ticket.expires:
            raise InvalidLink("expired")
        return ticket

    def _sign(self, body: str) -> bytes:
        return hmac.new(self._key, body.encode(), hashlib.sha256).digest()
