"""WeCom's side of the callback envelope, for the emulator: a second, independent implementation.

The bot uses PyCA ``cryptography`` and its own padding code (``bot.wecom.crypto``); this one uses
pycryptodome's AES and its ``Padding`` helpers, written from WeCom's documented algorithm, not from
the bot's module. Both are checked against WeCom's published sample vector
(``tests/unit/test_wecom_crypto.py``), and every e2e callback is sealed here and opened there (and
every passive reply the other way), so a mistake in either shows up as a failed test.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import struct
from dataclasses import dataclass

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad


def sign(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    parts = [token, timestamp, nonce, encrypt]
    parts.sort()
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Sealed:
    """One signed callback: what goes in the query string and the POST body."""

    msg_signature: str
    timestamp: str
    nonce: str
    encrypt: str

    def body(self, to_user: str, agent_id: str) -> bytes:
        return (
            "<xml>"
            f"<ToUserName><![CDATA[{to_user}]]></ToUserName>"
            f"<AgentID><![CDATA[{agent_id}]]></AgentID>"
            f"<Encrypt><![CDATA[{self.encrypt}]]></Encrypt>"
            "</xml>"
        ).encode()

    def query(self) -> dict[str, str]:
        return {"msg_signature": self.msg_signature, "timestamp": self.timestamp, "nonce": self.nonce}


class WeComSide:
    def __init__(self, token: str, encoding_aes_key: str, corp_id: str) -> None:
        self.token = token
        self.key = base64.b64decode(encoding_aes_key + "=")
        assert len(self.key) == 32
        self.corp_id = corp_id

    def _cipher(self) -> object:
        return AES.new(self.key, AES.MODE_CBC, iv=self.key[:16])

    def encrypt(self, message: str) -> str:
        data = message.encode("utf-8")
        plain = secrets.token_bytes(16) + struct.pack("!I", len(data)) + data + self.corp_id.encode("utf-8")
        return base64.b64encode(self._cipher().encrypt(pad(plain, 32))).decode("ascii")

    def decrypt(self, encrypt: str) -> tuple[str, str]:
        """(message, receive id)."""
        plain = unpad(self._cipher().decrypt(base64.b64decode(encrypt)), 32)
        (length,) = struct.unpack("!I", plain[16:20])
        return plain[20 : 20 + length].decode("utf-8"), plain[20 + length :].decode("utf-8")

    def seal(self, message: str, *, timestamp: int, nonce: str | None = None) -> Sealed:
        encrypt = self.encrypt(message)
        ts = str(timestamp)
        nonce = nonce or str(secrets.randbelow(10**10))
        return Sealed(sign(self.token, ts, nonce, encrypt), ts, nonce, encrypt)
