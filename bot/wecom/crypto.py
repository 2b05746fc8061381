"""WeCom's callback envelope: the signature check and the AES encryption of every callback body.

Layer: WeCom adapter. Imports ``cryptography`` (PyCA) and the standard library only.

WeCom's documented scheme (企业微信 "加解密方案说明", the same for 粤政易 and other private deployments):

- ``msg_signature`` = SHA-1 hex of the *sorted* concatenation of token, timestamp, nonce and the
  encrypted text;
- AES-256-CBC with key = base64-decode(EncodingAESKey + "="), IV = the key's first 16 bytes,
  PKCS#7 padding to a multiple of **32** bytes (not AES's 16: WeCom's own samples pad to 32);
- plaintext = 16 random bytes + 4-byte big-endian length + message + receive id (the CorpID for a
  self-built app), then base64.

Why ``cryptography`` and our own 60 lines rather than wechatpy's ``WeChatCrypto``: wechatpy's last
release is from 2021 and would bring requests, xmltodict, six and python-dateutil for one class; the
AES primitive is what needs a maintained library, and PyCA's is the one every Python TLS stack uses.
The scheme around it is small, is checked against WeCom's own published sample vector in the tests,
and the test emulator implements it independently (on pycryptodome), so each checks the other.

A callback that fails any check raises ``EnvelopeError``; the server answers 403 and changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
from dataclasses import dataclass
from xml.etree import ElementTree

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32
"""WeCom pads to 32-byte blocks (PKCS#7 with block size 32)."""
MAX_ENVELOPE_BYTES = 256 * 1024
"""A callback body is a few hundred bytes (media come by ``media_id``); anything this big is hostile."""


class EnvelopeError(Exception):
    """The callback is not WeCom's: bad signature, undecryptable, or addressed to another receiver."""


@dataclass(frozen=True)
class Envelope:
    """The outer XML of a POST callback: ``<xml><ToUserName/><AgentID/><Encrypt/></xml>``."""

    to_user: str
    agent_id: str
    encrypted: str


def parse_xml(data: bytes | str) -> ElementTree.Element:
    """Parse a small XML document from outside, refusing DTDs (no entity expansion of any kind).

    ElementTree resolves no external entities, and a DOCTYPE is never part of WeCom's bodies, so
    refusing it outright closes the "billion laughs" family without another dependency.
    """
    raw = data.encode() if isinstance(data, str) else data
    if len(raw) > MAX_ENVELOPE_BYTES:
        raise EnvelopeError("body too large")
    if b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        raise EnvelopeError("DTDs are not accepted")
    try:
        return ElementTree.fromstring(raw)
    except ElementTree.ParseError as error:
        raise EnvelopeError(f"not XML: {error}") from error


def xml_fields(root: ElementTree.Element) -> dict[str, str]:
    """The child elements' text by tag (WeCom's bodies are flat, CDATA or plain)."""
    return {child.tag: (child.text or "") for child in root}


def parse_envelope(body: bytes) -> Envelope:
    fields = xml_fields(parse_xml(body))
    encrypted = fields.get("Encrypt", "").strip()
    if not encrypted:
        raise EnvelopeError("no Encrypt element")
    return Envelope(fields.get("ToUserName", ""), fields.get("AgentID", ""), encrypted)


def signature(token: str, timestamp: str, nonce: str, encrypted: str) -> str:
    """WeCom's ``msg_signature``: SHA-1 of the four strings sorted and joined."""
    return hashlib.sha1("".join(sorted((token, timestamp, nonce, encrypted))).encode()).hexdigest()


class WeComCrypto:
    """Verify, decrypt and encrypt for one app (token, EncodingAESKey, receive id = CorpID)."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        if len(encoding_aes_key) != 43:
            raise ValueError("WECOM_ENCODING_AES_KEY must be the 43 characters of WeCom's admin console")
        try:
            key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except binascii.Error as error:
            raise ValueError("WECOM_ENCODING_AES_KEY is not base64") from error
        self._token = token
        self._key = key
        self._receive_id = receive_id

    # ------------------------------------------------------------------ checks
    def check_signature(self, msg_signature: str, timestamp: str, nonce: str, encrypted: str) -> None:
        expected = signature(self._token, timestamp, nonce, encrypted)
        if not hmac.compare_digest(expected, (msg_signature or "").lower()):
            raise EnvelopeError("bad msg_signature")

    def verify_url(self, msg_signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The GET URL check: the decrypted ``echostr`` is what the callback must answer."""
        self.check_signature(msg_signature, timestamp, nonce, echostr)
        return self.decrypt(echostr)

    def decrypt_callback(self, msg_signature: str, timestamp: str, nonce: str, body: bytes) -> str:
        """A POST body → the plain XML of the message or event inside it."""
        envelope = parse_envelope(body)
        self.check_signature(msg_signature, timestamp, nonce, envelope.encrypted)
        return self.decrypt(envelope.encrypted)

    # ------------------------------------------------------------------ AES
    def decrypt(self, encrypted: str) -> str:
        try:
            data = base64.b64decode(encrypted, validate=True)
        except binascii.Error as error:
            raise EnvelopeError("Encrypt is not base64") from error
        if not data or len(data) % 16:
            raise EnvelopeError("ciphertext is not whole AES blocks")
        decryptor = Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16])).decryptor()
        padded = decryptor.update(data) + decryptor.finalize()
        pad = padded[-1]
        if not 1 <= pad <= BLOCK or padded[-pad:] != bytes([pad]) * pad:
            raise EnvelopeError("bad padding")
        plain = padded[:-pad]
        if len(plain) < 20:
            raise EnvelopeError("plaintext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        message, receive_id = plain[20 : 20 + length], plain[20 + length :]
        if len(message) != length:
            raise EnvelopeError("length field beyond the plaintext")
        if not hmac.compare_digest(receive_id, self._receive_id.encode()):
            raise EnvelopeError("addressed to another receiver")
        try:
            return message.decode("utf-8")
        except UnicodeDecodeError as error:
            raise EnvelopeError("message is not UTF-8") from error

    def encrypt(self, message: str, *, random_prefix: bytes | None = None) -> str:
        body = message.encode("utf-8")
        prefix = random_prefix if random_prefix is not None else os.urandom(16)
        plain = prefix + struct.pack(">I", len(body)) + body + self._receive_id.encode()
        pad = BLOCK - len(plain) % BLOCK
        plain += bytes([pad]) * pad
        encryptor = Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16])).encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()
