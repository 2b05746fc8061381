"""A thin async client of WeCom's server API (``/cgi-bin/...``) for one self-built app.

Layer: WeCom adapter. Imports httpx (already here through python-telegram-bot) and the core's
delivery outcomes; knows nothing of replies or members.

Why our own and not wechatpy's ``WeChatClient``: that one is synchronous (requests), last released
in 2021, and would refetch nothing for us that these ~250 lines do not: the few calls the bot needs,
one token shared by every call, and WeCom's errcodes turned into the outcomes the bot acts on
(PITFALLS 17):

- the ``access_token`` is fetched once, cached until shortly before ``expires_in``, shared by
  concurrent calls (one fetch under a lock), and refetched only when WeCom says it is invalid or
  expired (40014, 42001, 41001) — never per send (``gettoken`` itself is rate-limited);
- 45009 (frequency), -1 (system busy), HTTP 5xx and time-outs → ``RetryLater``;
- a user who left the organisation or is outside the app's visible range (81013, 60111, or a
  ``invaliduser`` naming them) → ``Unreachable``;
- anything else → ``WeComApiError`` (a bug or a configuration error, e.g. 60020 untrusted IP).

The access token is in every request URL; nothing here logs a URL, and ``cdo-bot run`` keeps httpx
at WARNING and redacts ``access_token=`` from every log line besides.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from bot.core.notifier import RetryLater, Unreachable
from bot.wecom.send_limits import SendLimits

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://qyapi.weixin.qq.com/cgi-bin"
TOKEN_ERRORS = frozenset({40014, 42001, 41001})
"""Invalid, expired or missing access_token: fetch a new one and try once more."""
BUSY_ERRORS = frozenset({-1, 45009, 45033})
"""System busy, API frequency limit, too many concurrent calls."""
GONE_USER_ERRORS = frozenset({81013, 60111})
"""81013: every recipient invalid or outside the app's visible range; 60111: no such userid."""
TOKEN_MARGIN = 300.0
"""Seconds before ``expires_in`` at which a cached token is refreshed anyway."""
FREQUENCY_BACKOFF = 60.0
"""WeCom gives no retry-after for 45009; its limits are per minute."""


class WeComApiError(Exception):
    """An errcode the bot cannot recover from by waiting: our bug or the app's configuration."""

    def __init__(self, path: str, errcode: int, errmsg: str) -> None:
        super().__init__(f"{path}: errcode {errcode}: {errmsg}")
        self.path = path
        self.errcode = errcode
        self.errmsg = errmsg


@dataclass(frozen=True)
class Sent:
    """What ``message/send`` answered: the message id and, for a button card, its ``response_code``."""

    msgid: str | None
    response_code: str | None = None


@dataclass(frozen=True)
class Media:
    data: bytes
    filename: str | None
    content_type: str | None


class WeComClient:
    def __init__(
        self,
        *,
        corp_id: str,
        secret: str,
        agent_id: int,
        api_base: str = DEFAULT_API_BASE,
        timeout: float = 10.0,
        max_media_bytes: int = 20 * 1024 * 1024,
        monotonic: Callable[[], float] = time.monotonic,
        http: httpx.AsyncClient | None = None,
        limits: SendLimits | None = None,
    ) -> None:
        self.corp_id = corp_id
        self._secret = secret
        self.agent_id = agent_id
        self._base = api_base.rstrip("/")
        self._http = http or httpx.AsyncClient(
            timeout=timeout,
            trust_env=False,
            # Small JSON bodies: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms to each call.
            transport=httpx.AsyncHTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]),
        )
        self._max_media = max_media_bytes
        self.limits = limits or SendLimits()
        """WeCom drops (without an error) a member's messages beyond 30 a minute: they wait here instead."""
        self._monotonic = monotonic
        self._token: str | None = None
        self._token_until = 0.0
        self._token_lock = asyncio.Lock()
        self.token_fetches = 0
        """How many times ``gettoken`` was called (tests and the log check it stays small)."""

    def __repr__(self) -> str:  # never the secret, never the token
        return f"WeComClient(corp_id={self.corp_id!r}, agent_id={self.agent_id})"

    async def aclose(self) -> None:
        await self._http.aclose()

    # ------------------------------------------------------------------ token
    async def access_token(self, *, stale: str | None = None) -> str:
        """The cached token; ``stale`` is one WeCom just refused (refetch unless another call already did)."""
        async with self._token_lock:
            fresh = self._token is not None and self._monotonic() < self._token_until
            if fresh and self._token != stale:
                return self._token  # type: ignore[return-value]
            payload = await self._request(
                "GET", "/gettoken", params={"corpid": self.corp_id, "corpsecret": self._secret}
            )
            errcode = int(payload.get("errcode") or 0)
            if errcode:
                self._raise_for(errcode, "/gettoken", payload)
            self.token_fetches += 1
            self._token = str(payload["access_token"])
            lifetime = float(payload.get("expires_in") or 7200)
            self._token_until = self._monotonic() + max(lifetime - TOKEN_MARGIN, lifetime / 2)
            log.info("wecom access token fetched (valid %ss)", int(lifetime))
            return self._token

    # ------------------------------------------------------------------ transport
    async def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self._http.request(method, self._base + path, **kwargs)
        except httpx.TimeoutException as error:
            raise RetryLater(f"wecom {path}: timed out ({type(error).__name__})") from None
        except httpx.TransportError as error:
            raise RetryLater(f"wecom {path}: {type(error).__name__}") from None
        if response.status_code >= 500:
            raise RetryLater(f"wecom {path}: HTTP {response.status_code}")
        if response.status_code != 200:
            raise WeComApiError(path, response.status_code, f"HTTP {response.status_code}")
        try:
            payload = response.json()
        except ValueError:
            raise RetryLater(f"wecom {path}: a body that is not JSON") from None
        return payload if isinstance(payload, dict) else {}

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Any = None,
        raw: bool = False,
    ) -> Any:
        """One API call with the token; on a token error, one retry with a fresh token."""
        token = await self.access_token()
        for attempt in (1, 2):
            query = {**(params or {}), "access_token": token}
            if raw:
                result = await self._media_request(path, query)
                if isinstance(result, Media):
                    return result
                payload = result
            else:
                payload = await self._request(method, path, params=query, json=json, files=files)
            errcode = int(payload.get("errcode") or 0)
            if errcode in TOKEN_ERRORS and attempt == 1:
                log.info("wecom %s: token refused (errcode %s), fetching a new one", path, errcode)
                token = await self.access_token(stale=token)
                continue
            if errcode:
                self._raise_for(errcode, path, payload)
            return payload
        raise AssertionError("unreachable")

    def _raise_for(self, errcode: int, path: str, payload: Mapping[str, Any]) -> None:
        errmsg = str(payload.get("errmsg") or "")
        if errcode in BUSY_ERRORS:
            backoff = FREQUENCY_BACKOFF if errcode == 45009 else None
            raise RetryLater(f"wecom {path}: errcode {errcode}", retry_after=backoff)
        if errcode in GONE_USER_ERRORS:
            raise Unreachable(f"wecom {path}: errcode {errcode} ({errmsg})")
        raise WeComApiError(path, errcode, errmsg)

    async def _media_request(self, path: str, query: Mapping[str, Any]) -> Media | dict[str, Any]:
        """``media/get`` answers the file's bytes, or a JSON error with HTTP 200."""
        try:
            async with self._http.stream("GET", self._base + path, params=query) as response:
                if response.status_code >= 500:
                    raise RetryLater(f"wecom {path}: HTTP {response.status_code}")
                kind = response.headers.get("content-type", "")
                disposition = response.headers.get("content-disposition")
                if response.status_code != 200:
                    raise WeComApiError(path, response.status_code, f"HTTP {response.status_code}")
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self._max_media + 4096:
                        raise WeComApiError(path, 0, "media larger than the evidence limit")
                    chunks.append(chunk)
        except httpx.TimeoutException as error:
            raise RetryLater(f"wecom {path}: timed out ({type(error).__name__})") from None
        except httpx.TransportError as error:
            raise RetryLater(f"wecom {path}: {type(error).__name__}") from None
        body = b"".join(chunks)
        if disposition is None and (kind.startswith(("application/json", "text/plain")) or not kind):
            try:
                import json

                payload = json.loads(body)
            except ValueError:
                raise RetryLater(f"wecom {path}: neither a file nor JSON") from None
            return payload if isinstance(payload, dict) else {}
        return Media(body, _filename(disposition), kind.split(";")[0].strip() or None)

    # ------------------------------------------------------------------ messages
    async def _send(self, touser: str, msgtype: str, content: Mapping[str, Any]) -> Sent:
        for user in touser.split("|"):
            await self.limits.acquire(user)
        body = {"touser": touser, "msgtype": msgtype, "agentid": self.agent_id, msgtype: content}
        payload = await self._call("POST", "/message/send", json=body)
        invalid = str(payload.get("invaliduser") or "")
        if touser in invalid.split("|"):
            raise Unreachable(f"wecom /message/send: {msgtype} not delivered (invaliduser)")
        return Sent(payload.get("msgid"), payload.get("response_code"))

    async def send_text(self, touser: str, content: str) -> Sent:
        return await self._send(touser, "text", {"content": content})

    async def send_markdown(self, touser: str, content: str) -> Sent:
        return await self._send(touser, "markdown", {"content": content})

    async def send_template_card(self, touser: str, card: Mapping[str, Any]) -> Sent:
        return await self._send(touser, "template_card", card)

    async def send_file(self, touser: str, media_id: str) -> Sent:
        return await self._send(touser, "file", {"media_id": media_id})

    async def send_image(self, touser: str, media_id: str) -> Sent:
        return await self._send(touser, "image", {"media_id": media_id})

    async def update_template_card(
        self,
        userids: Sequence[str],
        response_code: str,
        *,
        replace_name: str | None = None,
        card: Mapping[str, Any] | None = None,
    ) -> None:
        """After a press: grey the buttons out with ``replace_name``, or replace the whole card."""
        body: dict[str, Any] = {
            "userids": list(userids),
            "agentid": self.agent_id,
            "response_code": response_code,
        }
        if card is not None:
            body["template_card"] = card
        else:
            body["button"] = {"replace_name": replace_name or ""}
        await self._call("POST", "/message/update_template_card", json=body)

    # ------------------------------------------------------------------ media and menu
    async def upload_media(self, kind: str, filename: str, data: bytes, content_type: str) -> str:
        """``media/upload`` (kind: image, voice, video, file) → a ``media_id`` valid for three days."""
        files = {"media": (filename, data, content_type)}
        payload = await self._call("POST", "/media/upload", params={"type": kind}, files=files)
        return str(payload["media_id"])

    async def get_media(self, media_id: str) -> Media:
        """``media/get``: the bytes of what a user sent (its ``media_id`` expires after three days)."""
        result = await self._call("GET", "/media/get", params={"media_id": media_id}, raw=True)
        assert isinstance(result, Media)
        return result

    async def create_menu(self, buttons: Sequence[Mapping[str, Any]]) -> None:
        await self._call(
            "POST", "/menu/create", params={"agentid": self.agent_id}, json={"button": list(buttons)}
        )


def _filename(disposition: str | None) -> str | None:
    """``attachment; filename="%E7%AD%BE.pdf"; filename*=UTF-8''%E7%AD%BE.pdf`` → ``签.pdf``.

    RFC 6266's ``filename*`` wins; a plain ``filename`` is percent-decoded too, since WeCom sends
    non-ASCII names percent-encoded there.
    """
    if not disposition:
        return None
    params: dict[str, str] = {}
    for part in disposition.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        params[name.strip().lower()] = value.strip().strip('"')
    if "filename*" in params:
        _charset, _, encoded = params["filename*"].partition("''")
        name = urllib.parse.unquote(encoded or params["filename*"], errors="replace")
    else:
        name = urllib.parse.unquote(params.get("filename", ""), errors="replace")
    name = name.replace("/", "_").replace("\\", "_").strip()
    return name or None
